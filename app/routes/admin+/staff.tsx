import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
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
import { parseForm } from "#app/utils/form.server.ts";
import { readAdminForm, requireAdmin, runAdminAction } from "./admin-route.server.ts";

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

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readAdminForm(request);
  const lang = getRequestLang(request);
  return runAdminAction(lang, async () => {
    const input = parseForm(form, ActionSchema);
    const actorId = user.id;
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
