import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { ActiveToggleForm } from "#app/components/admin/active-toggle-form.tsx";
import { InputRow } from "#app/components/admin/field-row.tsx";
import { TitledForm } from "#app/components/admin/titled-form.tsx";
import { TextField } from "#app/components/console/labelled-field.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { createDepartment } from "#app/domain/departments/create-department.server.ts";
import { listDepartments } from "#app/domain/departments/list-departments.server.ts";
import { setDepartmentActive } from "#app/domain/departments/set-department-active.server.ts";
import { updateDepartment } from "#app/domain/departments/update-department.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { adminAction, requireAdmin } from "./admin-route.server.ts";

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

export const action = adminAction(ActionSchema, async (input, actorId) => {
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

export default function Departments() {
  const { lang, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const self = `/admin/departments?lang=${lang}`;
  return (
    <section>
      <h1>{t(lang, "admin:departments.title")}</h1>
      <ActionMessage result={result} />
      <DataTable
        columns={[t(lang, "admin:fields.code"), t(lang, "admin:fields.names"), t(lang, "admin:departments.counts"), t(lang, "admin:fields.active")]}
        rows={departments}
        row={(d) => (
          <tr key={d.id}>
            <td>{d.code}</td>
            <td>
              <PostForm action={self} className="inline-form" fields={{ departmentId: d.id }}>
                <TextField label={t(lang, "admin:fields.nameUk")} name="nameUk" defaultValue={d.nameUk} required />
                <TextField label={t(lang, "admin:fields.nameEn")} name="nameEn" defaultValue={d.nameEn} required />
                <TextField label={t(lang, "admin:fields.phone")} name="phone" defaultValue={d.phone ?? ""} />
                <TextField label={t(lang, "admin:fields.email")} name="email" type="email" defaultValue={d.email ?? ""} />
                <button type="submit" name="intent" value="update">
                  {t(lang, "admin:actions.save")}
                </button>
              </PostForm>
            </td>
            <td>{t(lang, "admin:departments.countsValue", { staff: d._count.staff, categories: d._count.categories })}</td>
            <td>
              <ActiveToggleForm lang={lang} action={self} idName="departmentId" id={d.id} active={d.active} />
            </td>
          </tr>
        )}
      />
      <TitledForm title={t(lang, "admin:departments.new")} action={self} intent="create" submit={t(lang, "admin:actions.create")}>
        <InputRow
          id="dep-code"
          label={t(lang, "admin:fields.code")}
          name="code"
          required
          pattern="[a-z0-9][a-z0-9\-]{1,39}"
          hint={t(lang, "admin:hints.code")}
        />
        <InputRow id="dep-nameUk" label={t(lang, "admin:fields.nameUk")} name="nameUk" required />
        <InputRow id="dep-nameEn" label={t(lang, "admin:fields.nameEn")} name="nameEn" required />
        <InputRow id="dep-phone" label={t(lang, "admin:fields.phone")} name="phone" type="tel" />
        <InputRow id="dep-email" label={t(lang, "admin:fields.email")} name="email" type="email" />
      </TitledForm>
    </section>
  );
}
