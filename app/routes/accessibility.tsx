// GET /accessibility — the city's accessibility map for people with disabilities and their
// families: barriers residents reported (through any door: the web form, Telegram, SMS, the
// hotline) with their status — reported, being fixed, fixed — by kind and district, on a
// map and as a list that works without JavaScript.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css?url";
import { PublicFiltersForm } from "#app/components/public/public-filters-form.tsx";
import { PublicMap } from "#app/components/public/public-map.tsx";
import { PublicRequestTable } from "#app/components/public/public-request-table.tsx";
import { useHydrated } from "#app/components/public/use-hydrated.ts";
import { ACCESSIBILITY_GROUP, BARRIER_STAGES, filtersQuery } from "#app/domain/public/public-filters.ts";
import { listBarriers, listPublicChoices } from "#app/domain/public/list-public-requests.server.ts";
import { withPublicFilters } from "#app/domain/public/public-page.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

export const handle: PageHandle = { i18n: ["problems"] };
export const clientLoader = loadPageTexts(handle);

export const links = () => [{ rel: "stylesheet", href: leafletCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "problems:accessibility.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const params = readSearchParams(request);
  const env = getEnv();
  const [choices, page] = await Promise.all([
    listPublicChoices({ lang, group: ACCESSIBILITY_GROUP }),
    // A barrier stays on the map until it is fixed, however old: all time unless a period is chosen.
    withPublicFilters({ params, lang, categoryParam: "type", defaultPeriod: null, read: (filters) => listBarriers({ filters, lang }) }),
  ]);
  const body = {
    lang,
    choices,
    filters: page.filters,
    barriers: page.result,
    error: page.error,
    tiles: { url: env.MAP_TILE_URL, attribution: env.MAP_ATTRIBUTION },
  };
  return page.error ? data(body, { status: page.error.status }) : body;
}

export default function AccessibilityMap() {
  const { lang, choices, filters, barriers, error, tiles } = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  const A = (key: string) => t(lang, `problems:accessibility.${key}`);
  const query = (extra: Record<string, string> = {}) => filtersQuery(filters, lang, extra, "type");
  return (
    <div className="citizen public-page">
      <h1>{A("title")}</h1>
      <p>{A("lead")}</p>
      <p>
        <a className="button-link" href={`/report?lang=${lang}`}>
          {A("report")}
        </a>
      </p>
      <p className="muted">{A("howTo")}</p>
      <PublicFiltersForm
        lang={lang}
        action="/accessibility"
        fields={["type", "district", "stage", "period"]}
        choices={choices}
        values={filters}
        error={error}
      />
      {barriers ? (
        <>
          <section aria-labelledby="barrier-counts">
            <h2 id="barrier-counts">{A("counts")}</h2>
            <ul className="stage-counts" data-testid="stage-counts">
              {BARRIER_STAGES.map((s) => (
                <li key={s} data-stage={s} data-count={barriers.counts[s]}>
                  <span className={`stage-dot stage-${s}`} aria-hidden="true" />{" "}
                  <a href={`/accessibility?${query({ stage: s })}`}>{t(lang, `problems:stage.${s}`)}</a>: <strong>{barriers.counts[s]}</strong>
                </li>
              ))}
            </ul>
          </section>
          {hydrated ? (
            <PublicMap lang={lang} points={barriers.map.points} tileUrl={tiles.url} attribution={tiles.attribution} colourBy="stage" label={A("label")} />
          ) : null}
          <PublicRequestTable
            lang={lang}
            id="barriers"
            caption={A("caption")}
            rows={barriers.list.items}
            total={barriers.list.total}
            page={barriers.list.page}
            pageCount={barriers.list.pageCount}
            pageHref={(p) => `/accessibility?${query({ page: String(p) })}`}
            stages
          />
        </>
      ) : null}
    </div>
  );
}
