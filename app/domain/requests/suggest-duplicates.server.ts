import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import { requireRequestAccess, type StaffActor } from "./request-access.server.ts";

const RADIUS_M = 300;
const WINDOW_DAYS = 14;

export type DuplicateSuggestion = { id: string; number: string; status: string; description: string; distanceM: number | null; similarity: number };

/**
 * Likely duplicates of a request: open requests of the same category within ~300 m,
 * received in the last 14 days, ranked by distance and text similarity (pg_trgm).
 * Without a map point, only by text similarity.
 */
export async function suggestDuplicates(options: { actor: StaffActor; requestId: string; now?: Date; limit?: number }): Promise<DuplicateSuggestion[]> {
  await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "centre" });
  const db = getDb();
  const r = await db.request.findUniqueOrThrow({
    where: { id: options.requestId },
    select: { id: true, categoryId: true, lat: true, lon: true, description: true, receivedAt: true },
  });
  if (!r.categoryId) return [];
  const now = options.now ?? new Date();
  const since = new Date(Math.min(now.getTime(), r.receivedAt.getTime()) - WINDOW_DAYS * 86_400_000);
  const open = [...OPEN_STATUSES] as string[];
  const hasPoint = r.lat !== null && r.lon !== null;
  const dLat = RADIUS_M / 111_320;
  const dLon = hasPoint ? RADIUS_M / (111_320 * Math.cos((r.lat! * Math.PI) / 180)) : 0;
  const rows = hasPoint
    ? await db.$queryRaw<{ id: string; number: string; status: string; description: string; lat: number; lon: number; sim: number }[]>`
        SELECT id::text AS id, number, status::text AS status, description, lat, lon, similarity(description, ${r.description})::float8 AS sim
        FROM "Request"
        WHERE id <> ${r.id}::uuid AND "categoryId" = ${r.categoryId}::uuid AND status::text = ANY(${open}::text[])
          AND "duplicateOfId" IS NULL AND "receivedAt" >= ${since}
          AND lat BETWEEN ${r.lat! - dLat} AND ${r.lat! + dLat} AND lon BETWEEN ${r.lon! - dLon} AND ${r.lon! + dLon}
        LIMIT 200`
    : await db.$queryRaw<{ id: string; number: string; status: string; description: string; lat: number | null; lon: number | null; sim: number }[]>`
        SELECT id::text AS id, number, status::text AS status, description, lat, lon, similarity(description, ${r.description})::float8 AS sim
        FROM "Request"
        WHERE id <> ${r.id}::uuid AND "categoryId" = ${r.categoryId}::uuid AND status::text = ANY(${open}::text[])
          AND "duplicateOfId" IS NULL AND "receivedAt" >= ${since} AND similarity(description, ${r.description}) > 0.3
        ORDER BY sim DESC LIMIT 50`;
  return rows
    .map((row) => {
      const distanceM = hasPoint && row.lat !== null && row.lon !== null ? Math.round(haversine(r.lat!, r.lon!, row.lat, row.lon)) : null;
      return {
        id: row.id,
        number: row.number,
        status: row.status,
        description: row.description.slice(0, 200),
        distanceM,
        similarity: Number(row.sim.toFixed(2)),
      };
    })
    .filter((s) => s.distanceM === null || s.distanceM <= RADIUS_M)
    .sort((a, b) => score(a) - score(b))
    .slice(0, options.limit ?? 5);
}

function score(s: DuplicateSuggestion) {
  // Lower is better: half distance (0..1 of the radius), half text dissimilarity.
  return (s.distanceM === null ? 0.5 : s.distanceM / RADIUS_M) * 0.5 + (1 - s.similarity) * 0.5;
}

function haversine(lat1: number, lon1: number, lat2: number, lon2: number) {
  const R = 6_371_000;
  const toRad = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(toRad(lat2 - lat1) / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(toRad(lon2 - lon1) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}
