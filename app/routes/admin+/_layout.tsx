import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin/admin-nav.tsx";
import adminStyles from "#app/components/admin/admin.css?url";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { requireAdmin } from "./admin-route.server.ts";
import type { PageHandle } from "#app/utils/i18n-page.tsx";

export const handle: PageHandle = { i18n: ["admin"] };

export const links = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { lang: getRequestLang(request) };
}

export default function AdminLayout() {
  const { lang } = useLoaderData<typeof loader>();
  return (
    <div className="admin">
      <AdminNav lang={lang} />
      <Outlet />
    </div>
  );
}
