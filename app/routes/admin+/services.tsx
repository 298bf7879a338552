// /admin/services — administrative services (docs/handoff.md): iGov catalogue sync status and
// failures, categories mapped to services, Diia / ЦНАП services entered by admins.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Choices } from "#app/components/choices.tsx";
import { kyivTime } from "#app/components/console/format.ts";
import { CheckboxField, SelectField, TextField } from "#app/components/console/labelled-field.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { getServicesAdmin } from "#app/domain/handoff/get-services-admin.server.ts";
import { mapCategoryService } from "#app/domain/handoff/map-category-service.server.ts";
import { saveAdminService } from "#app/domain/handoff/save-admin-service.server.ts";
import { syncCatalogue } from "#app/domain/handoff/sync-catalogue.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readForm, readSearchParams } from "#app/utils/request-input.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["admin", "handoff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "handoff:admin.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaffUser(request, { roles: ["ADMIN"] });
  const url = new URL(request.url);
  const search = readSearchParams(url);
  return { lang: getRequestLang(request), done: search.get("done"), ...(await getServicesAdmin()) };
}

const opt = z.string().optional();
const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("sync") }),
  z.object({
    intent: z.literal("map"),
    categoryId: z.string().uuid(),
    serviceId: z.string().max(100).optional(),
    isAdminService: z.boolean().default(false),
  }),
  z.object({
    intent: z.literal("save-service"),
    provider: z.enum(["DIIA", "CNAP", "MANUAL"]),
    externalId: z.string(),
    nameUk: z.string(),
    nameEn: opt,
    link: opt,
    detailsUk: opt,
    detailsEn: opt,
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  await requireStaffUser(request, { roles: ["ADMIN"] });
  const lang = getRequestLang(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  let input;
  try {
    input = parseForm(form, IntentSchema);
    switch (input.intent) {
      case "sync": {
        const r = await syncCatalogue({});
        if (!r.ok) return data({ error: t(lang, "handoff:admin.syncFailed"), detail: r.error }, { status: 502 });
        break;
      }
      case "map":
        await mapCategoryService({ categoryId: input.categoryId, serviceId: input.serviceId ?? null, isAdminService: input.isAdminService });
        break;
      case "save-service": {
        const { intent: _, ...fields } = input;
        await saveAdminService(fields);
        break;
      }
    }
  } catch (e) {
    const error = toUserError(e, lang, { labels: "admin:fields" });
    return data({ error: error.message, detail: null }, { status: error.status });
  }
  return redirect(`/admin/services?lang=${lang}&done=${input.intent}`);
}

export default function AdminServices() {
  const { lang, done, syncs, lastGood, services, categories, failingHandoffs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const L = (key: string, params?: Record<string, string | number>) => t(lang, `handoff:${key}`, params);
  const name = (s: { nameUk: string; nameEn: string | null }) => (lang === "en" ? (s.nameEn ?? s.nameUk) : s.nameUk);
  const serviceChoices = services.filter((s) => s.active).map((s) => ({ value: s.id, label: `${L(`provider.${s.provider}`)} · ${name(s)}` }));
  return (
    <section>
      <h1>{L("admin.title")}</h1>
      {done ? <p role="status">{L("admin.saved")}</p> : null}
      {actionData?.error ? (
        <p role="alert" className="error">
          {actionData.error}
          {actionData.detail ? `: ${actionData.detail}` : ""}
        </p>
      ) : null}
      {failingHandoffs ? (
        <p role="alert">
          <a href={`/staff/handoffs?lang=${lang}`}>
            {L("failing.title")}: {failingHandoffs}
          </a>
        </p>
      ) : null}

      <h2>{L("admin.syncs")}</h2>
      {lastGood ? (
        <p>
          {L("admin.syncOk")}: {kyivTime(lastGood.startedAt)} · {L("admin.seen")}: {lastGood.seen}
        </p>
      ) : null}
      <DataTable
        testId="catalogue-syncs"
        columns={["admin.started", "staff.provider", "track.status", "admin.seen", "admin.error"].map((k) => L(k))}
        rows={syncs}
        empty={L("admin.noSyncs")}
        row={(s) => (
          <tr key={s.id} data-ok={s.ok}>
            <td>{kyivTime(s.startedAt)}</td>
            <td>{L(`provider.${s.provider}`)}</td>
            <td>{s.ok ? L("admin.syncOk") : s.finishedAt ? L("admin.syncFailed") : "…"}</td>
            <td>{s.seen}</td>
            <td>{s.error ?? "—"}</td>
          </tr>
        )}
      />
      <PostForm>
        <button type="submit" name="intent" value="sync">
          {L("admin.syncNow")}
        </button>
      </PostForm>

      <h2>{L("admin.mapTitle")}</h2>
      <DataTable
        columns={[L("admin.category"), L("admin.isAdminService"), L("staff.service"), null]}
        rows={categories}
        row={(c) => (
          <tr key={c.id}>
            <td>
              {lang === "en" ? c.nameEn : c.nameUk} <span className="muted">({c.code})</span>
            </td>
            <td colSpan={3}>
              <PostForm aria-label={c.code} fields={{ intent: "map", categoryId: c.id }}>
                <CheckboxField name="isAdminService" defaultChecked={c.isAdminService} label={L("admin.isAdminService")} />{" "}
                <select name="serviceId" defaultValue={c.adminServiceId ?? ""} aria-label={L("staff.service")}>
                  <Choices none={L("staff.noService")} choices={serviceChoices} />
                </select>{" "}
                <button type="submit">{L("admin.mapSubmit")}</button>
              </PostForm>
            </td>
          </tr>
        )}
      />

      <h2>{L("admin.services")}</h2>
      <DataTable
        testId="admin-services"
        columns={["staff.provider", "admin.externalId", "staff.service", "track.status", "staff.lastChecked"].map((k) => L(k))}
        rows={services}
        row={(s) => (
          <tr key={s.id}>
            <td>{L(`provider.${s.provider}`)}</td>
            <td>{s.externalId}</td>
            <td>
              {s.link ? (
                <a href={s.link} rel="noreferrer noopener" target="_blank">
                  {name(s)}
                </a>
              ) : (
                name(s)
              )}
            </td>
            <td>
              {s.active ? L("admin.active") : L("admin.inactive")}
              {s._count.categories ? ` · ${s._count.categories}` : ""}
            </td>
            <td>{kyivTime(s.lastSeenAt)}</td>
          </tr>
        )}
      />

      <h2>{L("admin.addTitle")}</h2>
      <PostForm className="admin-form" fields={{ intent: "save-service" }}>
        <SelectField
          label={L("staff.provider")}
          name="provider"
          defaultValue="CNAP"
          choices={(["CNAP", "DIIA", "MANUAL"] as const).map((p) => ({ value: p, label: L(`provider.${p}`) }))}
        />
        <TextField label={L("admin.externalId")} name="externalId" required maxLength={100} />
        <TextField label={L("admin.nameUk")} name="nameUk" required maxLength={300} />
        <TextField label={L("admin.nameEn")} name="nameEn" maxLength={300} />
        <TextField label={L("admin.link")} name="link" type="url" maxLength={1000} />
        <TextField label={L("admin.detailsUk")} multiline name="detailsUk" rows={3} />
        <TextField label={L("admin.detailsEn")} multiline name="detailsEn" rows={3} />
        <button type="submit">{L("admin.addSubmit")}</button>
      </PostForm>
    </section>
  );
}
