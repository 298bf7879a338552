import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import type { RequestStatus } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

export type NearbyRequest = { number: string; category: string; status: RequestStatus; distanceM: number; receivedAt: string };

const EARTH_M = 6_371_000;
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
 * distance, date — never another person's text, name, contact or exact address.
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
  if (!category || !category.active) throw new AppError("VALIDATION", "Unknown category", { field: "category" });
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.cos((options.lat * Math.PI) / 180));
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
    .map((r) => ({ r, d: distanceM(options, { lat: r.lat!, lon: r.lon! }) }))
    .filter(({ d }) => d <= radiusM)
    .sort((a, b) => a.d - b.d)
    .slice(0, options.limit ?? 10)
    .map(({ r, d }) => ({
      number: r.number,
      category: options.lang === "en" ? category.nameEn : category.nameUk,
      status: r.status,
      // Rounded to 10 m: enough to recognise the place, not to pinpoint a home.
      distanceM: Math.round(d / 10) * 10,
      receivedAt: r.receivedAt.toISOString(),
    }));
}
