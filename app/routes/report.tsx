// /report — the citizen's report form. Step 1 picks a category (GET ?q= / ?category=),
// step 2 is one multipart POST that redirects to the private tracking page. Everything
// works without JavaScript; the map, "use my location", street suggestions, photo
// location and the nearby check are enhancements.
import { randomUUID } from "node:crypto";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState, useSyncExternalStore } from "react";
import { z } from "zod";
import leafletCss from "leaflet/dist/leaflet.css?url";
import { CategoryPicker } from "#app/components/citizen/category-picker.tsx";
import { OutageNotice } from "#app/components/citizen/outage-notice.tsx";
import { ErrorSummary } from "#app/components/citizen/error-summary.tsx";
import { describedBy, FieldError, FieldHint, TextField } from "#app/components/citizen/field.tsx";
import { LocationField, type Pin } from "#app/components/citizen/location-field.tsx";
import { NearbyList } from "#app/components/citizen/nearby-list.tsx";
import { PhotoField } from "#app/components/citizen/photo-field.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { MAX_PHOTOS } from "#app/domain/attachments/prepare-photos.server.ts";
import type { NearbyRequest } from "#app/domain/requests/find-nearby-requests.server.ts";
import { startFollowRequest } from "#app/domain/tracking/follow-request.server.ts";
import { listReportOutages, type ReportOutage } from "#app/domain/tracking/report-outages.server.ts";
import { maskAddress } from "#app/domain/notifications/list-sandbox-messages.server.ts";
import { getReportCategory, type ReportCategory } from "#app/domain/categories/get-report-category.server.ts";
import { listReportCategories } from "#app/domain/categories/list-report-categories.server.ts";
import { reportProblem } from "#app/domain/intake/report-problem.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { t, type Lang } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { readForm, readSearchParams } from "#app/utils/request-input.server.ts";
import { formErrorsOf, toUserError, type FieldErrors } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["citizen"] };
export const clientLoader = loadPageTexts(handle);

export const links = () => [{ rel: "stylesheet", href: leafletCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "citizen:report.title") }];

const CATEGORY_CODE = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const url = new URL(request.url);
  const search = readSearchParams(url);
  const q = (search.get("q") ?? "").trim().slice(0, 100);
  const code = (search.get("category") ?? "").trim();
  const category = code && CATEGORY_CODE.test(code) ? await getReportCategory({ code, lang }) : null;
  // A place, when the page is opened with one (a link from the map or a repeated visit), narrows the outages to its district.
  const lat = num(search.get("lat") ?? undefined);
  const lon = num(search.get("lon") ?? undefined);
  const point = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
  const env = getEnv();
  return {
    lang,
    q,
    category,
    categoryError: code && !category ? t(lang, "errors:category.unknown") : null,
    groups: category ? [] : await listReportCategories({ lang, q }),
    outages: category ? await listReportOutages({ categoryCode: category.code, point, lang }) : [],
    idempotencyKey: randomUUID(),
    followed: search.get("followed")?.slice(0, 40) ?? null,
    alreadyFollowed: search.get("already") === "1",
    map: { tileUrl: env.MAP_TILE_URL, attribution: env.MAP_ATTRIBUTION },
    limits: { maxPhotos: MAX_PHOTOS, maxMb: env.MAX_UPLOAD_MB },
  };
}

const text = (max: number) => z.string().max(max).optional().default("");
const ReportFormSchema = z.object({
  // "submit", or "follow:<number>" from a nearby request's button.
  intent: z.string().max(100).default("submit"),
  idempotencyKey: z.string().trim().min(8).max(100),
  categoryCode: z.string().trim().max(100).default(""),
  description: text(20_000),
  lat: z.string().optional(),
  lon: z.string().optional(),
  address: text(2000),
  fullName: text(400),
  phone: text(100),
  email: text(400),
  isAppeal: z.string().optional(),
  appealKind: z.enum(["PROPOSAL", "APPLICATION", "COMPLAINT"]).catch("APPLICATION"),
  residence: text(2000),
  nearbyChecked: z.string().optional(),
  publishConsent: z.string().optional(),
  isPrivate: z.string().optional(),
});

