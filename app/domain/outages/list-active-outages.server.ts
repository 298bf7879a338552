import { outageInForceWhere } from "#app/domain/outages/outage-in-force.ts";
import { getDb } from "#app/utils/db.server.ts";

/** Outages not yet ended (in force or still to start), and the districts and categories a new one can name. */
export async function listActiveOutages(options: { now?: Date } = {}) {
  const db = getDb();
  const now = options.now ?? new Date();
  const [outages, districts, categories] = await Promise.all([
    db.outage.findMany({
      where: outageInForceWhere(now, { startingBy: "any" }),
      orderBy: { startsAt: "desc" },
      select: {
        id: true,
        kind: true,
        titleUk: true,
        titleEn: true,
        causeUk: true,
        startsAt: true,
        plannedEndAt: true,
        district: { select: { nameUk: true, nameEn: true } },
        categories: { select: { category: { select: { code: true, nameUk: true, nameEn: true } } } },
      },
    }),
    db.district.findMany({ orderBy: { nameUk: "asc" }, select: { code: true, nameUk: true, nameEn: true } }),
    db.category.findMany({ where: { active: true }, orderBy: { code: "asc" }, select: { code: true, nameUk: true, nameEn: true } }),
  ]);
  return { outages, districts, categories };
}
