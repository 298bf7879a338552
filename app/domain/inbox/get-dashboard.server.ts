import { Prisma } from "#app/generated/prisma/client.ts";
import { instantFromKyivWallClock, KYIV_TIME_ZONE, kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";
import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { UUID, type StaffActor } from "#app/domain/requests/request-access.server.ts";

const DAY = 86_400_000;

type Breakdown = {
  id: string | null;
  /** A category's code (for the inbox's category filter); null for departments. */
  code: string | null;
  nameUk: string;
  nameEn: string;
  resolved: number;
  onTime: number;
  withDeadline: number;
  onTimeShare: number | null;
  medianHours: number | null;
};

function addDays(isoDate: string, n: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * The supervisor's dashboard (SUPERVISOR, ADMIN; a department head sees their own
 * department whatever is asked): open load by status, overdue and due-soon counts, each
 * officer's open and overdue load, and for requests resolved in the period (the last
 * `days` Kyiv calendar days, today included) the on-time share (resolved before every
 * deadline it had) and the median resolution time, by department and by category; a
 * daily series. Every figure is countable again by the inbox's filters (the page links
 * each one to its list), so the period starts at the start of a Kyiv day.
 */
export async function getDashboard(options: { actor: StaffActor; now?: Date; days?: number; departmentId?: string }) {
  const { actor } = options;
  if (!["SUPERVISOR", "ADMIN", "DEPARTMENT_HEAD"].includes(actor.role)) throw new AppError("FORBIDDEN", "errors:dashboard.forbidden");
  if (actor.role === "DEPARTMENT_HEAD" && !actor.departmentId) throw new AppError("FORBIDDEN", "errors:dashboard.noDepartment");
  const now = options.now ?? new Date();
  const days = options.days ?? 30;
  const today = kyivDateOf(now);
  const sinceDay = addDays(today, -(days - 1));
  const since = instantFromKyivWallClock({ date: sinceDay });
  const soon = new Date(now.getTime() + DAY);
  const db = getDb();
  const open = [...OPEN_STATUSES] as string[];
  // Days of the series are Kyiv calendar days; the zone is a bound parameter, not SQL text.
  const tz = Prisma.sql`${KYIV_TIME_ZONE}::text`;
  const departmentId =
    actor.role === "DEPARTMENT_HEAD" ? actor.departmentId : options.departmentId && UUID.test(options.departmentId) ? options.departmentId : null;
  const dep = departmentId ? Prisma.sql`AND r."departmentId" = ${departmentId}::uuid` : Prisma.empty;

  const [byStatus, counts, resolvedRows, byDepartment, byCategory, series, officerRows, departmentChoices] = await Promise.all([
    db.$queryRaw<{ status: string; n: number }[]>`
      SELECT r.status::text AS status, count(*)::int AS n FROM "Request" r
      WHERE r.status::text = ANY(${open}::text[]) ${dep} GROUP BY r.status ORDER BY r.status`,
    db.$queryRaw<{ overdue: number; due_soon: number }[]>`
      SELECT count(*) FILTER (WHERE r."dueAt" < ${now})::int AS overdue,
             count(*) FILTER (WHERE r."dueAt" >= ${now} AND r."dueAt" <= ${soon})::int AS due_soon
      FROM "Request" r WHERE r.status::text = ANY(${open}::text[]) AND r."dueAt" IS NOT NULL ${dep}`,
    db.$queryRaw<{ resolved: number; on_time: number; with_deadline: number; median_hours: number | null }[]>(
      resolvedStats(Prisma.sql`NULL::text AS key`, since, dep, Prisma.empty),
    ),
    db.$queryRaw<(Omit<Row, "key"> & { key: string | null })[]>(
      resolvedStats(Prisma.sql`r."departmentId"::text AS key`, since, dep, Prisma.sql`GROUP BY r."departmentId"`),
    ),
    db.$queryRaw<(Omit<Row, "key"> & { key: string | null })[]>(
      resolvedStats(Prisma.sql`r."categoryId"::text AS key`, since, dep, Prisma.sql`GROUP BY r."categoryId"`),
    ),
    db.$queryRaw<{ day: string; received: number; resolved: number }[]>`
      SELECT to_char(d, 'YYYY-MM-DD') AS day,
        (SELECT count(*)::int FROM "Request" r WHERE r."receivedAt" >= (d AT TIME ZONE ${tz}) AND r."receivedAt" < ((d + interval '1 day') AT TIME ZONE ${tz}) ${dep}) AS received,
        (SELECT count(*)::int FROM "Request" r WHERE r."resolvedAt" >= (d AT TIME ZONE ${tz}) AND r."resolvedAt" < ((d + interval '1 day') AT TIME ZONE ${tz}) ${dep}) AS resolved
      FROM generate_series(${sinceDay}::date::timestamp, ${today}::date::timestamp, interval '1 day') AS d
      ORDER BY d`,
    // Each officer's load: open requests assigned to them, and how many of those are overdue.
    db.$queryRaw<{ id: string; open: number; overdue: number }[]>`
      SELECT r."assigneeId"::text AS id, count(*)::int AS open, count(*) FILTER (WHERE r."dueAt" < ${now})::int AS overdue
      FROM "Request" r WHERE r.status::text = ANY(${open}::text[]) AND r."assigneeId" IS NOT NULL ${dep}
      GROUP BY r."assigneeId"`,
    actor.role === "DEPARTMENT_HEAD"
      ? []
      : db.department.findMany({ where: { active: true }, orderBy: { nameUk: "asc" }, select: { id: true, nameUk: true, nameEn: true } }),
  ]);

  const depIds = byDepartment.map((r) => r.key).filter((k): k is string => Boolean(k));
  const catIds = byCategory.map((r) => r.key).filter((k): k is string => Boolean(k));
  const officerIds = officerRows.map((r) => r.id);
  const [departments, categories, staff] = await Promise.all([
    depIds.length ? db.department.findMany({ where: { id: { in: depIds } }, select: { id: true, nameUk: true, nameEn: true } }) : [],
    catIds.length ? db.category.findMany({ where: { id: { in: catIds } }, select: { id: true, nameUk: true, nameEn: true, code: true } }) : [],
    officerIds.length ? db.staffUser.findMany({ where: { id: { in: officerIds } }, select: { id: true, name: true } }) : [],
  ]);
  const names = new Map<string, { nameUk: string; nameEn: string; code?: string }>([...departments, ...categories].map((n) => [n.id, n]));
  const toBreakdown = (r: { key: string | null } & Omit<Row, "key">): Breakdown => ({
    id: r.key,
    code: (r.key && names.get(r.key)?.code) || null,
    nameUk: (r.key && names.get(r.key)?.nameUk) || "—",
    nameEn: (r.key && names.get(r.key)?.nameEn) || "—",
    ...stats(r),
  });
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  const total = resolvedRows[0] ?? { resolved: 0, on_time: 0, with_deadline: 0, median_hours: null };
  return {
    since,
    sinceDay,
    today,
    now,
    days,
    departmentId,
    departments: departmentChoices,
    scope: actor.role === "DEPARTMENT_HEAD" ? ("department" as const) : ("city" as const),
    officers: officerRows
      .map((r) => ({ id: r.id, name: staffName.get(r.id) ?? "—", open: r.open, overdue: r.overdue }))
      .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name, "uk")),
    openByStatus: byStatus,
    openTotal: byStatus.reduce((s, r) => s + r.n, 0),
    overdue: counts[0]?.overdue ?? 0,
    dueSoon: counts[0]?.due_soon ?? 0,
    totals: stats(total),
    byDepartment: byDepartment.map(toBreakdown).sort((a, b) => b.resolved - a.resolved),
    byCategory: byCategory.map(toBreakdown).sort((a, b) => b.resolved - a.resolved),
    series,
  };
}