type FormValues = Record<string, string | string[]>;

function valuesOf(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const [key, value] of formData) {
    if (typeof value !== "string" || key === "csrf" || key === "intent") continue;
    const prev = values[key];
    values[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return values;
}

const num = (v: string | undefined) => (v && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null);

type ReportReply = { values: FormValues; errors: FieldErrors; nearby: NearbyRequest[]; outages?: ReportOutage[] };

function reply(status: number, body: ReportReply) {
  return data(body, { status });
}

/** Once the form knows the place, the outages announced are that district's only. */
async function outagesAt(values: FormValues, lang: Lang): Promise<ReportOutage[] | undefined> {
  const code = typeof values.categoryCode === "string" ? values.categoryCode : "";
  const lat = num(typeof values.lat === "string" ? values.lat : undefined);
  const lon = num(typeof values.lon === "string" ? values.lon : undefined);
  if (!code || !CATEGORY_CODE.test(code) || lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return listReportOutages({ categoryCode: code, point: { lat, lon }, lang }).catch(() => undefined);
}

// The core's names for what this form calls otherwise, and the inputs it shows errors next to;
// a problem with anything else (a hidden field) is shown for the whole form.
const RENAMED: Record<string, string> = {
  "citizen.phone": "phone",
  "citizen.email": "email",
  "citizen.fullName": "fullName",
  "citizen.residence": "residence",
  "citizen.contact": "contact",
  location: "address",
};
const INPUTS = new Set(["categoryCode", "description", "address", "photos", "contact", "fullName", "phone", "email", "residence", "followNumber"]);
const reportInput = (field: string) => {
  const name = RENAMED[field] ?? field;
  return INPUTS.has(name) || name.startsWith("answer_") ? name : null;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const lang = getRequestLang(request);
  const maxBytes = (getEnv().MAX_UPLOAD_MB * MAX_PHOTOS + 1) * 1024 * 1024;
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes)
    return reply(413, { values: {}, errors: { photos: t(lang, "errors:photo.totalTooLarge") }, nearby: [] });
  const formData = await readForm(request);
  requireCsrf(request, formData);
  const values = valuesOf(formData);
  const photos = formData.getAll("photos").filter((f): f is File => typeof f !== "string" && (f.size > 0 || f.name !== ""));
  try {
    const f = parseForm(formData, ReportFormSchema);
    const intent = f.intent;
    const contact = { fullName: f.fullName, phone: f.phone, email: f.email };
    if (intent.startsWith("follow:")) {
      // Following waits for the code sent to the contact (it must be the follower's own).
      const r = await startFollowRequest({
        requestNumber: intent.slice("follow:".length),
        contact,
        language: lang,
        clientAddress: getClientAddress(request, context),
      });
      const q = new URLSearchParams({ lang, number: r.number, to: maskAddress(r.channel, r.address) ?? "" });
      return redirect(`/follow/${r.verificationId}?${q}`);
    }
    const answers: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(values)) if (key.startsWith("answer_")) answers[key.slice("answer_".length)] = value;
    const result = await reportProblem({
      idempotencyKey: f.idempotencyKey,
      categoryCode: f.categoryCode,
      answers,
      description: f.description,
      lat: num(f.lat),
      lon: num(f.lon),
      address: f.address,
      contact,
      appeal: f.isAppeal ? { kind: f.appealKind, residence: f.residence } : null,
      photos,
      language: lang,
      checkNearby: f.nearbyChecked !== "1",
      publishConsent: f.publishConsent === "1",
      isPrivate: f.isPrivate === "1",
    });
    if (result.kind === "nearby")
      return reply(200, { values: { ...values, nearbyChecked: "1" }, errors: {}, nearby: result.nearby, outages: await outagesAt(values, lang) });
    return redirect(`/track/${result.accessToken}?${new URLSearchParams({ new: "1", lang })}`);
  } catch (e) {
    const error = toUserError(e, lang, { fieldName: reportInput });
    return reply(error.status, { values, errors: formErrorsOf(error), nearby: [], outages: await outagesAt(values, lang) });
  }
}

