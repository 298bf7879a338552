// The public list and map of requests: the public projection of every request that may be
// shown, filtered by the coarse choices of public-filters.ts. Everything that leaves goes
// through toPublicRequest (no names or contacts; words, address and exact point only with
// the citizen's consent, otherwise a ~150 m cell centre).
import type { Prisma } from "#app/generated/prisma/client.ts";
import { ANSWERED_STATUSES, OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { ACCESSIBILITY_GROUP, barrierStage, STAGE_STATUSES, type BarrierStage, type PublicFilters } from "./public-filters.ts";
import { PUBLIC_REQUEST_WHERE, publicRequestSelect, toPublicRequest, type PublicRequest } from "./public-request.server.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
export const PUBLIC_PAGE_SIZE = 20;
/** The map draws at most this many of the newest requests matching the filters (and says so). */
export const PUBLIC_MAP_LIMIT = 3000;

/** The category and every category under it (a group stands for its children). */
async function categoryIds(code: string, field: string, within?: string): Promise<string[]> {
  const db = getDb();
  const c = await db.category.findUnique({
    where: { code },
    select: { id: true, parent: { select: { code: true } }, children: { select: { id: true, children: { select: { id: true } } } } },
  });
  const inside = !within || code === within || c?.parent?.code === within;
  if (!c || !inside) throw new AppError("VALIDATION", "errors:public.categoryUnknown", { field });
  return [c.id, ...c.children.flatMap((k) => [k.id, ...k.children.map((g) => g.id)])];
}

/** The database filter of what a public page shows for these filters. */
export async function publicRequestsWhere(
  filters: PublicFilters,
  options: { now?: Date; group?: string; categoryParam?: string } = {},
): Promise<Prisma.RequestWhereInput> {
  const AND: Prisma.RequestWhereInput[] = [PUBLIC_REQUEST_WHERE];
  const field = options.categoryParam ?? "category";
  if (filters.category) AND.push({ categoryId: { in: await categoryIds(filters.category, field, options.group) } });
  else if (options.group) AND.push({ categoryId: { in: await categoryIds(options.group, field) } });
  if (filters.district) {
    const d = await getDb().district.findUnique({ where: { code: filters.district }, select: { id: true } });
    if (!d) throw new AppError("VALIDATION", "errors:public.districtUnknown", { field: "district" });
    AND.push({ districtId: d.id });
  }
  if (filters.status === "open") AND.push({ status: { in: [...OPEN_STATUSES] } });
  if (filters.status === "solved") AND.push({ status: { in: [...ANSWERED_STATUSES] } });
  if (filters.stage) AND.push({ status: { in: [...STAGE_STATUSES[filters.stage]] } });
  // The accessibility map shows barriers at one of its stages (a refused report is not a barrier to show).
  else if (options.group === ACCESSIBILITY_GROUP) AND.push({ status: { in: Object.values(STAGE_STATUSES).flat() } });
  if (filters.period !== null) {
    // In the period: reported in it, or solved or closed in it.
    const since = new Date((options.now ?? new Date()).getTime() - filters.period * DAY_MS);
    AND.push({ OR: [{ receivedAt: { gte: since } }, { resolvedAt: { gte: since } }, { closedAt: { gte: since } }] });
  }
  return { AND };
}

const ORDER: Prisma.RequestOrderByWithRelationInput[] = [{ receivedAt: "desc" }, { number: "desc" }];

export type PublicList = { items: PublicRequest[]; total: number; page: number; pageCount: number; pageSize: number };

/** One page of the public list, newest first. */
export async function listPublicRequests(options: {
  filters: PublicFilters;
  lang: "uk" | "en";
  pageSize?: number;
  group?: string;
  categoryParam?: string;
  now?: Date;
}): Promise<PublicList> {
  const pageSize = options.pageSize ?? PUBLIC_PAGE_SIZE;
  const where = await publicRequestsWhere(options.filters, options);
  const db = getDb();
  const [total, rows] = await Promise.all([
    db.request.count({ where }),
    db.request.findMany({ where, select: publicRequestSelect, orderBy: ORDER, skip: (options.filters.page - 1) * pageSize, take: pageSize }),
  ]);
  return {
    items: rows.map((r) => toPublicRequest(r, options.lang)),
    total,
    page: options.filters.page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    pageSize,
  };
}

/** A point on the public map: what a pin shows before its card is opened. */
export type PublicMapPoint = {
  number: string;
  lat: number;
  lon: number;
  exact: boolean;
  status: PublicRequest["status"];
  state: PublicRequest["state"];
  stage: BarrierStage | null;
  category: string | null;
  receivedAt: string;
};

/** Every request with a place that matches the filters (the newest PUBLIC_MAP_LIMIT), as map points. */
export async function listPublicMapPoints(options: {
  filters: PublicFilters;
  lang: "uk" | "en";
  group?: string;
  categoryParam?: string;
  now?: Date;
}): Promise<{ points: PublicMapPoint[]; total: number; truncated: boolean }> {
  const where: Prisma.RequestWhereInput = { AND: [await publicRequestsWhere(options.filters, options), { lat: { not: null } }, { lon: { not: null } }] };
  const db = getDb();
  const [total, rows] = await Promise.all([
    db.request.count({ where }),
    db.request.findMany({ where, select: publicRequestSelect, orderBy: ORDER, take: PUBLIC_MAP_LIMIT }),
  ]);
  const points = rows.flatMap((row) => {
    const r = toPublicRequest(row, options.lang);
    if (!r.location) return [];
    return [
      {
        number: r.number,
        lat: r.location.lat,
        lon: r.location.lon,
        exact: r.location.exact,
        status: r.status,
        state: r.state,
        stage: barrierStage(r.status),
        category: r.category?.name ?? null,
        receivedAt: r.receivedAt.toISOString(),
      },
    ];
  });
  return { points, total, truncated: total > rows.length };
}

/** The newest requests matching the filters in the public projection, for the JSON endpoint. */
export async function listPublicRequestsForApi(options: { filters: PublicFilters; lang: "uk" | "en"; limit: number; now?: Date }) {
  const where = await publicRequestsWhere(options.filters, options);
  const db = getDb();
  const [total, rows] = await Promise.all([
    db.request.count({ where }),
    db.request.findMany({ where, select: publicRequestSelect, orderBy: ORDER, skip: (options.filters.page - 1) * options.limit, take: options.limit }),
  ]);
  return { total, page: options.filters.page, pageSize: options.limit, requests: rows.map((r) => toPublicRequest(r, options.lang)) };
}

/** The choices of the public filters: category groups with their categories, and districts. */
export async function listPublicChoices(options: { lang: "uk" | "en"; group?: string }) {
  const db = getDb();
  const [categories, districts] = await Promise.all([
    db.category.findMany({
      where: { active: true },
      select: { id: true, code: true, parentId: true, nameUk: true, nameEn: true },
      orderBy: [{ sortOrder: "asc" }, { nameUk: "asc" }],
    }),
    db.district.findMany({ select: { code: true, nameUk: true, nameEn: true }, orderBy: { nameUk: "asc" } }),
  ]);
  const name = (r: { nameUk: string; nameEn: string | null }) => (options.lang === "en" ? (r.nameEn ?? r.nameUk) : r.nameUk);
  const groups = categories
    .filter((c) => c.parentId === null && (!options.group || c.code === options.group))
    .map((g) => ({ code: g.code, name: name(g), categories: categories.filter((c) => c.parentId === g.id).map((c) => ({ code: c.code, name: name(c) })) }));
  return { groups, districts: districts.map((d) => ({ code: d.code, name: name(d) })) };
}

/** The accessibility map: barriers with their stage, and how many there are at each stage. */
export async function listBarriers(options: { filters: PublicFilters; lang: "uk" | "en"; now?: Date }) {
  const group = ACCESSIBILITY_GROUP;
  const list = await listPublicRequests({ ...options, group, categoryParam: "type" });
  const map = await listPublicMapPoints({ ...options, group, categoryParam: "type" });
  const baseWhere = await publicRequestsWhere({ ...options.filters, stage: null }, { group, categoryParam: "type", now: options.now });
  const byStatus = await getDb().request.groupBy({ where: baseWhere, by: ["status"], _count: { _all: true } });
  const counts: Record<BarrierStage, number> = { reported: 0, fixing: 0, fixed: 0 };
  for (const row of byStatus) {
    const stage = barrierStage(row.status);
    if (stage) counts[stage] += row._count._all;
  }
  return { list, map, counts };
}
