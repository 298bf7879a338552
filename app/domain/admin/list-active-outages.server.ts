import { getDb } from "#app/utils/db.server.ts";

/** Outages not yet ended, and the districts and categories a new one can name. */
export async function listActiveOutages() {
  const db = getDb();
  const [outages, districts, categories] = await Promise.all([
    db.outage.findMany({
      where: { endedAt: null },
      orderBy: { startsAt: "desc" },
      select: {
        id: true, kind: true, titleUk: true, titleEn: true, causeUk: true, startsAt: true, plannedEndAt: true,
        district: { select: { nameUk: true, nameEn: true } },
        categories: { select: { category: { select: { code: true, nameUk: true, nameEn: true } } } },
      },
    }),
    db.district.findMany({ orderBy: { nameUk: "asc" }, select: { code: true, nameUk: true, nameEn: true } }),
    db.category.findMany({ where: { active: true }, orderBy: { code: "asc" }, select: { code: true, nameUk: true, nameEn: true } }),
  ]);
  return { outages, districts, categories };
}
