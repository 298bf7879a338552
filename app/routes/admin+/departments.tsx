import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { ActiveToggleForm } from "#app/components/admin/active-toggle-form.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { createDepartment } from "#app/domain/departments/create-department.server.ts";
import { listDepartments } from "#app/domain/departments/list-departments.server.ts";
import { setDepartmentActive } from "#app/domain/departments/set-department-active.server.ts";
import { updateDepartment } from "#app/domain/departments/update-department.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { readAdminForm, requireAdmin, runAdminAction } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:departments.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { lang: getRequestLang(request), departments: await listDepartments() };
}

const details = {
  nameUk: z.string(),
  nameEn: z.string(),
  phone: z.string().optional(),
  email: z.string().optional(),
};
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), code: z.string(), ...details }),
  z.object({ intent: z.literal("update"), departmentId: z.string(), ...details }),
  z.object({ intent: z.literal("activate"), departmentId: z.string() }),
  z.object({ intent: z.literal("deactivate"), departmentId: z.string() }),
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
        await createDepartment({ actorId, ...input });
        return "admin:departments.created";
      case "update":
        await updateDepartment({ actorId, ...input });
        return "admin:departments.updated";
      case "activate":
      case "deactivate":
        await setDepartmentActive({ actorId, departmentId: input.departmentId, active: input.intent === "activate" });
        return input.intent === "activate" ? "admin:departments.activated" : "admin:departments.deactivated";
    }
  });
}

export default function Departments() {
  const { lang, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const q = `?lang=${lang}`;
  return (
    <section>
      <h1>{t(lang, "admin:departments.title")}</h1>
      <ActionMessage result={result} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t(lang, "admin:fields.code")}</th>
            <th scope="col">{t(lang, "admin:fields.names")}</th>
            <th scope="col">{t(lang, "admin:departments.counts")}</th>
            <th scope="col">{t(lang, "admin:fields.active")}</th>
          </tr>
        </thead>
        <tbody>
          {departments.map((d) => (
            <tr key={d.id}>
              <td>{d.code}</td>
              <td>
                <Form method="post" action={`/admin/departments${q}`} className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="departmentId" value={d.id} />
                  <label>
                    {t(lang, "admin:fields.nameUk")} <input name="nameUk" defaultValue={d.nameUk} required />
                  </label>
                  <label>
                    {t(lang, "admin:fields.nameEn")} <input name="nameEn" defaultValue={d.nameEn} required />
                  </label>
                  <label>
                    {t(lang, "admin:fields.phone")} <input name="phone" defaultValue={d.phone ?? ""} />
                  </label>
                  <label>
                    {t(lang, "admin:fields.email")} <input name="email" type="email" defaultValue={d.email ?? ""} />
                  </label>
                  <button type="submit" name="intent" value="update">
                    {t(lang, "admin:actions.save")}
                  </button>
                </Form>
              </td>
              <td>{t(lang, "admin:departments.countsValue", { staff: d._count.staff, categories: d._count.categories })}</td>
              <td>
                <ActiveToggleForm lang={lang} action={`/admin/departments${q}`} idName="departmentId" id={d.id} active={d.active} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t(lang, "admin:departments.new")}</h2>
      <Form method="post" action={`/admin/departments${q}`}>
        <CsrfInput />
        <label htmlFor="dep-code">{t(lang, "admin:fields.code")}</label>
        <input id="dep-code" name="code" required pattern="[a-z0-9][a-z0-9\-]{1,39}" aria-describedby="dep-code-hint" />
        <small id="dep-code-hint" className="muted">
          {t(lang, "admin:hints.code")}
        </small>
        <label htmlFor="dep-nameUk">{t(lang, "admin:fields.nameUk")}</label>
        <input id="dep-nameUk" name="nameUk" required />
        <label htmlFor="dep-nameEn">{t(lang, "admin:fields.nameEn")}</label>
        <input id="dep-nameEn" name="nameEn" required />
        <label htmlFor="dep-phone">{t(lang, "admin:fields.phone")}</label>
        <input id="dep-phone" name="phone" type="tel" />
        <label htmlFor="dep-email">{t(lang, "admin:fields.email")}</label>
        <input id="dep-email" name="email" type="email" />
        <p>
          <button type="submit" name="intent" value="create">
            {t(lang, "admin:actions.create")}
          </button>
        </p>
      </Form>
    </section>
  );
}
