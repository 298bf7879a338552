import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "#app/components/csrf-input.tsx";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { signInStaff } from "#app/domain/staff/sign-in-staff.server.ts";
import { getSafeRedirect, getStaffUser } from "#app/utils/auth.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { createStaffSession } from "#app/utils/session.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { readForm } from "#app/utils/request-input.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";

const LoginFormSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
  redirectTo: z.string().max(2048).optional(),
});

export const handle: PageHandle = { i18n: ["staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "staff:login.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = getSafeRedirect({ to: url.searchParams.get("redirectTo") });
  if (await getStaffUser(request)) throw redirect(redirectTo);
  return { lang: getRequestLang(request), redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const lang = getRequestLang(request);
  const formData = await readForm(request);
  requireCsrf(request, formData);
  let credentials: z.output<typeof LoginFormSchema>;
  try {
    credentials = parseForm(formData, LoginFormSchema);
  } catch (e) {
    const error = toUserError(e, lang, { labels: "staff:login" });
    const email = formData.get("email");
    return data({ error: error.message, email: typeof email === "string" ? email.slice(0, 254) : "" }, { status: error.status });
  }
  const address = getClientAddress(request, context);
  const result = await signInStaff({ email: credentials.email, password: credentials.password, address });
  if (!result.ok && result.reason === "throttled") {
    const minutes = Math.ceil(result.retryAfterSeconds / 60);
    // "14:35" in Kyiv time: when a throttled person may try again.
    const at = formatKyivTime(new Date(Date.now() + result.retryAfterSeconds * 1000), "time");
    return data(
      { error: t(lang, "staff:login.throttled", { minutes, time: at }), email: credentials.email },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (!result.ok) {
    // One message for an unknown e-mail, a wrong password and a disabled account.
    return data({ error: t(lang, "staff:login.invalid"), email: credentials.email }, { status: 400 });
  }
  // A new session row (and id) on every sign-in: an id planted before sign-in is never reused.
  const setCookie = await createStaffSession({ staffUserId: result.user.id, ip: address });
  return redirect(getSafeRedirect({ to: credentials.redirectTo }), { headers: { "Set-Cookie": setCookie } });
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
        <CsrfInput />
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
