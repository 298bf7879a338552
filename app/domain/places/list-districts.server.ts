import { getDb } from "#app/utils/db.server.ts";

/** Districts with their geometry (for the outline preview) and bounding box. */
export async function listDistricts() {
  return getDb().district.findMany({
    orderBy: { nameUk: "asc" },
    select: { id: true, code: true, nameUk: true, nameEn: true, geometry: true, minLon: true, minLat: true, maxLon: true, maxLat: true },
  });
}
