import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "#app/components/data-table.tsx";
import { getDashboard } from "#app/domain/inbox/get-dashboard.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { t, type Lang } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["console", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: t(data?.lang ?? "uk", "console:dashboard.title") }];

const DAYS = 30;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, { roles: ["SUPERVISOR", "ADMIN", "DEPARTMENT_HEAD"] });
  const lang = getRequestLang(request);
  try {
    const d = await getDashboard({ actor: user, days: DAYS });
    return { lang, ...d, since: d.since.toISOString(), now: d.now.toISOString() };
  } catch (e) {
    throwAsResponse(e, lang);
  }
}

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);

function Table(props: {
  lang: Lang;
  caption: string;
  rows: { id: string | null; nameUk: string; nameEn: string; resolved: number; onTimeShare: number | null; medianHours: number | null }[];
  testid: string;
}) {
  const L = (k: string, p?: Record<string, string | number>) => t(props.lang, `console:dashboard.${k}`, p);
  return (
    <DataTable
      testId={props.testid}
      caption={props.caption}
      columns={[L("name"), L("resolved"), L("onTime"), L("median")]}
      rows={props.rows}
      row={(r) => (
        <tr key={r.id ?? "none"}>
          <th scope="row">{props.lang === "en" ? r.nameEn : r.nameUk}</th>
          <td>{r.resolved}</td>
          <td>{pct(r.onTimeShare)}</td>
          <td>{r.medianHours === null ? "—" : L("hours", { h: r.medianHours })}</td>
        </tr>
      )}
    />
  );
}

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const { lang } = d;
  const L = (k: string, p?: Record<string, string | number>) => t(lang, `console:dashboard.${k}`, p);
  const max = Math.max(1, ...d.series.map((s) => Math.max(s.received, s.resolved)));
  const W = 14;
  const H = 120;
  return (
    <section className="dashboard">
      <h1>{L("title")}</h1>
      <p>{d.scope === "city" ? L("scopeCity", { count: DAYS }) : L("scopeDepartment", { count: DAYS })}</p>
      <dl className="dashboard-counts">
        <dt>{L("openTotal")}</dt>
        <dd data-testid="dashboard-open-count">{d.openTotal}</dd>
        <dt>{L("overdue")}</dt>
        <dd data-testid="dashboard-overdue-count">{d.overdue}</dd>
        <dt>{L("dueSoon")}</dt>
        <dd data-testid="dashboard-due-soon-count">{d.dueSoon}</dd>
        <dt>{L("resolved")}</dt>
        <dd data-testid="dashboard-resolved-count">{d.totals.resolved}</dd>
        <dt>{L("onTime")}</dt>
        <dd data-testid="dashboard-on-time-share">{pct(d.totals.onTimeShare)}</dd>
        <dt>{L("median")}</dt>
        <dd data-testid="dashboard-median-hours">{d.totals.medianHours === null ? "—" : L("hours", { h: d.totals.medianHours })}</dd>
      </dl>
      <h2>{L("load")}</h2>
      <ul>
        {d.openByStatus.map((s) => (
          <li key={s.status}>
            {t(lang, `console:status.${s.status}`)}: {s.n}
          </li>
        ))}
      </ul>
      <h2>{L("chart")}</h2>
      <svg role="img" aria-label={L("chart")} width={d.series.length * W + 10} height={H + 20} viewBox={`0 0 ${d.series.length * W + 10} ${H + 20}`}>
        {d.series.map((s, i) => {
          const hr = (s.received / max) * H;
          const hs = (s.resolved / max) * H;
          return (
            <g key={s.day}>
              <title>{`${s.day}: ${L("received")} ${s.received}, ${L("resolved")} ${s.resolved}`}</title>
              <rect x={i * W + 2} y={H - hr} width={5} height={hr} fill="#2b6cb0" />
              <rect x={i * W + 8} y={H - hs} width={5} height={hs} fill="#2f855a" />
            </g>
          );
        })}
        <line x1={0} y1={H} x2={d.series.length * W + 10} y2={H} stroke="#333" />
      </svg>
      <p>
        <span style={{ color: "#2b6cb0" }}>■</span> {L("received")} <span style={{ color: "#2f855a" }}>■</span> {L("resolved")}
      </p>
      <Table lang={lang} caption={L("byDepartment")} rows={d.byDepartment} testid="dashboard-by-department" />
      <Table lang={lang} caption={L("byCategory")} rows={d.byCategory} testid="dashboard-by-category" />
      <p>
        <a href={`/staff/export?lang=${lang}`}>{L("export")}</a>
      </p>
    </section>
  );
}
