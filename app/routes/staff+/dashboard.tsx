import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { BarChart } from "#app/components/bar-chart.tsx";
import { durationText } from "#app/components/console/duration.ts";
import { SelectField } from "#app/components/console/labelled-field.tsx";
import { DataTable } from "#app/components/data-table.tsx";
import { DASHBOARD_PERIODS } from "#app/domain/inbox/dashboard-periods.ts";
import { getDashboard } from "#app/domain/inbox/get-dashboard.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { t } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["console", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "console:dashboard.title") }];

const DEFAULT_DAYS = 30;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, { roles: ["SUPERVISOR", "ADMIN", "DEPARTMENT_HEAD"] });
  const lang = getRequestLang(request);
  const search = readSearchParams(request);
  const asked = Number(search.get("days"));
  const days = (DASHBOARD_PERIODS as readonly number[]).includes(asked) ? asked : DEFAULT_DAYS;
  try {
    const d = await getDashboard({ actor: user, days, departmentId: search.get("department") ?? undefined });
    return { lang, ...d, since: d.since.toISOString(), now: d.now.toISOString() };
  } catch (e) {
    throwAsResponse(e, lang);
  }
}

type Data = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>>;

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);
/** "2026-12-03" → "03.12" */
const dayLabel = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;

/** The inbox list behind a figure: its filters, with the dashboard's department and the page's language. */
function inboxHref(d: Data, filters: Record<string, string>) {
  const q = new URLSearchParams({ ...filters, ...(d.departmentId ? { department: d.departmentId } : {}), lang: d.lang });
  return `/staff/inbox?${q}`;
}

/** A figure that opens its list; a zero is plain text (there is nothing behind it). */
function Figure(props: { value: ReactNode; count: number; href: string; label: string }) {
  if (!props.count) return <>{props.value}</>;
  return (
    <a href={props.href} aria-label={props.label}>
      {props.value}
    </a>
  );
}

function Breakdown(props: {
  d: Data;
  caption: string;
  rows: Data["byDepartment"];
  testid: string;
  filter: (r: Data["byDepartment"][number]) => Record<string, string> | null;
}) {
  const { d } = props;
  const L = (k: string, p?: Record<string, string | number>) => t(d.lang, `console:dashboard.${k}`, p);
  return (
    <DataTable
      testId={props.testid}
      caption={props.caption}
      columns={[L("name"), L("resolved"), L("onTime"), L("median")]}
      rows={props.rows}
      row={(r) => {
        const name = d.lang === "en" ? r.nameEn : r.nameUk;
        const filter = props.filter(r);
        return (
          <tr key={r.id ?? "none"}>
            <th scope="row">{name}</th>
            <td>
              {filter ? (
                <Figure
                  value={r.resolved}
                  count={r.resolved}
                  href={inboxHref(d, { resolvedFrom: d.sinceDay, ...filter })}
                  label={`${name}: ${L("resolved")} ${r.resolved}`}
                />
              ) : (
                r.resolved
              )}
            </td>
            <td>{pct(r.onTimeShare)}</td>
            <td>{durationText(d.lang, r.medianHours)}</td>
          </tr>
        );
      }}
    />
  );
}

/** Received and resolved per day: bars with a y axis (counts), an x axis (days), labels and a legend; each bar opens its list. */
function Chart({ d }: { d: Data }) {
  const L = (k: string, p?: Record<string, string | number>) => t(d.lang, `console:dashboard.${k}`, p);
  // Drill-down: a received bar lists the requests received that day, a resolved bar those resolved.
  const hrefs = [(day: string) => inboxHref(d, { receivedFrom: day, receivedTo: day }), (day: string) => inboxHref(d, { resolvedFrom: day, resolvedTo: day })];
  return (
    <>
      <BarChart
        id="dashboard-chart"
        testId="dashboard-chart"
        title={L("chart")}
        description={L("chartDesc", {
          from: dayLabel(d.sinceDay),
          to: dayLabel(d.today),
          max: Math.max(1, ...d.series.map((s) => Math.max(s.received, s.resolved))),
        })}
        labels={d.series.map((s) => dayLabel(s.day))}
        series={[
          { name: L("received"), color: "#2b6cb0", values: d.series.map((s) => s.received) },
          { name: L("resolvedDay"), color: "#2f855a", values: d.series.map((s) => s.resolved) },
        ]}
        xAxis={L("axisDay")}
        yAxis={L("axisCount")}
        href={(k, i) => hrefs[k]!(d.series[i]!.day)}
      />
      <details className="chart-table">
        <summary>{L("chartTable")}</summary>
        <DataTable
          testId="dashboard-series"
          caption={L("chart")}
          columns={[L("axisDay"), L("received"), L("resolvedDay")]}
          rows={d.series}
          row={(s) => (
            <tr key={s.day}>
              <th scope="row">{dayLabel(s.day)}</th>
              <td>
                <Figure
                  value={s.received}
                  count={s.received}
                  href={inboxHref(d, { receivedFrom: s.day, receivedTo: s.day })}
                  label={`${dayLabel(s.day)}: ${L("received")} ${s.received}`}
                />
              </td>
              <td>
                <Figure
                  value={s.resolved}
                  count={s.resolved}
                  href={inboxHref(d, { resolvedFrom: s.day, resolvedTo: s.day })}
                  label={`${dayLabel(s.day)}: ${L("resolvedDay")} ${s.resolved}`}
                />
              </td>
            </tr>
          )}
        />
      </details>
    </>
  );
}

