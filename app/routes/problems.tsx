// GET /problems — the public list of open and recently solved problems (no sign-in): the
// public part of each request only, with filters and pages, all without JavaScript.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PublicFiltersForm } from "#app/components/public/public-filters-form.tsx";
import { PublicRequestTable } from "#app/components/public/public-request-table.tsx";
import { filtersQuery } from "#app/domain/public/public-filters.ts";
import { listPublicChoices, listPublicRequests } from "#app/domain/public/list-public-requests.server.ts";
import { withPublicFilters } from "#app/domain/public/public-page.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

export const handle: PageHandle = { i18n: ["problems"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "problems:problems.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const params = readSearchParams(request);
  const [choices, page] = await Promise.all([
    listPublicChoices({ lang }),
    withPublicFilters({ params, lang, read: (filters) => listPublicRequests({ filters, lang }) }),
  ]);
  const body = { lang, choices, filters: page.filters, list: page.result, error: page.error };
  return page.error ? data(body, { status: page.error.status }) : body;
}

export default function Problems() {
  const { lang, choices, filters, list, error } = useLoaderData<typeof loader>();
  return (
    <div className="citizen public-page">
      <h1>{t(lang, "problems:problems.title")}</h1>
      <p>{t(lang, "problems:problems.lead")}</p>
      <p>
        <a href={`/map?${filtersQuery(filters, lang)}`}>{t(lang, "problems:problems.toMap")}</a> ·{" "}
        <a href={`/accessibility?lang=${lang}`}>{t(lang, "problems:nav.accessibility")}</a>
      </p>
      <PublicFiltersForm
        lang={lang}
        action="/problems"
        fields={["category", "district", "status", "period"]}
        choices={choices}
        values={filters}
        error={error}
      />
      {list ? (
        <PublicRequestTable
          lang={lang}
          id="problems"
          caption={t(lang, "problems:list.caption")}
          rows={list.items}
          total={list.total}
          page={list.page}
          pageCount={list.pageCount}
          pageHref={(p) => `/problems?${filtersQuery(filters, lang, { page: String(p) })}`}
        />
      ) : null}
    </div>
  );
}