export type ResolvedStatsRow = Row;
type Row = { key: string | null; resolved: number; on_time: number; with_deadline: number; median_hours: number | null };

/** One row of resolvedStats as figures: the on-time share (of those with a deadline) and the median in hours. */
export function stats(r: Omit<Row, "key">) {
  return {
    resolved: r.resolved,
    onTime: r.on_time,
    withDeadline: r.with_deadline,
    onTimeShare: r.with_deadline ? r.on_time / r.with_deadline : null,
    medianHours: r.median_hours === null ? null : Math.round(Number(r.median_hours) * 10) / 10,
  };
}

// A resolved request is on time when it was resolved before every deadline that was
// running (met) at that moment; requests without deadlines do not count in the share.
function resolvedStats(key: Prisma.Sql, since: Date, dep: Prisma.Sql, groupBy: Prisma.Sql) {
  return Prisma.sql`
    WITH resolved AS (
      SELECT r.id, r."departmentId", r."categoryId", r."receivedAt", r."resolvedAt",
        (SELECT bool_and(d."metAt" <= d."dueAt") FROM "Deadline" d WHERE d."requestId" = r.id AND d."metAt" IS NOT NULL) AS on_time
      FROM "Request" r
      WHERE r."resolvedAt" IS NOT NULL AND r."resolvedAt" >= ${since} ${dep}
    )
    SELECT ${key},
      count(*)::int AS resolved,
      count(*) FILTER (WHERE r.on_time)::int AS on_time,
      count(*) FILTER (WHERE r.on_time IS NOT NULL)::int AS with_deadline,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r."resolvedAt" - r."receivedAt")) / 3600)::float8 AS median_hours
    FROM resolved r ${groupBy}`;
}
