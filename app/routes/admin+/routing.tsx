import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { z } from "zod";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { InputRow, SelectRow } from "#app/components/admin/field-row.tsx";
import { TitledForm } from "#app/components/admin/titled-form.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { formatKyivMoment } from "#app/domain/calendar/kyiv-time.ts";
import { createRoutingRule } from "#app/domain/routing/create-routing-rule.server.ts";
import { deleteRoutingRule } from "#app/domain/routing/delete-routing-rule.server.ts";
import { listRoutingRules } from "#app/domain/routing/list-routing-rules.server.ts";
import { moveRoutingRule } from "#app/domain/routing/move-routing-rule.server.ts";
import { previewRoute } from "#app/domain/routing/preview-route.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { t, type Lang } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";
import { readAdminForm, requireAdmin, runAdminAction } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:routing.title") }];

type Named = { nameUk: string; nameEn: string };

/** "Which rule would route this?" with its answer in the page's language, or the reason it has none. */
async function testRoute(lang: Lang, query: URLSearchParams) {
  const categoryId = query.get("testCategory") ?? "";
  const districtId = query.get("testDistrict") || null;
  const [lat, lon] = [query.get("testLat")?.trim(), query.get("testLon")?.trim()];
  const point = lat || lon ? { lat: lat ? Number(lat.replace(",", ".")) : NaN, lon: lon ? Number(lon.replace(",", ".")) : NaN } : null;
  const name = (x: Named) => (lang === "en" ? x.nameEn : x.nameUk);
  try {
    const r = await previewRoute({ categoryId, districtId, point });
    return {
      test: {
        ...r,
        deadlines: r.deadlines.map((d) => ({
          ...d,
          label:
            d.kind === "SLA" && r.category.slaAmount && r.category.slaUnit
              ? t(lang, "deadlines:clocks.sla", {
                  category: name(r.category),
                  term: t(lang, `deadlines:units.${r.category.slaUnit}`, { count: r.category.slaAmount }),
                })
              : t(lang, `admin:routing.test.clock.${d.label}`),
          dueText: formatKyivMoment(d.dueAt, lang),
        })),
      },
      testError: null,
    };
  } catch (e) {
    const fieldName = (f: string) => ({ categoryId: "testCategory", districtId: "testDistrict", point: "testLat" })[f.split(".")[0]!] ?? f;
    const error = toUserError(e, lang, { labels: "admin:fields", fieldName });
    return { test: null, testError: { message: error.message, field: error.field } };
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const lang = getRequestLang(request);
  const query = new URL(request.url).searchParams;
  const list = await listRoutingRules();
  const confirmDelete = list.rules.find((r) => r.id === query.get("delete")) ?? null;
  const tested = query.has("testCategory") ? await testRoute(lang, query) : { test: null, testError: null };
  return {
    lang,
    ...list,
    confirmDelete,
    ...tested,
    testQuery: {
      category: query.get("testCategory") ?? "",
      district: query.get("testDistrict") ?? "",
      lat: query.get("testLat") ?? "",
      lon: query.get("testLon") ?? "",
    },
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    categoryId: z.string().nullable().default(null),
    districtId: z.string().nullable().default(null),
    departmentId: z.string(),
    coDepartmentCodes: z.array(z.string()).default([]),
    note: z.string().optional(),
    beforeRuleId: z.string().nullable().default(null),
  }),
  // Deleting is two steps: the list's "Delete…" opens a confirmation, whose form sends confirm=yes.
  z.object({ intent: z.literal("delete"), ruleId: z.string(), confirm: z.string().optional() }),
  z.object({ intent: z.literal("up"), ruleId: z.string() }),
  z.object({ intent: z.literal("down"), ruleId: z.string() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readAdminForm(request);
  const lang = getRequestLang(request);
  let warning: string | undefined;
  const result = await runAdminAction(lang, async () => {
    const input = parseForm(form, ActionSchema);
    switch (input.intent) {
      case "create": {
        const { n, shadowedBy } = await createRoutingRule({ actorId: user.id, ...input });
        if (shadowedBy) warning = t(lang, "admin:routing.shadowedWarning", { n, by: shadowedBy.n });
        return "admin:routing.created";
      }
      case "delete":
        if (input.confirm !== "yes") throw new AppError("VALIDATION", "errors:routing.deleteNotConfirmed", { field: "confirm" });
        await deleteRoutingRule({ actorId: user.id, ruleId: input.ruleId });
        return "admin:routing.deleted";
      case "up":
      case "down":
        await moveRoutingRule({ actorId: user.id, ruleId: input.ruleId, direction: input.intent });
        return "admin:routing.moved";
    }
  });
  return warning && result.data.ok ? data({ ...result.data, warning }, result.init ?? undefined) : result;
}

export default function RoutingRules() {
  const { lang, rules, categories, districts, departments, confirmDelete, test, testError, testQuery } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const name = (x: Named | null) => (x ? (lang === "en" ? x.nameEn : x.nameUk) : t(lang, "admin:routing.any"));
  const self = `/admin/routing?lang=${lang}`;
  const any = t(lang, "admin:routing.any");
  const byId = (x: { id: string } & Named) => ({ value: x.id, label: name(x) });
  const summary = (r: (typeof rules)[number]) => `${name(r.category)} · ${name(r.district)} → ${name(r.department)}`;
  const choices = {
    categories: categories.map((c) => ({ value: c.id, label: `${name(c)} (${c.code})` })),
    districts: districts.map(byId),
    departments: departments.map(byId),
    coExecutors: departments.map((d) => ({ value: d.code, label: name(d) })),
    places: rules.map((r) => ({ value: r.id, label: t(lang, "admin:routing.placeBefore", { n: r.n, rule: summary(r) }) })),
  };
  const warning = result && "warning" in result && typeof result.warning === "string" ? result.warning : null;
  return (
    <section className="admin-routing">
      <h1>{t(lang, "admin:routing.title")}</h1>
      <p className="muted">{t(lang, "admin:routing.lead")}</p>
      <ActionMessage result={result} />
      {warning ? (
        <p role="alert" className="admin-warning">
          {warning}
        </p>
      ) : null}
      {confirmDelete ? (
        <div className="admin-confirm" role="region" aria-labelledby="confirm-delete-title">
          <h2 id="confirm-delete-title">{t(lang, "admin:routing.confirmTitle", { n: confirmDelete.n })}</h2>
          <p>{summary(confirmDelete)}</p>
          <p>{t(lang, "admin:routing.confirmLead")}</p>
          <PostForm action={self} fields={{ ruleId: confirmDelete.id, confirm: "yes" }}>
            <p className="admin-confirm-actions">
              <button type="submit" name="intent" value="delete" className="danger">
                {t(lang, "admin:routing.confirmDelete", { n: confirmDelete.n })}
              </button>{" "}
              <Link to={self}>{t(lang, "admin:routing.confirmCancel")}</Link>
            </p>
          </PostForm>
        </div>
      ) : null}
      <h2 id="route-test-title">{t(lang, "admin:routing.test.title")}</h2>
      <p className="muted">{t(lang, "admin:routing.test.lead")}</p>
      <Form method="get" action="/admin/routing#route-test-title" aria-labelledby="route-test-title" className="admin-route-test">
        <input type="hidden" name="lang" value={lang} />
        <SelectRow
          id="t-category"
          label={t(lang, "admin:fields.testCategory")}
          name="testCategory"
          required
          defaultValue={testQuery.category}
          choose
          choices={choices.categories}
        />
        <SelectRow
          id="t-district"
          label={t(lang, "admin:fields.testDistrict")}
          name="testDistrict"
          defaultValue={testQuery.district}
          none={t(lang, "admin:routing.test.noDistrict")}
          choices={choices.districts}
        />
        <fieldset>
          <legend>{t(lang, "admin:routing.test.point")}</legend>
          <InputRow id="t-lat" label={t(lang, "admin:fields.testLat")} name="testLat" inputMode="decimal" defaultValue={testQuery.lat} />
          <InputRow id="t-lon" label={t(lang, "admin:fields.testLon")} name="testLon" inputMode="decimal" defaultValue={testQuery.lon} />
        </fieldset>
        <p>
          <button type="submit">{t(lang, "admin:routing.test.submit")}</button>
        </p>
      </Form>
      {testError ? (
        <p role="alert" className="error">
          {testError.message}
        </p>
      ) : null}
      {test ? (
        <div role="status" className="admin-route-result" data-testid="route-test-result">
          <p>
            {t(lang, "admin:routing.test.for", {
              category: name(test.category),
              district: test.district ? name(test.district) : t(lang, "admin:routing.test.noDistrict"),
            })}
          </p>
          <p>
            <strong>
              {test.rule && test.department
                ? t(lang, "admin:routing.test.matched", { n: test.rule.n, department: name(test.department) })
                : t(lang, "admin:routing.test.noRule")}
            </strong>
          </p>
          {test.coDepartments.length ? <p>{t(lang, "admin:routing.test.co", { list: test.coDepartments.map(name).join(", ") })}</p> : null}
          {test.deadlines.length ? (
            <ul>
              {test.deadlines.map((d) => (
                <li key={d.kind}>
                  {d.label} — {t(lang, "admin:routing.test.dueBy")} <time dateTime={d.dueAt}>{d.dueText}</time>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t(lang, "admin:routing.test.noDeadline")}</p>
          )}
        </div>
      ) : null}
      <h2 id="rules-title">{t(lang, "admin:routing.listTitle")}</h2>
      <div className="admin-stacked-table">
        <DataTable
          className="admin-routing-rules"
          columns={[
            "#",
            t(lang, "admin:fields.category"),
            t(lang, "admin:fields.district"),
            t(lang, "admin:fields.department"),
            t(lang, "admin:fields.coExecutors"),
            t(lang, "admin:routing.check"),
            t(lang, "admin:routing.actions"),
          ]}
          rows={rules}
          row={(r, i) => (
            <tr key={r.id} className={r.shadowedBy ? "admin-rule-shadowed" : undefined}>
              <td data-label="#">{r.n}</td>
              <td data-label={t(lang, "admin:fields.category")}>{name(r.category)}</td>
              <td data-label={t(lang, "admin:fields.district")}>{name(r.district)}</td>
              <td data-label={t(lang, "admin:fields.department")}>{name(r.department)}</td>
              <td data-label={t(lang, "admin:fields.coExecutors")}>{r.coDepartmentCodes.join(", ") || "—"}</td>
              <td data-label={t(lang, "admin:routing.check")}>
                {r.shadowedBy ? (
                  <span className="admin-warning-text" data-testid="rule-shadowed">
                    {t(lang, "admin:routing.shadowed", { by: r.shadowedBy.n })}
                  </span>
                ) : !r.active ? (
                  t(lang, "admin:inactive")
                ) : (
                  "—"
                )}
              </td>
              <td data-label={t(lang, "admin:routing.actions")}>
                <PostForm action={self} className="inline-form" fields={{ ruleId: r.id }}>
                  <button type="submit" name="intent" value="up" disabled={i === 0} aria-label={t(lang, "admin:routing.upLabel", { n: r.n })}>
                    ↑
                  </button>{" "}
                  <button
                    type="submit"
                    name="intent"
                    value="down"
                    disabled={i === rules.length - 1}
                    aria-label={t(lang, "admin:routing.downLabel", { n: r.n })}
                  >
                    ↓
                  </button>{" "}
                  <Link to={`${self}&delete=${r.id}#confirm-delete-title`} aria-label={t(lang, "admin:routing.deleteLabel", { n: r.n })}>
                    {t(lang, "admin:routing.deleteLink")}
                  </Link>
                </PostForm>
              </td>
            </tr>
          )}
        />
      </div>
      <TitledForm title={t(lang, "admin:routing.new")} action={self} intent="create" submit={t(lang, "admin:actions.create")}>
        <SelectRow id="r-category" label={t(lang, "admin:fields.category")} name="categoryId" defaultValue="" none={any} choices={choices.categories} />
        <SelectRow id="r-district" label={t(lang, "admin:fields.district")} name="districtId" defaultValue="" none={any} choices={choices.districts} />
        <SelectRow
          id="r-department"
          label={t(lang, "admin:fields.department")}
          name="departmentId"
          required
          defaultValue=""
          choose
          choices={choices.departments}
        />
        <SelectRow
          id="r-co"
          label={t(lang, "admin:fields.coExecutors")}
          name="coDepartmentCodes"
          multiple
          size={Math.min(6, departments.length)}
          choices={choices.coExecutors}
        />
        <InputRow id="r-note" label={t(lang, "admin:fields.note")} name="note" />
        <SelectRow
          id="r-place"
          label={t(lang, "admin:fields.beforeRuleId")}
          hint={t(lang, "admin:routing.placeHint")}
          name="beforeRuleId"
          defaultValue=""
          none={t(lang, "admin:routing.placeEnd")}
          choices={choices.places}
        />
      </TitledForm>
    </section>
  );
}
