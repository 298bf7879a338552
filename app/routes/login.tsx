import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { authenticateStaff } from "#app/domain/staff/authenticate-staff.server.ts";
import { getSafeRedirect, getStaffUser } from "#app/utils/auth.server.ts";
import { t } from "#app/utils/i18n.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { commitSession, getSession } from "#app/utils/session.server.ts";

const LoginFormSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
  redirectTo: z.string().max(2048).optional(),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "staff:login.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = getSafeRedirect({ to: url.searchParams.get("redirectTo") });
  if (await getStaffUser(request)) throw redirect(redirectTo);
  return { lang: getRequestLang(request), redirectTo };
}

export async function action({ request }: ActionFunctionArgs) {
  const lang = getRequestLang(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = LoginFormSchema.safeParse(form);
  if (!parsed.success) {
    return data({ error: t(lang, "staff:login.missing"), email: typeof form.email === "string" ? form.email : "" }, { status: 400 });
  }
  const user = await authenticateStaff({ email: parsed.data.email, password: parsed.data.password });
  if (!user) {
    // One message for an unknown e-mail, a wrong password and a disabled account.
    return data({ error: t(lang, "staff:login.invalid"), email: parsed.data.email }, { status: 400 });
  }
  const session = await getSession(request);
  session.set("staffUserId", user.id);
  session.set("signedInAt", Date.now());
  return redirect(getSafeRedirect({ to: parsed.data.redirectTo }), {
    headers: { "Set-Cookie": await commitSession(session) },
  });
}

export default function Login() {
  const { lang, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="login">
      <h1>{t(lang, "staff:login.title")}</h1>
      <p>{t(lang, "staff:login.lead")}</p>
      {/* A plain POST form: works without JavaScript. */}
      <Form method="post" action={`/login?lang=${lang}`}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <p>
          <label htmlFor="login-email">{t(lang, "staff:login.email")}</label>
          <br />
          <input id="login-email" name="email" type="email" autoComplete="username" required defaultValue={actionData?.email ?? ""} />
        </p>
        <p>
          <label htmlFor="login-password">{t(lang, "staff:login.password")}</label>
          <br />
          <input id="login-password" name="password" type="password" autoComplete="current-password" required />
        </p>
        {actionData?.error ? (
          <p role="alert" className="form-error">
            {actionData.error}
          </p>
        ) : null}
        <button type="submit">{t(lang, "staff:login.submit")}</button>
      </Form>
    </section>
  );
}
