// GET /stats — the city's public statistics of requests (no login): a period, a service and
// a category to look at; totals, trend charts with a table of their numbers, the league
// table of services and the figures by service and by category. A plain GET form: works
// without JavaScript. An address that cannot be read answers 400 saying what to fix.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { BarChart } from "#app/components/bar-chart.tsx";
import { durationText } from "#app/components/console/duration.ts";
import { SelectField, TextField } from "#app/components/console/labelled-field.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { getPublicStats, getStatsChoices, parseStatsQuery, UnknownFilterError, type StatsLine } from "#app/domain/public/public-stats.server.ts";
import { LEAGUE_MIN_RESOLVED, STATS_PERIODS } from "#app/domain/public/stats-periods.ts";
import { t, type Lang } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

export const handle: PageHandle = { i18n: ["transparency"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "transparency:stats.title") }];

function refuse(lang: Lang, status: number, key: string): never {
  throw new Response(t(lang, key), { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const parsed = parseStatsQuery(readSearchParams(request));
  if ("error" in parsed) refuse(lang, 400, parsed.error.key);
  try {
    const [stats, choices] = await Promise.all([getPublicStats(parsed.query, lang), getStatsChoices(lang)]);
    return { lang, ...stats, since: stats.since.toISOString(), until: stats.until.toISOString(), choices };
  } catch (e) {
    if (e instanceof UnknownFilterError)
      refuse(lang, 404, e.field === "department" ? "transparency:errors.unknownDepartment" : "transparency:errors.unknownCategory");
    throw e;
  }
}

type Data = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>>;

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);
/** "2026-12-03" → "03.12.2026"; "2026-12" → "12.2026" */
const dateText = (iso: string) => iso.split("-").reverse().join(".");
/** A bucket's short label: a day "03.12", a month "12.2026". */
const bucketLabel = (key: string) => (key.length === 10 ? `${key.slice(8, 10)}.${key.slice(5, 7)}` : dateText(key));

function FiguresTable(props: { d: Data; caption: string; rows: StatsLine[]; testId: string; withGroup?: boolean; empty: string }) {
  const { d } = props;
  const L = (k: string, p?: Record<string, string | number>) => t(d.lang, `transparency:stats.${k}`, p);
  const columns = [L("name"), ...(props.withGroup ? [L("group")] : []), L("received"), L("resolved"), L("onTime"), L("median"), L("satisfaction")];
  return (
    <DataTable
      testId={props.testId}
      caption={props.caption}
      columns={columns}
      rows={props.rows}
      empty={props.empty}
      row={(r) => (
        <tr key={r.code ?? "none"} data-code={r.code ?? ""}>
          <th scope="row">{r.name || (props.withGroup ? L("noCategory") : L("noDepartment"))}</th>
          {props.withGroup ? <td>{r.group ?? ""}</td> : null}
          <Cells d={d} r={r} />
        </tr>
      )}
    />
  );
}

/** The figures of one line: received, resolved, on-time share (of how many), median, satisfaction (of how many ratings). */
function Cells({ d, r }: { d: Data; r: StatsLine }) {
  const L = (k: string, p?: Record<string, string | number>) => t(d.lang, `transparency:stats.${k}`, p);
  return (
    <>
      <td data-figure="received">{r.received}</td>
      <td data-figure="resolved">{r.resolved}</td>
      <td data-figure="on-time">
        {r.onTimeShare === null ? "—" : L("onTimeOf", { share: pct(r.onTimeShare), onTime: r.onTime, withDeadline: r.withDeadline })}
      </td>
      <td data-figure="median">{durationText(d.lang, r.medianHours, "transparency:stats.duration")}</td>
      <td data-figure="satisfaction">{r.satisfaction === null ? "—" : L("satisfactionOf", { mean: r.satisfaction.toFixed(1), count: r.ratings })}</td>
    </>
  );
}

export default function Stats() {
  const d = useLoaderData<typeof loader>() as Data;
  const { lang } = d;
  const L = (k: string, p?: Record<string, string | number>) => t(lang, `transparency:stats.${k}`, p);
  const labels = d.series.map((s) => bucketLabel(s.key));
  const first = labels[0] ?? "";
  const last = labels[labels.length - 1] ?? "";
  const xAxis = d.bucket === "day" ? L("axisDay") : L("axisMonth");
  const maxVolume = Math.max(0, ...d.series.map((s) => Math.max(s.received, s.resolved)));
  const totals: { key: string; label: string; value: ReactNode }[] = [
    { key: "received", label: L("received"), value: String(d.totals.received) },
    { key: "resolved", label: L("resolved"), value: String(d.totals.resolved) },
    {
      key: "on-time",
      label: L("onTime"),
      value:
        d.totals.onTimeShare === null ? (
          "—"
        ) : (
          <>
            {pct(d.totals.onTimeShare)} <small>{L("onTimeCount", { onTime: d.totals.onTime, withDeadline: d.totals.withDeadline })}</small>
          </>
        ),
    },
    { key: "median", label: L("median"), value: durationText(lang, d.totals.medianHours, "transparency:stats.duration") },
    {
      key: "satisfaction",
      label: L("satisfaction"),
      value:
        d.totals.satisfaction === null ? (
          "—"
        ) : (
          <>
            {d.totals.satisfaction.toFixed(1)} <small>{L("ratingsCount", { count: d.totals.ratings })}</small>
          </>
        ),
    },
  ];
  return (
    <div className="citizen stats-page dashboard">
      <h1>{L("title")}</h1>
      <p>{L("lead")}</p>
      <p data-testid="stats-scope">{L("scope", { from: dateText(d.query.from), to: dateText(d.query.to) })}</p>

      <form method="get" action="/stats" className="dashboard-filters" aria-label={L("filters")}>
        <input type="hidden" name="lang" value={lang} />
        <SelectField
          label={L("period")}
          name="days"
          defaultValue={String(d.query.days ?? "")}
          none={d.query.days === null ? "—" : undefined}
          choices={STATS_PERIODS.map((n) => ({ value: String(n), label: L("periodDays", { count: n }) }))}
        />
        <SelectField
          label={L("department")}
          name="department"
          defaultValue={d.query.department ?? ""}
          none={L("allDepartments")}
          choices={d.choices.departments.map((o) => ({ value: o.code, label: o.name }))}
        />
        <SelectField
          label={L("category")}
          name="category"
          defaultValue={d.query.category ?? ""}
          none={L("allCategories")}
          choices={d.choices.categories.map((o) => ({ value: o.code, label: o.level ? `— ${o.name}` : o.name }))}
        />
        <fieldset>
          <legend>{L("customPeriod")}</legend>
          <TextField label={L("from")} type="date" name="from" defaultValue={d.query.days === null ? d.query.from : ""} />
          <TextField label={L("to")} type="date" name="to" defaultValue={d.query.days === null ? d.query.to : ""} />
        </fieldset>
        <button type="submit">{L("show")}</button>
      </form>

      <h2>{L("totals")}</h2>
      <dl className="dashboard-counts">
        {totals.map((f) => (
          <div key={f.key}>
            <dt>{f.label}</dt>
            <dd data-testid={`stats-${f.key}`}>{f.value}</dd>
          </div>
        ))}
      </dl>
      <p>{L("publicOnly")}</p>

      <h2>{L("trend")}</h2>
      <BarChart
        id="stats-volume-chart"
        title={L("chartVolume")}
        description={L("chartVolumeDesc", { from: first, to: last, max: maxVolume })}
        labels={labels}
        xAxis={xAxis}
        yAxis={L("axisCount")}
        series={[
          { name: L("received"), color: "#2b6cb0", values: d.series.map((s) => s.received) },
          { name: L("resolved"), color: "#2f855a", values: d.series.map((s) => s.resolved) },
        ]}
      />
      <BarChart
        id="stats-on-time-chart"
        title={L("chartOnTime")}
        description={L("chartOnTimeDesc", { from: first, to: last })}
        labels={labels}
        xAxis={xAxis}
        yAxis={L("axisShare")}
        max={100}
        format={(v) => `${Math.round(v)}%`}
        series={[{ name: L("onTime"), color: "#975a16", values: d.series.map((s) => (s.onTimeShare === null ? null : s.onTimeShare * 100)) }]}
      />
      <details className="chart-table">
        <summary>{L("chartTable")}</summary>
        <DataTable
          testId="stats-series"
          caption={L("trend")}
          columns={[xAxis, L("received"), L("resolved"), L("onTime")]}
          rows={d.series}
          row={(s) => (
            <tr key={s.key}>
              <th scope="row">{bucketLabel(s.key)}</th>
              <td>{s.received}</td>
              <td>{s.resolved}</td>
              <td>{pct(s.onTimeShare)}</td>
            </tr>
          )}
        />
      </details>

      <h2 id="league">{L("league")}</h2>
      <p>{L("leagueLead")}</p>
      <p data-testid="league-rule">{L("leagueRule", { min: LEAGUE_MIN_RESOLVED })}</p>
      <DataTable
        testId="stats-league"
        caption={L("league")}
        columns={[L("rank"), L("name"), L("received"), L("resolved"), L("onTime"), L("median"), L("satisfaction")]}
        rows={d.league.ranked}
        empty={L("none")}
        row={(r) => (
          <tr key={r.code ?? "none"} data-code={r.code ?? ""}>
            <td data-figure="rank">{r.rank}</td>
            <th scope="row">{r.name}</th>
            <Cells d={d} r={r} />
          </tr>
        )}
      />
      {d.league.unranked.length ? (
        <FiguresTable d={d} caption={L("unranked")} rows={d.league.unranked} testId="stats-league-unranked" empty={L("none")} />
      ) : null}

      <h2>{L("byDepartment")}</h2>
      <FiguresTable d={d} caption={L("byDepartment")} rows={d.byDepartment} testId="stats-by-department" empty={L("none")} />
      <h2>{L("byCategory")}</h2>
      <FiguresTable d={d} caption={L("byCategory")} rows={d.byCategory} testId="stats-by-category" withGroup empty={L("none")} />

      <h2>{L("definitions")}</h2>
      <ul>
        {["definitionReceived", "definitionResolved", "definitionOnTime", "definitionMedian", "definitionSatisfaction"].map((k) => (
          <li key={k}>{L(k)}</li>
        ))}
      </ul>
      <p>
        <a href={`/open-data?lang=${lang}`}>{L("openDataLink")}</a>
      </p>
    </div>
  );
}