const noSubscription = () => () => {};
/** False in the server's HTML and during hydration, true once React runs in the browser. */
function useHydrated() {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

export default function ReportPage() {
  const loaderData = useLoaderData<typeof loader>();
  const { lang, category } = loaderData;
  const hydrated = useHydrated();
  return (
    <div className="citizen">
      <h1>{t(lang, "citizen:report.title")}</h1>
      {loaderData.followed ? (
        <p className="success" role="status">
          {t(lang, loaderData.alreadyFollowed ? "citizen:report.alreadyFollowed" : "citizen:report.followed", { number: loaderData.followed })}
        </p>
      ) : null}
      <p>{t(lang, "citizen:report.lead")}</p>
      {category ? (
        <ReportForm key={category.code} category={category} hydrated={hydrated} />
      ) : (
        <>
          <h2>{t(lang, "citizen:report.stepCategory")}</h2>
          <CategoryPicker lang={lang} groups={loaderData.groups} q={loaderData.q} error={loaderData.categoryError ?? undefined} hydrated={hydrated} />
        </>
      )}
    </div>
  );
}

function str(v: string | string[] | undefined) {
  return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
}

function ReportForm({ category, hydrated }: { category: ReportCategory; hydrated: boolean }) {
  const { lang, idempotencyKey, map, limits, outages: outagesInCity } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const values: FormValues = actionData?.values ?? {};
  // The loader's outages are the whole city's for this category; an answer that knows the pin narrows them.
  const outages = (actionData as ReportReply | undefined)?.outages ?? outagesInCity;
  const errors: FieldErrors = actionData?.errors ?? {};
  // A field named as its input, showing what was sent and what to fix in it.
  const sent = (name: string) => ({ id: name, name, defaultValue: str(values[name]), error: errors[name] });
  const initialPin = (): Pin => {
    const lat = Number(str(values.lat));
    const lon = Number(str(values.lon));
    return str(values.lat) && str(values.lon) && Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
  };
  const [pin, setPin] = useState<Pin>(initialPin);
  const [nearby, setNearby] = useState<NearbyRequest[]>(actionData?.nearby ?? []);
  const [nearbyChecked, setNearbyChecked] = useState(str(values.nearbyChecked) === "1");
  // A new answer from the server brings its nearby list (adjusting state while rendering,
  // not in an effect, so the list never shows a stale frame).
  const [answered, setAnswered] = useState(actionData);
  if (actionData !== answered) {
    setAnswered(actionData);
    if (actionData?.nearby?.length) setNearby(actionData.nearby);
  }
  useEffect(() => {
    if (!hydrated || !pin) return;
    const controller = new AbortController();
    const q = new URLSearchParams({ category: category.code, lat: String(pin.lat), lon: String(pin.lon), lang });
    fetch(`/api/nearby?${q}`, { signal: controller.signal })
      .then((r) => (r.ok ? (r.json() as Promise<{ nearby: NearbyRequest[] }>) : null))
      .then((body) => {
        if (!body) return;
        setNearby(body.nearby);
        setNearbyChecked(true);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [hydrated, pin, category.code, lang]);

  const errorList = Object.entries(errors);
  const submitting = navigation.state === "submitting";
  const anchor = (field: string) =>
    field === "contact"
      ? "phone"
      : field === "categoryCode"
        ? "change-category"
        : field === "form"
          ? "form-error"
          : field === "followNumber"
            ? "nearby"
            : field;
  const emergencyNotices = category.isEmergency ? category.notices : [];
  const otherNotices = category.isEmergency ? [] : category.notices;

  return (
    <>
      {category.isEmergency ? (
        <section className="emergency" role="alert" aria-labelledby="emergency-title">
          <h2 id="emergency-title">{t(lang, "citizen:report.emergencyTitle")}</h2>
          <p className="emergency-numbers">{t(lang, "citizen:report.emergencyNumbers")}</p>
          {emergencyNotices.map((n) => (
            <p key={n.code}>{n.text}</p>
          ))}
          <p>{t(lang, "citizen:report.emergencyAfter")}</p>
        </section>
      ) : null}
      <OutageNotice lang={lang} outages={outages} />
      <h2>{t(lang, "citizen:report.stepDetails")}</h2>
      {/* Focused and scrolled to when a submit comes back refused (JavaScript on); a plain list otherwise. */}
      <ErrorSummary lang={lang} errors={errors} anchor={anchor} headingLevel={3} answer={actionData} />
      {nearby.length && !errorList.length ? (
        <p className="notice" role="status">
          <a href="#nearby">{t(lang, "citizen:report.nearbyAlert", { count: nearby.length })}</a>
        </p>
      ) : null}
      <p className="chosen-category">
        {t(lang, "citizen:report.categoryChosen")}:{" "}
        <strong>
          {category.groupName ? `${category.groupName} → ` : ""}
          {category.name}
        </strong>{" "}
        <a id="change-category" href={`/report?lang=${lang}`}>
          {t(lang, "citizen:report.changeCategory")}
        </a>
      </p>
      {otherNotices.length ? (
        <div className="notice">
          <p>
            <strong>{t(lang, "citizen:report.noticeTitle")}</strong>
          </p>
          {otherNotices.map((n) => (
            <p key={n.code}>{n.text}</p>
          ))}
        </div>
      ) : null}

      <Form
        method="post"
        encType="multipart/form-data"
        action={`/report?category=${encodeURIComponent(category.code)}&lang=${lang}`}
        noValidate
        className="report-form"
      >
        <CsrfInput />
        <input type="hidden" name="idempotencyKey" value={str(values.idempotencyKey) || idempotencyKey} />
        <input type="hidden" name="categoryCode" value={category.code} />
        <input type="hidden" name="nearbyChecked" value={nearbyChecked ? "1" : ""} />

        {category.questions.length ? (
          <fieldset>
            <legend>{t(lang, "citizen:report.questionsLegend")}</legend>
            {category.questions.map((q) => (
              <Question key={q.code} q={q} lang={lang} value={values[`answer_${q.code}`]} error={errors[`answer_${q.code}`]} />
            ))}
          </fieldset>
        ) : null}

        <TextField
          {...sent("description")}
          label={`${t(lang, "citizen:report.description")} ${t(lang, "citizen:report.required")}`}
          hint={t(lang, "citizen:report.descriptionHint")}
          multiline
          required
          maxLength={5000}
        />

        <LocationField
          lang={lang}
          hydrated={hydrated}
          tileUrl={map.tileUrl}
          attribution={map.attribution}
          pin={pin}
          onPin={setPin}
          defaultAddress={str(values.address)}
          error={errors.address}
        />

        <PhotoField
          lang={lang}
          label={t(lang, "citizen:report.photos", { max: limits.maxPhotos, mb: limits.maxMb })}
          hint={t(lang, "citizen:report.photosHint")}
          error={errors.photos}
          hydrated={hydrated}
          onUseLocation={(p) => setPin(p)}
        />

        <fieldset aria-describedby="contact-hint privacy">
          <legend>{t(lang, "citizen:report.contactLegend")}</legend>
          <p className="hint" id="contact-hint">
            {t(lang, "citizen:report.contactHint")}
          </p>
          <FieldError id="contact" error={errors.contact} />
          <TextField {...sent("fullName")} label={t(lang, "citizen:report.fullName")} autoComplete="name" maxLength={200} />
          <TextField
            {...sent("phone")}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            label={t(lang, "citizen:report.phone")}
            hint={t(lang, "citizen:report.phoneHint")}
            maxLength={40}
          />
          <TextField {...sent("email")} type="email" inputMode="email" autoComplete="email" label={t(lang, "citizen:report.email")} maxLength={200} />
          <p className="privacy" id="privacy">
            {t(lang, "citizen:report.privacy")}
          </p>
        </fieldset>

        <fieldset className="appeal">
          <legend>{t(lang, "citizen:report.appealLegend")}</legend>
          <p className="hint" id="appeal-hint">
            {t(lang, "citizen:report.appealHint")}
          </p>
          <div className="checkbox">
            <input type="checkbox" id="isAppeal" name="isAppeal" value="1" defaultChecked={str(values.isAppeal) === "1"} aria-describedby="appeal-hint" />
            <label htmlFor="isAppeal">{t(lang, "citizen:report.appealCheckbox")}</label>
          </div>
          <div className="field">
            <label htmlFor="appealKind">{t(lang, "citizen:report.appealKind")}</label>
            <select id="appealKind" name="appealKind" defaultValue={str(values.appealKind) || "APPLICATION"}>
              {(["APPLICATION", "PROPOSAL", "COMPLAINT"] as const).map((k) => (
                <option key={k} value={k}>
                  {t(lang, `citizen:report.kind${k}`)}
                </option>
              ))}
            </select>
          </div>
          <TextField {...sent("residence")} label={t(lang, "citizen:report.residence")} autoComplete="street-address" maxLength={500} />
        </fieldset>

        <fieldset className="publication">
          <legend>{t(lang, "citizen:report.publicLegend")}</legend>
          <p className="hint" id="public-hint">
            {t(lang, "citizen:report.publicHint")}
          </p>
          <div className="checkbox">
            <input
              type="checkbox"
              id="publishConsent"
              name="publishConsent"
              value="1"
              defaultChecked={str(values.publishConsent) === "1"}
              aria-describedby="public-hint"
            />
            <label htmlFor="publishConsent">{t(lang, "citizen:report.publishConsent")}</label>
          </div>
          <div className="checkbox">
            <input type="checkbox" id="isPrivate" name="isPrivate" value="1" defaultChecked={str(values.isPrivate) === "1"} aria-describedby="public-hint" />
            <label htmlFor="isPrivate">{t(lang, "citizen:report.isPrivate")}</label>
          </div>
        </fieldset>

        <FieldError id="form" error={errors.form} />
        <button type="submit" name="intent" value="submit" className="primary" disabled={submitting}>
          {submitting ? t(lang, "citizen:report.submitting") : t(lang, "citizen:report.submit")}
        </button>

        <NearbyList lang={lang} nearby={nearby} error={errors.followNumber} />
      </Form>
    </>
  );
}

function Question(props: { q: ReportCategory["questions"][number]; lang: Lang; value: string | string[] | undefined; error?: string }) {
  const { q, lang, error } = props;
  const id = `answer_${q.code}`;
  const label = `${q.label} ${t(lang, q.required ? "citizen:report.required" : "citizen:report.optional")}`;
  const current = Array.isArray(props.value) ? props.value : props.value ? [props.value] : [];
  if (q.datatype === "multivaluelist") {
    return (
      <fieldset className="field" aria-describedby={describedBy(id, undefined, error)} id={id}>
        <legend>{label}</legend>
        {q.values.map((v) => (
          <div className="checkbox" key={v.key}>
            <input type="checkbox" id={`${id}-${v.key}`} name={id} value={v.key} defaultChecked={current.includes(v.key)} />
            <label htmlFor={`${id}-${v.key}`}>{v.name}</label>
          </div>
        ))}
        <FieldError id={id} error={error} />
      </fieldset>
    );
  }
  if (q.datatype === "singlevaluelist") {
    return (
      <div className={`field${error ? " has-error" : ""}`}>
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          name={id}
          defaultValue={current[0] ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, undefined, error)}
          required={q.required}
        >
          <option value="">{t(lang, "citizen:report.chooseOne")}</option>
          {q.values.map((v) => (
            <option key={v.key} value={v.key}>
              {v.name}
            </option>
          ))}
        </select>
        <FieldHint id={id} />
        <FieldError id={id} error={error} />
      </div>
    );
  }
  return (
    <TextField
      id={id}
      name={id}
      label={label}
      type={q.datatype === "datetime" ? "datetime-local" : "text"}
      inputMode={q.datatype === "number" ? "decimal" : undefined}
      multiline={q.datatype === "text"}
      required={q.required}
      maxLength={1000}
      defaultValue={current[0] ?? ""}
      error={error}
    />
  );
}
