import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LogoutForm } from "#app/components/console/logout-form.tsx";
import { getStaffProfile } from "#app/domain/staff/get-staff-profile.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";

export const handle: PageHandle = { i18n: ["console", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "staff:home.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  const profile = await getStaffProfile({ staffUserId: user.id });
  if (!profile) throw new Response("Not found", { status: 404 });
  return { lang: getRequestLang(request), profile };
}

export default function StaffHome() {
  const { lang, profile } = useLoaderData<typeof loader>();
  const q = `?lang=${lang}`;
  return (
    <section className="staff-home">
      <h1>{t(lang, "staff:home.title")}</h1>
      <p>{t(lang, "staff:home.signedInAs", { name: profile.name })}</p>
      <dl>
        <dt>{t(lang, "staff:home.email")}</dt>
        <dd>{profile.email}</dd>
        <dt>{t(lang, "staff:home.role")}</dt>
        <dd>{t(lang, `staff:roles.${profile.role}`)}</dd>
        <dt>{t(lang, "staff:home.department")}</dt>
        <dd>{profile.department ? (lang === "en" ? profile.department.nameEn : profile.department.nameUk) : t(lang, "staff:home.noDepartment")}</dd>
      </dl>
      <h2>{t(lang, "staff:home.tools")}</h2>
      <ul>
        <li>
          <a href={`/staff/sandbox-outbox${q}`}>{t(lang, "staff:home.sandboxOutbox")}</a>
        </li>
      </ul>
      <LogoutForm label={t(lang, "staff:logout")} />
    </section>
  );
}