export default function Dashboard() {
  const d = useLoaderData<typeof loader>() as Data;
  const { lang } = d;
  const L = (k: string, p?: Record<string, string | number>) => t(lang, `console:dashboard.${k}`, p);
  const name = (o: { nameUk: string; nameEn: string }) => (lang === "en" ? o.nameEn : o.nameUk);
  const resolvedFilter = { resolvedFrom: d.sinceDay };
  const figures: { key: string; label: string; value: ReactNode; count: number; filter: Record<string, string> | null }[] = [
    { key: "open-count", label: L("openTotal"), value: d.openTotal, count: d.openTotal, filter: { open: "1" } },
    { key: "overdue-count", label: L("overdue"), value: d.overdue, count: d.overdue, filter: { overdue: "1" } },
    { key: "due-soon-count", label: L("dueSoon"), value: d.dueSoon, count: d.dueSoon, filter: { dueSoon: "1" } },
    { key: "resolved-count", label: L("resolved"), value: d.totals.resolved, count: d.totals.resolved, filter: resolvedFilter },
    { key: "on-time-share", label: L("onTime"), value: pct(d.totals.onTimeShare), count: d.totals.resolved, filter: resolvedFilter },
    { key: "median-hours", label: L("median"), value: durationText(lang, d.totals.medianHours), count: d.totals.resolved, filter: resolvedFilter },
  ];
  return (
    <section className="dashboard">
      <h1>{L("title")}</h1>
      <p>
        {d.scope === "city" ? L("scopeCity", { count: d.days }) : L("scopeDepartment", { count: d.days })} ({dayLabel(d.sinceDay)}–{dayLabel(d.today)})
      </p>
      <Form method="get" className="dashboard-filters" aria-label={L("filters")}>
        <input type="hidden" name="lang" value={lang} />
        <SelectField
          label={L("period")}
          name="days"
          defaultValue={String(d.days)}
          choices={DASHBOARD_PERIODS.map((n) => ({ value: String(n), label: L("periodDays", { count: n }) }))}
        />
        {d.scope === "city" ? (
          <SelectField
            label={L("department")}
            name="department"
            defaultValue={d.departmentId ?? ""}
            none={L("allDepartments")}
            choices={d.departments.map((o) => ({ value: o.id, label: name(o) }))}
          />
        ) : null}
        <button type="submit">{L("show")}</button>
      </Form>

      <dl className="dashboard-counts">
        {figures.map((f) => (
          <div key={f.key}>
            <dt>{f.label}</dt>
            <dd data-testid={`dashboard-${f.key}`}>
              {f.filter ? <Figure value={f.value} count={f.count} href={inboxHref(d, f.filter)} label={`${f.label}: ${f.value}`} /> : f.value}
            </dd>
          </div>
        ))}
      </dl>

      <h2>{L("load")}</h2>
      <ul className="dashboard-statuses">
        {d.openByStatus.map((s) => (
          <li key={s.status}>
            {t(lang, `console:status.${s.status}`)}:{" "}
            <Figure value={s.n} count={s.n} href={inboxHref(d, { status: s.status })} label={`${t(lang, `console:status.${s.status}`)}: ${s.n}`} />
          </li>
        ))}
      </ul>

      <h2>{L("chart")}</h2>
      <Chart d={d} />

      <h2>{L("officers")}</h2>
      <DataTable
        testId="dashboard-officers"
        columns={[L("officer"), L("officerOpen"), L("overdue")]}
        rows={d.officers}
        empty={L("officersNone")}
        row={(o) => (
          <tr key={o.id}>
            <th scope="row">{o.name}</th>
            <td data-testid={`officer-open-${o.id}`}>
              <Figure value={o.open} count={o.open} href={inboxHref(d, { assignee: o.id, open: "1" })} label={`${o.name}: ${L("officerOpen")} ${o.open}`} />
            </td>
            <td data-testid={`officer-overdue-${o.id}`}>
              <Figure
                value={o.overdue}
                count={o.overdue}
                href={inboxHref(d, { assignee: o.id, overdue: "1" })}
                label={`${o.name}: ${L("overdue")} ${o.overdue}`}
              />
            </td>
          </tr>
        )}
      />

      <h2>{L("breakdown")}</h2>
      <Breakdown
        d={d}
        caption={L("byDepartment")}
        rows={d.byDepartment}
        testid="dashboard-by-department"
        filter={(r) => (r.id ? { department: r.id } : null)}
      />
      <Breakdown d={d} caption={L("byCategory")} rows={d.byCategory} testid="dashboard-by-category" filter={(r) => (r.code ? { category: r.code } : null)} />
      <p>
        <a href={`/staff/export?lang=${lang}${d.departmentId ? `&department=${d.departmentId}` : ""}`}>{L("export")}</a>
      </p>
    </section>
  );
}
