// GET /open-data — the open data of requests: what the daily files hold and never hold, their
// format, the address of any day's file, the files of recent days, and every column described.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "#app/components/data-table.tsx";
import { listOpenDataDays, OPEN_DATA_COLUMNS } from "#app/domain/public/open-data.server.ts";
import { NEARBY_CELL_M } from "#app/domain/requests/find-nearby-requests.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";

export const handle: PageHandle = { i18n: ["transparency"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "transparency:openData.title") }];

const RECENT_DAYS = 14;

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const days = await listOpenDataDays(RECENT_DAYS);
  return { lang, days, columns: OPEN_DATA_COLUMNS.map((c) => ({ name: c.name, type: c.type })), cell: NEARBY_CELL_M };
}

export default function OpenData() {
  const { lang, days, columns, cell } = useLoaderData<typeof loader>();
  const L = (k: string, p?: Record<string, string | number>) => t(lang, `transparency:openData.${k}`, p);
  const q = lang === "en" ? "?lang=en" : "";
  const file = (date: string, format: "csv" | "json") => `/open-data/requests-${date}.${format}${q}`;
  const dateText = (iso: string) => iso.split("-").reverse().join(".");
  return (
    <div className="citizen open-data-page">
      <h1>{L("title")}</h1>
      <p>{L("lead")}</p>
      <p>
        {L("latest")}: <a href={file("latest", "csv")}>CSV</a> · <a href={file("latest", "json")}>JSON</a>
      </p>

      <h2>{L("whatTitle")}</h2>
      <p>{L("what")}</p>
      <p>{L("privacy", { cell })}</p>

      <h2>{L("formatTitle")}</h2>
      <ul>
        <li>{L("csv")}</li>
        <li>{L("json")}</li>
        <li>{L("lang")}</li>
        <li>{L("urls")}</li>
        <li>{L("cache")}</li>
      </ul>

      <h2>{L("days")}</h2>
      <DataTable
        testId="open-data-days"
        caption={L("days")}
        columns={[L("day"), L("count"), L("download")]}
        rows={days}
        row={(d) => (
          <tr key={d.date}>
            <th scope="row">{dateText(d.date)}</th>
            <td>{d.count}</td>
            <td>
              <a href={file(d.date, "csv")} aria-label={`${dateText(d.date)}: CSV`}>
                CSV
              </a>{" "}
              ·{" "}
              <a href={file(d.date, "json")} aria-label={`${dateText(d.date)}: JSON`}>
                JSON
              </a>
            </td>
          </tr>
        )}
      />

      <h2 id="columns">{L("columnsTitle")}</h2>
      <DataTable
        testId="open-data-columns"
        caption={L("columnsTitle")}
        columns={[L("column"), L("type"), L("description")]}
        rows={columns}
        row={(c) => (
          <tr key={c.name}>
            <th scope="row">
              <code>{c.name}</code>
            </th>
            <td>{L(`types.${c.type}`)}</td>
            <td>{L(`columns.${c.name}`)}</td>
          </tr>
        )}
      />
      <p>
        <a href={`/stats?lang=${lang}`}>{t(lang, "transparency:nav.stats")}</a>
      </p>
    </div>
  );
}
