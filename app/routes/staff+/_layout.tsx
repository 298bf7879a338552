import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useMatches, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "#app/components/error-page.tsx";
import { LogoutForm } from "#app/components/console/logout-form.tsx";
import { canUsePhoneSimulator } from "#app/domain/notifications/phone-sandbox.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { t, type Lang } from "#app/utils/i18n.ts";
import type { PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";

export const handle: PageHandle = { i18n: ["console", "staff"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  // The simulator link only where the page would open (sandbox mode, admins).
  return { lang: getRequestLang(request), user: { name: user.name, role: user.role }, canSimulate: canUsePhoneSimulator(user.role) };
}

type LayoutData = Awaited<ReturnType<typeof loader>>;

export default function StaffLayout() {
  return (
    <StaffFrame data={useLoaderData<typeof loader>()}>
      <Outlet />
    </StaffFrame>
  );
}

/**
 * A staff page that failed (a role that may not open it: 403; a fault: 500) keeps the staff
 * navigation around the error, so the way back to the inbox stays where it always is. Only
 * when the layout's own loader failed (not signed in) does the plain error page show.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const loaded = useMatches().map((m) => m.data as Partial<LayoutData> | undefined);
  const data = loaded.find((d): d is LayoutData => Boolean(d && d.user && typeof d.canSimulate === "boolean"));
  const lang: Lang = data?.lang ?? loaded.map((d) => d?.lang).find((l): l is Lang => l === "uk" || l === "en") ?? "uk";
  const page = <ErrorPage error={error} lang={lang} />;
  return data ? <StaffFrame data={data}>{page}</StaffFrame> : page;
}

function StaffFrame({ data, children }: { data: LayoutData; children: ReactNode }) {
  const { lang, user, canSimulate } = data;
  const q = `?lang=${lang}`;
  const canDashboard = ["SUPERVISOR", "ADMIN", "DEPARTMENT_HEAD"].includes(user.role);
  const canPhone = ["OPERATOR", "SUPERVISOR", "ADMIN"].includes(user.role);
  return (
    <div className="staff-console">
      <nav aria-label={t(lang, "console:nav.label")} className="staff-nav">
        <ul>
          <li>
            <a href={`/staff/inbox${q}`}>{t(lang, "console:nav.inbox")}</a>
          </li>
          {canPhone ? (
            <li>
              <a href={`/staff/phone-appeal${q}`}>{t(lang, "console:nav.phoneAppeal")}</a>
            </li>
          ) : null}
          {canPhone ? (
            <li>
              <a href={`/staff/calls${q}`}>{t(lang, "console:nav.calls")}</a>
            </li>
          ) : null}
          <li>
            <a href={`/staff/handoffs${q}`}>{t(lang, "console:nav.handoffs")}</a>
          </li>
          {canDashboard ? (
            <li>
              <a href={`/staff/dashboard${q}`}>{t(lang, "console:nav.dashboard")}</a>
            </li>
          ) : null}
          <li>
            <a href={`/staff/sandbox-outbox${q}`}>{t(lang, "console:nav.outbox")}</a>
          </li>
          {canSimulate ? (
            <li>
              <a href={`/staff/phone-simulator${q}`}>{t(lang, "console:nav.simulator")}</a>
            </li>
          ) : null}
          {user.role === "ADMIN" ? (
            <li>
              <a href={`/admin${q}`}>{t(lang, "console:nav.admin")}</a>
            </li>
          ) : null}
        </ul>
        <span className="staff-nav-user">
          {user.name} · {t(lang, `staff:roles.${user.role}`)}
        </span>
        <LogoutForm label={t(lang, "console:nav.logout")} />
      </nav>
      {children}
    </div>
  );
}
