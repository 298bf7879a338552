import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import type { RequestStatus } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

/**
 * `area` is the centre of the ~150 m grid cell the request lies in (never its own point);
 * `distanceM` is from the asked point to that centre, in 100 m steps.
 */
export type NearbyRequest = {
  number: string;
  category: string;
  status: RequestStatus;
  distanceM: number;
  area: { lat: number; lon: number; sizeM: number };
  receivedAt: string;
};

const EARTH_M = 6_371_000;
const M_PER_DEG_LAT = 111_320;
/** Side of a grid cell: a block of flats, not a flat. */
export const NEARBY_CELL_M = 150;
const DISTANCE_STEP_M = 100;

/**
 * The centre of the fixed grid cell holding a point. Rows are NEARBY_CELL_M tall; each
 * row's columns are NEARBY_CELL_M wide at the row's middle latitude. Everything the public
 * sees about a request's place is computed from this centre, so no number of queries from
 * different points can tell where inside the cell the request is.
 */
export function snapToCell(point: { lat: number; lon: number }) {
  const dLat = NEARBY_CELL_M / M_PER_DEG_LAT;
  const row = Math.floor(point.lat / dLat);
  const lat = (row + 0.5) * dLat;
  const dLon = NEARBY_CELL_M / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
  const lon = (Math.floor(point.lon / dLon) + 0.5) * dLon;
  return { lat: Number(lat.toFixed(5)), lon: Number(lon.toFixed(5)) };
}

function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.sqrt(h));
}

/**
 * Open requests of the same category near a point, so a citizen can join one instead of
 * filing a duplicate. Public fields only (Law 393/96 art. 10): number, category, status,
 * coarse area and distance, date — never another person's text, name, contact, exact
 * address or exact point. Whether a request is in range, how far it is and the order are
 * all decided by its cell's centre, not its own point (see snapToCell).
 */
export async function findNearbyRequests(options: {
  categoryCode: string;
  lat: number;
  lon: number;
  radiusM?: number;
  lang: "uk" | "en";
  limit?: number;
}): Promise<NearbyRequest[]> {
  const radiusM = options.radiusM ?? 300;
  const db = getDb();
  const category = await db.category.findUnique({ where: { code: options.categoryCode }, select: { id: true, nameUk: true, nameEn: true, active: true } });
  if (!category || !category.active) throw new AppError("VALIDATION", "errors:category.unknown", { field: "category" });
  // The box is widened by a cell so every request whose cell centre is in range is read.
  const reach = radiusM + NEARBY_CELL_M * 1.5;
  const dLat = reach / M_PER_DEG_LAT;
  const dLon = reach / (M_PER_DEG_LAT * Math.cos((Math.min(Math.abs(options.lat), 80) * Math.PI) / 180));
  const rows = await db.request.findMany({
    where: {
      categoryId: category.id,
      status: { in: [...OPEN_STATUSES] },
      lat: { gte: options.lat - dLat, lte: options.lat + dLat },
      lon: { gte: options.lon - dLon, lte: options.lon + dLon },
    },
    select: { number: true, status: true, lat: true, lon: true, receivedAt: true },
    take: 200,
  });
  return rows
    .map((r) => {
      const area = snapToCell({ lat: r.lat!, lon: r.lon! });
      return { r, area, d: distanceM(options, area) };
    })
    .filter(({ d }) => d <= radiusM)
    .sort((a, b) => a.d - b.d || a.r.receivedAt.getTime() - b.r.receivedAt.getTime())
    .slice(0, options.limit ?? 10)
    .map(({ r, area, d }) => ({
      number: r.number,
      category: options.lang === "en" ? category.nameEn : category.nameUk,
      status: r.status,
      distanceM: Math.max(DISTANCE_STEP_M, Math.round(d / DISTANCE_STEP_M) * DISTANCE_STEP_M),
      area: { ...area, sizeM: NEARBY_CELL_M },
      receivedAt: r.receivedAt.toISOString(),
    }));
}
