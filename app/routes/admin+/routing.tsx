import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { createRoutingRule } from "#app/domain/routing/create-routing-rule.server.ts";
import { deleteRoutingRule } from "#app/domain/routing/delete-routing-rule.server.ts";
import { listRoutingRules } from "#app/domain/routing/list-routing-rules.server.ts";
import { moveRoutingRule } from "#app/domain/routing/move-routing-rule.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { readAdminForm, requireAdmin, runAdminAction } from "./admin-route.server.ts";

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

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readAdminForm(request);
  const lang = getRequestLang(request);
  return runAdminAction(lang, async () => {
    const input = parseForm(form, ActionSchema);
    const actorId = user.id;
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
}

export default function RoutingRules() {
  const { lang, rules, categories, districts, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const name = (x: { nameUk: string; nameEn: string } | null) => (x ? (lang === "en" ? x.nameEn : x.nameUk) : t(lang, "admin:routing.any"));
  const q = `?lang=${lang}`;
  return (
    <section>
      <h1>{t(lang, "admin:routing.title")}</h1>
      <p className="muted">{t(lang, "admin:routing.lead")}</p>
      <ActionMessage result={result} />
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t(lang, "admin:fields.category")}</th>
            <th scope="col">{t(lang, "admin:fields.district")}</th>
            <th scope="col">{t(lang, "admin:fields.department")}</th>
            <th scope="col">{t(lang, "admin:fields.coExecutors")}</th>
            <th scope="col">{t(lang, "admin:routing.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <tr key={r.id}>
              <td>{i + 1}</td>
              <td>{name(r.category)}</td>
              <td>{name(r.district)}</td>
              <td>{name(r.department)}</td>
              <td>{r.coDepartmentCodes.join(", ") || "—"}</td>
              <td>
                <Form method="post" action={`/admin/routing${q}`} className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="ruleId" value={r.id} />
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
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t(lang, "admin:routing.new")}</h2>
      <Form method="post" action={`/admin/routing${q}`}>
        <CsrfInput />
        <label htmlFor="r-category">{t(lang, "admin:fields.category")}</label>
        <select id="r-category" name="categoryId" defaultValue="">
          <option value="">{t(lang, "admin:routing.any")}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {name(c)} ({c.code})
            </option>
          ))}
        </select>
        <label htmlFor="r-district">{t(lang, "admin:fields.district")}</label>
        <select id="r-district" name="districtId" defaultValue="">
          <option value="">{t(lang, "admin:routing.any")}</option>
          {districts.map((d) => (
            <option key={d.id} value={d.id}>
              {name(d)}
            </option>
          ))}
        </select>
        <label htmlFor="r-department">{t(lang, "admin:fields.department")}</label>
        <select id="r-department" name="departmentId" required defaultValue="">
          <option value="" disabled>
            —
          </option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {name(d)}
            </option>
          ))}
        </select>
        <label htmlFor="r-co">{t(lang, "admin:fields.coExecutors")}</label>
        <select id="r-co" name="coDepartmentCodes" multiple size={Math.min(6, departments.length)}>
          {departments.map((d) => (
            <option key={d.id} value={d.code}>
              {name(d)}
            </option>
          ))}
        </select>
        <label htmlFor="r-note">{t(lang, "admin:fields.note")}</label>
        <input id="r-note" name="note" />
        <p>
          <button type="submit" name="intent" value="create">
            {t(lang, "admin:actions.create")}
          </button>
        </p>
      </Form>
    </section>
  );
}
