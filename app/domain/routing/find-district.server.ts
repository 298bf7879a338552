import type { Tx } from "#app/utils/db.server.ts";
import { containsPoint, isGeometry } from "./geo.ts";

/** The district containing the point, or null when it lies on no district. */
export async function findDistrict(options: { tx: Tx; lat: number; lon: number }) {
  const { tx, lat, lon } = options;
  const candidates = await tx.district.findMany({
    where: { minLat: { lte: lat }, maxLat: { gte: lat }, minLon: { lte: lon }, maxLon: { gte: lon } },
    orderBy: { code: "asc" },
  });
  return candidates.find((d) => isGeometry(d.geometry) && containsPoint(d.geometry, { lat, lon })) ?? null;
}
