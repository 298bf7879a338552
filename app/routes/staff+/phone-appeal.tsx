import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import leafletCss from "leaflet/dist/leaflet.css?url";
import { PhoneAddressField, type PhoneAddressValues } from "#app/components/console/phone-address-field.tsx";
import { CategorySelect, withParentCodes } from "#app/components/console/category-select.tsx";
import { kyivTime } from "#app/components/console/format.ts";
import { CheckboxField, SelectField, TextField } from "#app/components/console/labelled-field.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { getPhoneAppealForm } from "#app/domain/calls/get-phone-appeal-form.server.ts";
import { registerPhoneAppeal } from "#app/domain/calls/register-phone-appeal.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { readForm, readSearchParams } from "#app/utils/request-input.server.ts";
import { throwAsResponse, toUserError } from "#app/utils/user-error.server.ts";

const ROLES = ["OPERATOR", "SUPERVISOR", "ADMIN"] as const;

export const handle: PageHandle = { i18n: ["console", "staff"] };
export const clientLoader = loadPageTexts(handle);
export const links = () => [{ rel: "stylesheet", href: leafletCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "console:phone.title") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, { roles: [...ROLES] });
  const lang = getRequestLang(request);
  const phone = readSearchParams(request).get("phone");
  const env = getEnv();
  const map = { tileUrl: env.MAP_TILE_URL, attribution: env.MAP_ATTRIBUTION };
  try {
    const form = await getPhoneAppealForm({ actor: user, phone, ip: getClientAddress(request, context) });
    return { lang, phone: phone ?? "", lookupError: null as string | null, map, ...form };
  } catch (e) {
    const { status, message } = toUserError(e, lang);
    if (status !== 400) throwAsResponse(e, lang);
    const form = await getPhoneAppealForm({ actor: user }).catch((err) => throwAsResponse(err, lang));
    return { lang, phone: phone ?? "", lookupError: message, map, ...form };
  }
}

const FormSchema = z.object({
  phone: z.string().trim().max(40).default(""),
  categoryCode: z.string().trim().max(100).optional(),
  description: z.string().trim().max(5000).default(""),
  address: z.string().trim().max(500).optional(),
  street: z.string().trim().max(200).optional(),
  house: z.string().trim().max(20).optional(),
  flat: z.string().trim().max(10).optional(),
  entrance: z.string().trim().max(10).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
  fullName: z.string().trim().max(200).optional(),
  residence: z.string().trim().max(500).optional(),
  isBeneficiary: z.boolean().default(false),
  beneficiaryCategory: z.string().trim().max(200).optional(),
  official: z.boolean().default(false),
  kind: z.enum(["APPLICATION", "PROPOSAL", "COMPLAINT"]).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, { roles: [...ROLES] });
  const lang = getRequestLang(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  try {
    const f = parseForm(form, FormSchema);
    const created = await registerPhoneAppeal({
      actor: user,
      input: {
        phone: f.phone,
        categoryCode: f.categoryCode,
        description: f.description,
        address: f.address,
        place: { street: f.street, house: f.house, flat: f.flat, entrance: f.entrance },
        pin: f.lat !== undefined && f.lon !== undefined ? { lat: f.lat, lon: f.lon } : null,
        fullName: f.fullName,
        residence: f.residence,
        isBeneficiary: f.isBeneficiary,
        beneficiaryCategory: f.beneficiaryCategory,
        official: f.official ? { kind: f.kind ?? "APPLICATION" } : null,
      },
    });
    return redirect(`/staff/requests/${created.id}?lang=${lang}&done=registered`);
  } catch (e) {
    const { status, message, field, fieldErrors } = toUserError(e, lang);
    // What the operator typed comes back, so a mistyped number costs one correction, not the whole call.
    const values: Record<string, string> = {};
    for (const [name, value] of form) if (typeof value === "string" && name !== "csrf") values[name] = value.slice(0, 5000);
    return data({ error: message, field, fieldErrors, values }, { status });
  }
}

export default function PhoneAppeal() {
  const { lang, phone, history, categories, lookupError, map } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values: Record<string, string | undefined> = actionData?.values ?? {};
  const fieldErrors: Record<string, string> = actionData?.fieldErrors ?? {};
  const L = (key: string) => t(lang, `console:phone.${key}`);
  return (
    <section className="phone-appeal">
      <h1>{L("title")}</h1>
      <Form method="get" aria-label={L("lookup")}>
        <input type="hidden" name="lang" value={lang} />
        <TextField label={L("callerPhone")} type="tel" name="phone" defaultValue={phone} required />
        <button type="submit">{L("lookup")}</button>
      </Form>
      {lookupError ? (
        <p role="alert" className="error">
          {lookupError}
        </p>
      ) : null}
      {history ? (
        <section aria-labelledby="history">
          <h2 id="history">{L("history")}</h2>
          {history.requests.length === 0 ? (
            <p>{L("noHistory")}</p>
          ) : (
            <ul data-testid="caller-history">
              {history.requests.map((r) => (
                <li key={r.id}>
                  <a href={`/staff/requests/${r.id}?lang=${lang}`}>{r.number}</a> · {kyivTime(r.receivedAt)} · {t(lang, `console:channel.${r.channel}`)} ·{" "}
                  {t(lang, `console:status.${r.status}`)} · {r.description}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {actionData?.error ? (
        <p role="alert" className="error">
          {actionData.error}
        </p>
      ) : null}
      <PostForm aria-label={L("title")}>
        <TextField
          label={L("callerPhone")}
          type="tel"
          name="phone"
          defaultValue={values.phone ?? history?.phone ?? phone}
          required
          aria-invalid={fieldErrors.phone ? true : undefined}
          aria-describedby={fieldErrors.phone ? "phone-error" : undefined}
        />
        {fieldErrors.phone ? (
          <p className="error" id="phone-error" data-testid="phone-error">
            {fieldErrors.phone}
          </p>
        ) : null}
        <CategorySelect
          lang={lang}
          label={L("category")}
          name="categoryCode"
          none={L("noCategory")}
          categories={withParentCodes(categories)}
          defaultValue={values.categoryCode}
        />
        <TextField label={L("description")} multiline name="description" required minLength={3} rows={4} defaultValue={values.description} />
        <PhoneAddressField lang={lang} tileUrl={map.tileUrl} attribution={map.attribution} values={values as PhoneAddressValues} fieldErrors={fieldErrors} />
        <TextField label={L("fullName")} name="fullName" autoComplete="off" defaultValue={values.fullName} />
        <TextField label={L("residence")} name="residence" autoComplete="off" defaultValue={values.residence} />
        <CheckboxField name="isBeneficiary" label={L("beneficiary")} defaultChecked={values.isBeneficiary === "on"} />
        <TextField label={L("beneficiaryCategory")} name="beneficiaryCategory" defaultValue={values.beneficiaryCategory} />
        <fieldset>
          <legend>{L("official")}</legend>
          <CheckboxField name="official" label={L("official")} defaultChecked={values.official === "on"} />
          <p className="muted">{L("officialHint")}</p>
          <SelectField
            label={L("kind")}
            name="kind"
            defaultValue={values.kind ?? "APPLICATION"}
            choices={(["APPLICATION", "PROPOSAL", "COMPLAINT"] as const).map((k) => ({ value: k, label: L(`kinds.${k}`) }))}
          />
        </fieldset>
        <button type="submit">{L("submit")}</button>
      </PostForm>
    </section>
  );
}
