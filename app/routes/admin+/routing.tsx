import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { InputRow, SelectRow } from "#app/components/admin/field-row.tsx";
import { TitledForm } from "#app/components/admin/titled-form.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { createRoutingRule } from "#app/domain/routing/create-routing-rule.server.ts";
import { deleteRoutingRule } from "#app/domain/routing/delete-routing-rule.server.ts";
import { listRoutingRules } from "#app/domain/routing/list-routing-rules.server.ts";
import { moveRoutingRule } from "#app/domain/routing/move-routing-rule.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { adminAction, requireAdmin } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:routing.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { lang: getRequestLang(request), ...(await listRoutingRules()) };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    categoryId: z.string().nullable().default(null),
    districtId: z.string().nullable().default(null),
    departmentId: z.string(),
    coDepartmentCodes: z.array(z.string()).default([]),
    note: z.string().optional(),
  }),
  z.object({ intent: z.literal("delete"), ruleId: z.string() }),
  z.object({ intent: z.literal("up"), ruleId: z.string() }),
  z.object({ intent: z.literal("down"), ruleId: z.string() }),
]);

export const action = adminAction(ActionSchema, async (input, actorId) => {
  switch (input.intent) {
    case "create":
      await createRoutingRule({ actorId, ...input });
      return "admin:routing.created";
    case "delete":
      await deleteRoutingRule({ actorId, ruleId: input.ruleId });
      return "admin:routing.deleted";
    case "up":
    case "down":
      await moveRoutingRule({ actorId, ruleId: input.ruleId, direction: input.intent });
      return "admin:routing.moved";
  }
});

export default function RoutingRules() {
  const { lang, rules, categories, districts, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const name = (x: { nameUk: string; nameEn: string } | null) => (x ? (lang === "en" ? x.nameEn : x.nameUk) : t(lang, "admin:routing.any"));
  const self = `/admin/routing?lang=${lang}`;
  const any = t(lang, "admin:routing.any");
  const byId = (x: { id: string; nameUk: string; nameEn: string }) => ({ value: x.id, label: name(x) });
  const choices = {
    categories: categories.map((c) => ({ value: c.id, label: `${name(c)} (${c.code})` })),
    districts: districts.map(byId),
    departments: departments.map(byId),
    coExecutors: departments.map((d) => ({ value: d.code, label: name(d) })),
  };
  return (
    <section>
      <h1>{t(lang, "admin:routing.title")}</h1>
      <p className="muted">{t(lang, "admin:routing.lead")}</p>
      <ActionMessage result={result} />
      <DataTable
        columns={[
          "#",
          t(lang, "admin:fields.category"),
          t(lang, "admin:fields.district"),
          t(lang, "admin:fields.department"),
          t(lang, "admin:fields.coExecutors"),
          t(lang, "admin:routing.actions"),
        ]}
        rows={rules}
        row={(r, i) => (
          <tr key={r.id}>
            <td>{i + 1}</td>
            <td>{name(r.category)}</td>
            <td>{name(r.district)}</td>
            <td>{name(r.department)}</td>
            <td>{r.coDepartmentCodes.join(", ") || "—"}</td>
            <td>
              <PostForm action={self} className="inline-form" fields={{ ruleId: r.id }}>
                <button type="submit" name="intent" value="up" disabled={i === 0} aria-label={t(lang, "admin:routing.upLabel", { n: i + 1 })}>
                  ↑
                </button>{" "}
                <button
                  type="submit"
                  name="intent"
                  value="down"
                  disabled={i === rules.length - 1}
                  aria-label={t(lang, "admin:routing.downLabel", { n: i + 1 })}
                >
                  ↓
                </button>{" "}
                <button type="submit" name="intent" value="delete" aria-label={t(lang, "admin:routing.deleteLabel", { n: i + 1 })}>
                  {t(lang, "admin:actions.delete")}
                </button>
              </PostForm>
            </td>
          </tr>
        )}
      />
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
      </TitledForm>
    </section>
  );
}
