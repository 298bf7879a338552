import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ActionMessage } from "#app/components/admin/action-message.tsx";
import { ActiveToggleForm } from "#app/components/admin/active-toggle-form.tsx";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { createStaffAccount } from "#app/domain/staff/create-staff-account.server.ts";
import { listStaffAccounts } from "#app/domain/staff/list-staff-accounts.server.ts";
import { setStaffAccountActive } from "#app/domain/staff/set-staff-account-active.server.ts";
import { setStaffPassword } from "#app/domain/staff/set-staff-password.server.ts";
import { STAFF_ROLES } from "#app/domain/staff/staff-role-rules.ts";
import { updateStaffAccount } from "#app/domain/staff/update-staff-account.server.ts";
import type { StaffUser } from "#app/utils/auth.server.ts";

type StaffRole = StaffUser["role"];
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { intentOf, readAdminForm, requireAdmin, runAdminAction, text } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:staff.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  return { lang: getRequestLang(request), me: user.id, ...(await listStaffAccounts()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readAdminForm(request);
  const lang = getRequestLang(request);
  const intent = intentOf(form, ["create", "update", "password", "deactivate", "activate"] as const);
  return runAdminAction(lang, async () => {
    const actorId = user.id;
    const role = (text(form, "role") ?? "") as StaffRole;
    const departmentId = text(form, "departmentId") ?? null;
    if (intent === "create") {
      await createStaffAccount({
        actorId,
        email: text(form, "email") ?? "",
        name: text(form, "name") ?? "",
        role,
        departmentId,
        password: (form.get("password") as string | null) ?? "",
      });
      return "admin:staff.created";
    }
    const staffUserId = text(form, "staffUserId") ?? "";
    if (intent === "update") {
      await updateStaffAccount({ actorId, staffUserId, role, departmentId });
      return "admin:staff.updated";
    }
    if (intent === "password") {
      await setStaffPassword({ actorId, staffUserId, password: (form.get("password") as string | null) ?? "" });
      return "admin:staff.passwordChanged";
    }
    await setStaffAccountActive({ actorId, staffUserId, active: intent === "activate" });
    return intent === "activate" ? "admin:staff.activated" : "admin:staff.deactivated";
  });
}

export default function StaffAccounts() {
  const { lang, me, staff, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const q = `?lang=${lang}`;
  const depName = (d: { nameUk: string; nameEn: string }) => (lang === "en" ? d.nameEn : d.nameUk);
  const roleSelect = (id: string, value?: StaffRole) => (
    <select id={id} name="role" defaultValue={value ?? "OPERATOR"} required>
      {STAFF_ROLES.map((r) => (
        <option key={r} value={r}>
          {t(lang, `staff:roles.${r}`)}
        </option>
      ))}
    </select>
  );
  const depSelect = (id: string, value?: string | null) => (
    <select id={id} name="departmentId" defaultValue={value ?? ""}>
      <option value="">{t(lang, "admin:staff.noDepartment")}</option>
      {departments.map((d) => (
        <option key={d.id} value={d.id}>
          {depName(d)}
        </option>
      ))}
    </select>
  );
  return (
    <section>
      <h1>{t(lang, "admin:staff.title")}</h1>
      <ActionMessage result={result} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t(lang, "admin:fields.name")}</th>
            <th scope="col">{t(lang, "admin:fields.roleAndDepartment")}</th>
            <th scope="col">{t(lang, "admin:fields.active")}</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id}>
              <td>
                {s.name}
                <br />
                <span className="muted">{s.email}</span>
              </td>
              <td>
                <Form method="post" action={`/admin/staff${q}`} className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="staffUserId" value={s.id} />
                  <label htmlFor={`role-${s.id}`}>{t(lang, "admin:fields.role")}</label>
                  {roleSelect(`role-${s.id}`, s.role)}
                  <label htmlFor={`dep-${s.id}`}>{t(lang, "admin:fields.department")}</label>
                  {depSelect(`dep-${s.id}`, s.departmentId)}
                  <button type="submit" name="intent" value="update">
                    {t(lang, "admin:actions.save")}
                  </button>
                </Form>
                <Form method="post" action={`/admin/staff${q}`} className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="staffUserId" value={s.id} />
                  <label htmlFor={`password-${s.id}`}>{t(lang, "admin:fields.newPassword")}</label>
                  <input id={`password-${s.id}`} name="password" type="password" required minLength={12} autoComplete="new-password" />
                  <button type="submit" name="intent" value="password">
                    {t(lang, "admin:actions.setPassword")}
                  </button>
                </Form>
              </td>
              <td>
                {s.id === me ? (
                  <span className="muted">{t(lang, "admin:staff.you")}</span>
                ) : (
                  <ActiveToggleForm lang={lang} action={`/admin/staff${q}`} idName="staffUserId" id={s.id} active={s.active} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t(lang, "admin:staff.new")}</h2>
      <Form method="post" action={`/admin/staff${q}`}>
        <CsrfInput />
        <label htmlFor="new-name">{t(lang, "admin:fields.name")}</label>
        <input id="new-name" name="name" required autoComplete="off" />
        <label htmlFor="new-email">{t(lang, "admin:fields.email")}</label>
        <input id="new-email" name="email" type="email" required autoComplete="off" />
        <label htmlFor="new-role">{t(lang, "admin:fields.role")}</label>
        {roleSelect("new-role")}
        <label htmlFor="new-dep">{t(lang, "admin:fields.department")}</label>
        {depSelect("new-dep")}
        <label htmlFor="new-password">{t(lang, "admin:fields.password")}</label>
        <input id="new-password" name="password" type="password" required minLength={12} autoComplete="new-password" aria-describedby="new-password-hint" />
        <small id="new-password-hint" className="muted">
          {t(lang, "admin:hints.password")}
        </small>
        <p>
          <button type="submit" name="intent" value="create">
            {t(lang, "admin:actions.create")}
          </button>
        </p>
      </Form>
    </section>
  );
}
