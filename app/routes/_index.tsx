import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { t } from "#app/utils/i18n.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";

export const meta: MetaFunction = () => [{ title: "Міський контакт-центр Слов'янська" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { lang: getRequestLang(request) };
}

export default function Index() {
  const { lang } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t(lang, "home.title")}</h1>
      <p>{t(lang, "home.lead")}</p>
      <ul>
        <li><a href={`/deadlines?lang=${lang}`}>{t(lang, "home.deadlinesLink")}</a></li>
        <li><a href={`/staff?lang=${lang}`}>{t(lang, "home.staffLink")}</a></li>
      </ul>
    </>
  );
}
