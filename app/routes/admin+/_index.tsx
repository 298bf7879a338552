import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { requireAdmin } from "./admin-route.server.ts";

export const handle: PageHandle = { i18n: ["admin"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "admin:home.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  return { lang: getRequestLang(request), name: user.name };
}

export default function AdminHome() {
  const { lang, name } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t(lang, "admin:home.title")}</h1>
      <p>{t(lang, "admin:home.lead", { name })}</p>
    </section>
  );
}
