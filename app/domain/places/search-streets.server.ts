import { getDb } from "#app/utils/db.server.ts";

/** `approximate`: the point is only the neighbourhood's centre, so the pin needs moving. */
export type StreetHit = { name: string; matchedAlias: string | null; lat: number; lon: number; approximate: boolean };

/**
 * Streets whose name or a former/Russian alias contains the query (case-insensitive),
 * best trigram match first. The result only centres the map; the pin stays the truth.
 */
export async function searchStreets(options: { q: string; limit?: number }): Promise<StreetHit[]> {
  const q = options.q.trim().replace(/[ʼ’`]/g, "'");
  if (q.length < 2) return [];
  const limit = Math.min(Math.max(options.limit ?? 8, 1), 20);
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const rows = await getDb().$queryRaw<{ nameUk: string; alias: string | null; lat: number; lon: number; approximate: boolean }[]>`
    SELECT s."nameUk", a.alias, s.lat, s.lon, s.approximate
    FROM "Street" s
    LEFT JOIN LATERAL (
      SELECT x AS alias FROM unnest(s.aliases) AS x WHERE x ILIKE ${like} LIMIT 1
    ) a ON true
    WHERE s."nameUk" ILIKE ${like} OR a.alias IS NOT NULL
    ORDER BY GREATEST(similarity(s."nameUk", ${q}), COALESCE(similarity(a.alias, ${q}), 0)) DESC, s."nameUk"
    LIMIT ${limit}`;
  return rows.map((r) => ({
    name: r.nameUk,
    matchedAlias: r.alias && !r.nameUk.toLowerCase().includes(q.toLowerCase()) ? r.alias : null,
    lat: r.lat,
    lon: r.lon,
    approximate: r.approximate,
  }));
}
