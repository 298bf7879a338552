// GET /map — the public map of requests (no sign-in). The map (Leaflet, in the browser only)
// gathers nearby pins and opens a request's public card from its pin; under it the same
// requests as a list with pages, for anyone without JavaScript or without map tiles.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css?url";
import { PublicFiltersForm } from "#app/components/public/public-filters-form.tsx";
import { PublicMap } from "#app/components/public/public-map.tsx";
import { PublicRequestTable } from "#app/components/public/public-request-table.tsx";
import { useHydrated } from "#app/components/public/use-hydrated.ts";
import { filtersQuery } from "#app/domain/public/public-filters.ts";
import { listPublicChoices, listPublicMapPoints, listPublicRequests } from "#app/domain/public/list-public-requests.server.ts";
import { withPublicFilters } from "#app/domain/public/public-page.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

export const handle: PageHandle = { i18n: ["problems"] };
export const clientLoader = loadPageTexts(handle);

export const links = () => [{ rel: "stylesheet", href: leafletCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "problems:map.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const params = readSearchParams(request);
  const env = getEnv();
  const [choices, page] = await Promise.all([
    listPublicChoices({ lang }),
    withPublicFilters({
      params,
      lang,
      read: async (filters) => {
        const [map, list] = await Promise.all([listPublicMapPoints({ filters, lang }), listPublicRequests({ filters, lang })]);
        return { map, list };
      },
    }),
  ]);
  const body = {
    lang,
    choices,
    filters: page.filters,
    map: page.result?.map ?? null,
    list: page.result?.list ?? null,
    error: page.error,
    tiles: { url: env.MAP_TILE_URL, attribution: env.MAP_ATTRIBUTION },
  };
  return page.error ? data(body, { status: page.error.status }) : body;
}

export default function PublicMapPage() {
  const { lang, choices, filters, map, list, error, tiles } = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  return (
    <div className="citizen public-page">
      <h1>{t(lang, "problems:map.title")}</h1>
      <p>{t(lang, "problems:map.lead")}</p>
      <p>
        <a href={`/problems?${filtersQuery(filters, lang)}`}>{t(lang, "problems:map.toList")}</a> ·{" "}
        <a href={`/accessibility?lang=${lang}`}>{t(lang, "problems:nav.accessibility")}</a>
      </p>
      <PublicFiltersForm lang={lang} action="/map" fields={["category", "district", "status", "period"]} choices={choices} values={filters} error={error} />
      {map ? (
        <>
          <p data-testid="map-points" data-count={map.points.length}>
            {t(lang, "problems:map.points", { count: map.points.length })}
            {map.truncated ? ` ${t(lang, "problems:map.truncated", { shown: map.points.length, total: map.total })}` : ""}
          </p>
          {hydrated ? (
            <PublicMap
              lang={lang}
              points={map.points}
              tileUrl={tiles.url}
              attribution={tiles.attribution}
              colourBy="state"
              label={t(lang, "problems:map.label")}
            />
          ) : null}
        </>
      ) : null}
      {list ? (
        <section aria-labelledby="map-list">
          <h2 id="map-list">{t(lang, "problems:map.listTitle")}</h2>
          <p className="muted">{t(lang, "problems:map.listHint")}</p>
          <PublicRequestTable
            lang={lang}
            id="map"
            caption={t(lang, "problems:list.caption")}
            rows={list.items}
            total={list.total}
            page={list.page}
            pageCount={list.pageCount}
            pageHref={(p) => `/map?${filtersQuery(filters, lang, { page: String(p) })}`}
          />
        </section>
      ) : null}
    </div>
  );
}
