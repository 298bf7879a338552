import { findActiveOutage } from "#app/domain/outages/find-active-outage.server.ts";
import { findDistrict } from "#app/domain/routing/find-district.server.ts";
import { getDb } from "#app/utils/db.server.ts";

/** A known outage covering this category at this point, to tell the citizen before they write it all out. */
export async function findTelegramOutage(options: { categoryCode: string; lat: number; lon: number; at?: Date }) {
  const db = getDb();
  const category = await db.category.findUnique({ where: { code: options.categoryCode }, select: { id: true } });
  if (!category) return null;
  return db.$transaction(async (tx) => {
    const district = await findDistrict({ tx, lat: options.lat, lon: options.lon });
    return findActiveOutage({
      tx,
      categoryId: category.id,
      districtId: district?.id ?? null,
      point: { lat: options.lat, lon: options.lon },
      at: options.at ?? new Date(),
    });
  });
}
