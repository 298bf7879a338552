import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";

export const handle: PageHandle = { i18n: ["citizen", "transparency", "problems"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction = () => [{ title: "Міський контакт-центр Слов'янська" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { lang: getRequestLang(request) };
}

export default function Index() {
  const { lang } = useLoaderData<typeof loader>();
  return (
    <div className="citizen home">
      <h1>{t(lang, "home.title")}</h1>
      <p>{t(lang, "home.lead")}</p>
      <p className="emergency-line">{t(lang, "citizen:home.emergency")}</p>
      <div className="home-actions">
        <section aria-labelledby="home-report">
          <h2 id="home-report">
            <a className="button-link" href={`/report?lang=${lang}`}>
              {t(lang, "citizen:home.report")}
            </a>
          </h2>
          <p>{t(lang, "citizen:home.reportLead")}</p>
        </section>
        <section aria-labelledby="home-track">
          <h2 id="home-track">{t(lang, "citizen:home.track")}</h2>
          <p>{t(lang, "citizen:home.trackLead")}</p>
          <ul className="home-links">
            <li>
              <a href={`/find?lang=${lang}`}>{t(lang, "citizen:home.find")}</a>
            </li>
            <li>
              <a href={`/my?lang=${lang}`}>{t(lang, "citizen:home.my")}</a>
            </li>
          </ul>
        </section>
      </div>
      <ul>
        <li>
          <a href={`/deadlines?lang=${lang}`}>{t(lang, "home.deadlinesLink")}</a>
        </li>
        <li>
          <a href={`/map?lang=${lang}`}>{t(lang, "problems:nav.map")}</a>
        </li>
        <li>
          <a href={`/problems?lang=${lang}`}>{t(lang, "problems:nav.problems")}</a>
        </li>
        <li>
          <a href={`/accessibility?lang=${lang}`}>{t(lang, "problems:nav.accessibility")}</a>
        </li>
        <li>
          <a href={`/stats?lang=${lang}`}>{t(lang, "transparency:nav.stats")}</a>
        </li>
        <li>
          <a href={`/open-data?lang=${lang}`}>{t(lang, "transparency:nav.openData")}</a>
        </li>
        <li>
          <a href={`/staff?lang=${lang}`}>{t(lang, "home.staffLink")}</a>
        </li>
      </ul>
    </div>
  );
}
