// The city's public statistics: for a period, how many requests came in and were resolved,
// the share resolved on time, the median time to resolution and the citizens' satisfaction,
// for the whole city, by department and by category, as a trend, and a league table of the
// departments that execute the requests. Counted over the requests that may appear in public
// at all (PUBLIC_REQUEST_WHERE: no private requests, no merged duplicates), so a reader can
// count the same figures again from the open-data files. The on-time share and the median are
// the supervisors' dashboard's (on time: resolved before every deadline it had; the median
// from receipt to resolution), and its figures are shaped by the dashboard's own stats().
import { instantFromKyivWallClock, isValidIsoDate, KYIV_TIME_ZONE, kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";
import { stats, type ResolvedStatsRow } from "#app/domain/inbox/get-dashboard.server.ts";
import { Prisma } from "#app/generated/prisma/client.ts";
import { getDb } from "#app/utils/db.server.ts";
import type { Lang } from "#app/utils/i18n.ts";
import { DAILY_SERIES_MAX_DAYS, DEFAULT_STATS_DAYS, LEAGUE_MIN_RESOLVED, MAX_STATS_SPAN_DAYS, STATS_PERIODS } from "./stats-periods.ts";

const DAY = 86_400_000;

export type StatsQuery = {
  /** First and last Kyiv calendar day of the period, both included. */
  from: string;
  to: string;
  /** The preset the period came from, or null for a chosen from–to. */
  days: number | null;
  /** A department's code, or null for all. */
  department: string | null;
  /** A category's or a category group's code, or null for all. */
  category: string | null;
};

export type StatsInputError = { field: string; key: string };

export function addDays(isoDate: string, n: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/**
 * The statistics' query string read strictly: `days` one of STATS_PERIODS, or `from` and `to`
 * (YYYY-MM-DD, not in the future, at most MAX_STATS_SPAN_DAYS); `department` and `category`
 * codes. What cannot be read is an error naming the field (the page answers 400), never a
 * silent default, so a link always shows what it says.
 */
export function parseStatsQuery(params: URLSearchParams, now = new Date()): { query: StatsQuery } | { error: StatsInputError } {
  const today = kyivDateOf(now);
  const text = (name: string) => params.get(name)?.trim() || null;
  const code = (name: string) => {
    const v = text(name);
    return v && /^[a-z0-9][a-z0-9._-]{0,99}$/i.test(v) ? v : v ? undefined : null;
  };
  const department = code("department");
  if (department === undefined) return { error: { field: "department", key: "transparency:errors.department" } };
  const category = code("category");
  if (category === undefined) return { error: { field: "category", key: "transparency:errors.category" } };
  const from = text("from");
  const to = text("to");
  if (from || to) {
    if (!from || !isValidIsoDate(from)) return { error: { field: "from", key: "transparency:errors.date" } };
    if (!to || !isValidIsoDate(to)) return { error: { field: "to", key: "transparency:errors.date" } };
    if (to > today) return { error: { field: "to", key: "transparency:errors.future" } };
    if (from > to) return { error: { field: "from", key: "transparency:errors.order" } };
    if (daysBetween(from, to) + 1 > MAX_STATS_SPAN_DAYS) return { error: { field: "from", key: "transparency:errors.span" } };
    return { query: { from, to, days: null, department, category } };
  }
  const rawDays = text("days");
  const days = rawDays === null ? DEFAULT_STATS_DAYS : Number(rawDays);
  if (!(STATS_PERIODS as readonly number[]).includes(days)) return { error: { field: "days", key: "transparency:errors.period" } };
  return { query: { from: addDays(today, -(days - 1)), to: today, days, department, category } };
}

export type Figures = {
  received: number;
  resolved: number;
  onTime: number;
  withDeadline: number;
  /** Of the resolved requests that had a deadline, the share resolved before it; null with none. */
  onTimeShare: number | null;
  medianHours: number | null;
  /** Ratings (1–5) given to the requests resolved in the period, and their mean. */
  ratings: number;
  satisfaction: number | null;
};

export type StatsLine = Figures & { code: string | null; name: string; group: string | null };
export type LeagueLine = StatsLine & { rank: number };
export type SeriesPoint = { key: string; received: number; resolved: number; onTimeShare: number | null };

type Row = ResolvedStatsRow & { received: number; ratings: number; mean: number | null };
const EMPTY: Row = { key: null, received: 0, resolved: 0, on_time: 0, with_deadline: 0, median_hours: null, ratings: 0, mean: null };

/**
 * The league's order: the share resolved on time (higher first), then satisfaction (higher
 * first, none last), then the median time to resolution (shorter first), then the number
 * resolved (more first). Departments that resolved fewer than LEAGUE_MIN_RESOLVED requests with a
 * deadline in the period are listed apart without a rank: a share of two is noise.
 * Equal on all four, equal rank (1, 2, 2, 4).
 */
export function rankLeague(lines: StatsLine[]): { ranked: LeagueLine[]; unranked: StatsLine[] } {
  const eligible = lines.filter((l) => l.code !== null && l.withDeadline >= LEAGUE_MIN_RESOLVED);
  const unranked = lines.filter((l) => l.code !== null && !eligible.includes(l)).sort((a, b) => b.resolved - a.resolved || a.name.localeCompare(b.name, "uk"));
  const cmp = (a: StatsLine, b: StatsLine) =>
    b.onTimeShare! - a.onTimeShare! ||
    (b.satisfaction ?? -1) - (a.satisfaction ?? -1) ||
    (a.medianHours ?? Infinity) - (b.medianHours ?? Infinity) ||
    b.resolved - a.resolved;
  const sorted = [...eligible].sort((a, b) => cmp(a, b) || a.name.localeCompare(b.name, "uk"));
  const ranked: LeagueLine[] = [];
  sorted.forEach((l, i) => {
    const prev = ranked[i - 1];
    ranked.push({ ...l, rank: prev && cmp(prev, l) === 0 ? prev.rank : i + 1 });
  });
  return { ranked, unranked };
}

type Choice = { code: string; name: string };

/** Departments and categories (groups first, each followed by its own) a reader can narrow the statistics to. */
export async function getStatsChoices(lang: Lang) {
  const db = getDb();
  const [departments, categories] = await Promise.all([
    db.department.findMany({ where: { active: true }, orderBy: { nameUk: "asc" }, select: { code: true, nameUk: true, nameEn: true } }),
    db.category.findMany({
      where: { active: true },
      orderBy: [{ sortOrder: "asc" }, { nameUk: "asc" }],
      select: { id: true, code: true, parentId: true, nameUk: true, nameEn: true },
    }),
  ]);
  const name = (o: { nameUk: string; nameEn: string }) => (lang === "en" ? o.nameEn || o.nameUk : o.nameUk);
  const groups = categories.filter((c) => !c.parentId);
  const categoryChoices: (Choice & { level: number })[] = [];
  for (const g of groups) {
    categoryChoices.push({ code: g.code, name: name(g), level: 0 });
    for (const c of categories.filter((c) => c.parentId === g.id)) categoryChoices.push({ code: c.code, name: name(c), level: 1 });
  }
  return { departments: departments.map((d) => ({ code: d.code, name: name(d) })), categories: categoryChoices };
}

/** A category and every category under it, by id; null when the code is unknown. */
async function categoryWithDescendants(code: string): Promise<string[] | null> {
  const all = await getDb().category.findMany({ select: { id: true, code: true, parentId: true } });
  const root = all.find((c) => c.code === code);
  if (!root) return null;
  const ids = new Set([root.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const c of all)
      if (c.parentId && ids.has(c.parentId) && !ids.has(c.id)) {
        ids.add(c.id);
        grew = true;
      }
  }
  return [...ids];
}

export class UnknownFilterError extends Error {
  constructor(readonly field: "department" | "category") {
    super(`unknown ${field}`);
  }
}

/** The public statistics for `query` (see parseStatsQuery); an unknown department or category throws UnknownFilterError. */
export async function getPublicStats(query: StatsQuery, lang: Lang) {
  const db = getDb();
  const since = instantFromKyivWallClock({ date: query.from });
  const until = instantFromKyivWallClock({ date: addDays(query.to, 1) });
  const spanDays = daysBetween(query.from, query.to) + 1;
  const bucket: "day" | "month" = spanDays <= DAILY_SERIES_MAX_DAYS ? "day" : "month";

  let departmentId: string | null = null;
  if (query.department) {
    const d = await db.department.findUnique({ where: { code: query.department }, select: { id: true } });
    if (!d) throw new UnknownFilterError("department");
    departmentId = d.id;
  }
  let categoryIds: string[] | null = null;
  if (query.category) {
    categoryIds = await categoryWithDescendants(query.category);
    if (!categoryIds) throw new UnknownFilterError("category");
  }

  // What may be counted in public at all (the SQL form of PUBLIC_REQUEST_WHERE), and the reader's filters.
  const filters = Prisma.sql`AND r."isPrivate" = false AND r.status::text <> 'MERGED'
    ${departmentId ? Prisma.sql`AND r."departmentId" = ${departmentId}::uuid` : Prisma.empty}
    ${categoryIds ? Prisma.sql`AND r."categoryId" = ANY(${categoryIds}::uuid[])` : Prisma.empty}`;
  const tz = Prisma.sql`${KYIV_TIME_ZONE}::text`;
  const fmt = bucket === "day" ? "YYYY-MM-DD" : "YYYY-MM";
  const inPeriod = (column: Prisma.Sql) => Prisma.sql`(${column} >= ${since} AND ${column} < ${until})`;
  const received = inPeriod(Prisma.sql`r."receivedAt"`);
  const resolved = inPeriod(Prisma.sql`r."resolvedAt"`);
  // One pass over the requests received or resolved in the period: each request's facts once
  // (on time, its rating, its day or month), then the city, service and category figures by
  // grouping sets, and the trend by bucket. On time is the dashboard's rule: resolved before
  // every deadline that was running (met) when it was resolved; none with a deadline, no share.
  // The planner cannot see into the materialised facts and guesses its joins' size a thousandfold,
  // which turns on JIT compilation: seconds of compiling for a query that runs in less. Off for this one.
  const [, rows] = await db.$transaction([
    db.$executeRaw`SET LOCAL jit = off`,
    db.$queryRaw<(Row & { dim: "total" | "dep" | "cat" | "rec" | "res" })[]>`
    WITH facts AS MATERIALIZED (
      SELECT r.id, r."departmentId" AS dep, r."categoryId" AS cat, r."receivedAt", r."resolvedAt",
        ${received} AS rec, COALESCE(${resolved}, false) AS res
      FROM "Request" r
      WHERE (${received} OR ${resolved}) ${filters}
    ), met AS (
      SELECT d."requestId", bool_and(d."metAt" <= d."dueAt") AS on_time
      FROM "Deadline" d JOIN facts f ON f.id = d."requestId" AND f.res
      WHERE d."metAt" IS NOT NULL
      GROUP BY d."requestId"
    ), f AS (
      SELECT facts.*, met.on_time, g.score,
        to_char(facts."receivedAt" AT TIME ZONE ${tz}, ${fmt}) AS rec_bucket,
        to_char(facts."resolvedAt" AT TIME ZONE ${tz}, ${fmt}) AS res_bucket
      FROM facts
      LEFT JOIN met ON met."requestId" = facts.id
      LEFT JOIN "Rating" g ON g."requestId" = facts.id AND facts.res
    )
    SELECT (CASE GROUPING(dep, cat) WHEN 3 THEN 'total' WHEN 1 THEN 'dep' ELSE 'cat' END) AS dim,
      COALESCE(dep::text, cat::text) AS key,
      count(*) FILTER (WHERE rec)::int AS received,
      count(*) FILTER (WHERE res)::int AS resolved,
      count(*) FILTER (WHERE res AND on_time)::int AS on_time,
      count(*) FILTER (WHERE res AND on_time IS NOT NULL)::int AS with_deadline,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "resolvedAt" - "receivedAt")) FILTER (WHERE res) / 3600)::float8 AS median_hours,
      count(score)::int AS ratings,
      avg(score)::float8 AS mean
    FROM f GROUP BY GROUPING SETS ((), (dep), (cat))
    UNION ALL
    SELECT 'rec', rec_bucket, count(*)::int, 0, 0, 0, NULL, 0, NULL FROM f WHERE rec GROUP BY rec_bucket
    UNION ALL
    SELECT 'res', res_bucket, 0, count(*)::int, count(*) FILTER (WHERE on_time)::int, count(*) FILTER (WHERE on_time IS NOT NULL)::int, NULL, 0, NULL
    FROM f WHERE res GROUP BY res_bucket`,
  ]);

  const of = (dim: string) => rows.filter((r) => r.dim === dim);
  const figures = (r: Row | undefined): Figures => {
    const row = r ?? EMPTY;
    return {
      received: row.received,
      ...stats(row),
      ratings: row.ratings,
      satisfaction: row.mean == null ? null : Math.round(Number(row.mean) * 10) / 10,
    };
  };
  const keys = (dim: string) => of(dim).map((r) => r.key);

  const depKeys = keys("dep");
  const catKeys = keys("cat");
  const [departments, categories] = await Promise.all([
    db.department.findMany({ where: { id: { in: depKeys.filter((k): k is string => !!k) } }, select: { id: true, code: true, nameUk: true, nameEn: true } }),
    db.category.findMany({
      where: { id: { in: catKeys.filter((k): k is string => !!k) } },
      select: { id: true, code: true, nameUk: true, nameEn: true, parent: { select: { nameUk: true, nameEn: true } } },
    }),
  ]);
  const name = (o: { nameUk: string; nameEn: string }) => (lang === "en" ? o.nameEn || o.nameUk : o.nameUk);
  const byVolume = (a: StatsLine, b: StatsLine) => b.received - a.received || b.resolved - a.resolved || a.name.localeCompare(b.name, "uk");
  const byDepartment: StatsLine[] = depKeys
    .map((key) => {
      const d = departments.find((x) => x.id === key);
      return { code: d?.code ?? null, name: d ? name(d) : "", group: null, ...figures(of("dep").find((x) => x.key === key)) };
    })
    .sort(byVolume);
  const byCategory: StatsLine[] = catKeys
    .map((key) => {
      const c = categories.find((x) => x.id === key);
      return { code: c?.code ?? null, name: c ? name(c) : "", group: c?.parent ? name(c.parent) : null, ...figures(of("cat").find((x) => x.key === key)) };
    })
    .sort(byVolume);

  // Every bucket of the period, empty ones too, so the trend's gaps are visible.
  const bucketKeys: string[] = [];
  if (bucket === "day") for (let d = query.from; d <= query.to; d = addDays(d, 1)) bucketKeys.push(d);
  else
    for (let m = query.from.slice(0, 7); m <= query.to.slice(0, 7);) {
      bucketKeys.push(m);
      const [y, mo] = m.split("-").map(Number) as [number, number];
      m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
    }
  const series: SeriesPoint[] = bucketKeys.map((key) => {
    const r = of("res").find((x) => x.key === key) ?? EMPTY;
    return { key, received: of("rec").find((x) => x.key === key)?.received ?? 0, resolved: r.resolved, onTimeShare: stats(r).onTimeShare };
  });

  return {
    query,
    since,
    until,
    bucket,
    totals: figures(of("total")[0]),
    byDepartment,
    byCategory,
    league: rankLeague(byDepartment),
    series,
  };
}

export type PublicStats = Awaited<ReturnType<typeof getPublicStats>>;
