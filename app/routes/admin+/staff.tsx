import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { ActiveToggleForm } from "#app/components/admin/active-toggle-form.tsx";
import { InputRow, SelectRow } from "#app/components/admin/field-row.tsx";
import { TitledForm } from "#app/components/admin/titled-form.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { createStaffAccount } from "#app/domain/staff/create-staff-account.server.ts";
import { listStaffAccounts } from "#app/domain/staff/list-staff-accounts.server.ts";
import { setStaffAccountActive } from "#app/domain/staff/set-staff-account-active.server.ts";
import { setStaffPassword } from "#app/domain/staff/set-staff-password.server.ts";
import { STAFF_ROLES } from "#app/domain/staff/staff-role-rules.ts";
import { updateStaffAccount } from "#app/domain/staff/update-staff-account.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { adminAction, requireAdmin } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:staff.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  return { lang: getRequestLang(request), me: user.id, ...(await listStaffAccounts()) };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    email: z.string(),
    name: z.string(),
    role: z.enum(STAFF_ROLES),
    departmentId: z.string().optional(),
    password: z.string(),
  }),
  z.object({ intent: z.literal("update"), staffUserId: z.string(), role: z.enum(STAFF_ROLES), departmentId: z.string().optional() }),
  z.object({ intent: z.literal("password"), staffUserId: z.string(), password: z.string() }),
  z.object({ intent: z.literal("activate"), staffUserId: z.string() }),
  z.object({ intent: z.literal("deactivate"), staffUserId: z.string() }),
]);

export const action = adminAction(ActionSchema, async (input, actorId) => {
  switch (input.intent) {
    case "create":
      await createStaffAccount({ actorId, ...input, departmentId: input.departmentId ?? null });
      return "admin:staff.created";
    case "update":
      await updateStaffAccount({ actorId, ...input, departmentId: input.departmentId ?? null });
      return "admin:staff.updated";
    case "password":
      await setStaffPassword({ actorId, staffUserId: input.staffUserId, password: input.password });
      return "admin:staff.passwordChanged";
    case "activate":
    case "deactivate":
      await setStaffAccountActive({ actorId, staffUserId: input.staffUserId, active: input.intent === "activate" });
      return input.intent === "activate" ? "admin:staff.activated" : "admin:staff.deactivated";
  }
});

// A password an admin sets: at least 12 characters, never filled in by the browser.
const NEW_PASSWORD = { name: "password", type: "password", required: true, minLength: 12, autoComplete: "new-password" } as const;

export default function StaffAccounts() {
  const { lang, me, staff, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const self = `/admin/staff?lang=${lang}`;
  const roles = STAFF_ROLES.map((r) => ({ value: r, label: t(lang, `staff:roles.${r}`) }));
  const deps = departments.map((d) => ({ value: d.id, label: lang === "en" ? d.nameEn : d.nameUk }));
  const noDep = t(lang, "admin:staff.noDepartment");
  return (
    <section>
      <h1>{t(lang, "admin:staff.title")}</h1>
      <ActionMessage result={result} />
      <DataTable
        columns={[t(lang, "admin:fields.name"), t(lang, "admin:fields.roleAndDepartment"), t(lang, "admin:fields.active")]}
        rows={staff}
        row={(s) => (
          <tr key={s.id}>
            <td>
              {s.name}
              <br />
              <span className="muted">{s.email}</span>
            </td>
            <td>
              <PostForm action={self} className="inline-form" fields={{ staffUserId: s.id }}>
                <SelectRow id={`role-${s.id}`} label={t(lang, "admin:fields.role")} name="role" defaultValue={s.role} required choices={roles} />
                <SelectRow
                  id={`dep-${s.id}`}
                  label={t(lang, "admin:fields.department")}
                  name="departmentId"
                  defaultValue={s.departmentId ?? ""}
                  none={noDep}
                  choices={deps}
                />
                <button type="submit" name="intent" value="update">
                  {t(lang, "admin:actions.save")}
                </button>
              </PostForm>
              <PostForm action={self} className="inline-form" fields={{ staffUserId: s.id }}>
                <InputRow id={`password-${s.id}`} label={t(lang, "admin:fields.newPassword")} {...NEW_PASSWORD} />
                <button type="submit" name="intent" value="password">
                  {t(lang, "admin:actions.setPassword")}
                </button>
              </PostForm>
            </td>
            <td>
              {s.id === me ? (
                <span className="muted">{t(lang, "admin:staff.you")}</span>
              ) : (
                <ActiveToggleForm lang={lang} action={self} idName="staffUserId" id={s.id} active={s.active} />
              )}
            </td>
          </tr>
        )}
      />
      <TitledForm title={t(lang, "admin:staff.new")} action={self} intent="create" submit={t(lang, "admin:actions.create")}>
        <InputRow id="new-name" label={t(lang, "admin:fields.name")} name="name" required autoComplete="off" />
        <InputRow id="new-email" label={t(lang, "admin:fields.email")} name="email" type="email" required autoComplete="off" />
        <SelectRow id="new-role" label={t(lang, "admin:fields.role")} name="role" defaultValue="OPERATOR" required choices={roles} />
        <SelectRow id="new-dep" label={t(lang, "admin:fields.department")} name="departmentId" defaultValue="" none={noDep} choices={deps} />
        <InputRow id="new-password" label={t(lang, "admin:fields.password")} {...NEW_PASSWORD} hint={t(lang, "admin:hints.password")} />
      </TitledForm>
    </section>
  );
}
