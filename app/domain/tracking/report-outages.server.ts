import { outageInForceWhere } from "#app/domain/outages/outage-in-force.ts";
import { categoryLineage } from "#app/domain/routing/resolve-route.server.ts";
import { findDistrict } from "#app/domain/routing/find-district.server.ts";
import { containsPoint, isGeometry } from "#app/domain/routing/geo.ts";
import { getDb } from "#app/utils/db.server.ts";

export type ReportOutage = {
  id: string;
  kind: "OUTAGE" | "PLANNED_WORKS";
  title: string;
  cause: string;
  district: string | null;
  plannedEndAt: string | null;
};

/**
 * Outages and planned works in force now that cover the category the citizen chose (or
 * one of its parents), so the report form can say so before they write it all out. With a
 * point (the pin, once known) only the outage of that district and area; without one,
 * every district's, each named by its district.
 */
export async function listReportOutages(options: { categoryCode: string; point?: { lat: number; lon: number } | null; lang: "uk" | "en"; now?: Date }) {
  const db = getDb();
  const now = options.now ?? new Date();
  // Most of the time nothing is out anywhere: answer that with one indexed look before walking the category tree.
  if (!(await db.outage.findFirst({ where: outageInForceWhere(now), select: { id: true } }))) return [];
  const category = await db.category.findUnique({ where: { code: options.categoryCode }, select: { id: true } });
  if (!category) return [];
  return db.$transaction(async (tx): Promise<ReportOutage[]> => {
    const lineage = await categoryLineage({ tx, categoryId: category.id });
    const district = options.point ? await findDistrict({ tx, lat: options.point.lat, lon: options.point.lon }) : null;
    if (options.point && !district) return [];
    const outages = await tx.outage.findMany({
      where: { ...outageInForceWhere(now), categories: { some: { categoryId: { in: lineage } } }, ...(district ? { districtId: district.id } : {}) },
      orderBy: { startsAt: "desc" },
      take: 10,
      select: {
        id: true,
        kind: true,
        titleUk: true,
        titleEn: true,
        causeUk: true,
        causeEn: true,
        area: true,
        plannedEndAt: true,
        district: { select: { nameUk: true, nameEn: true } },
      },
    });
    const en = options.lang === "en";
    return outages
      .filter((o) => !options.point || !o.area || !isGeometry(o.area) || containsPoint(o.area, options.point))
      .map((o) => ({
        id: o.id,
        kind: o.kind,
        title: en ? (o.titleEn ?? o.titleUk) : o.titleUk,
        cause: en ? (o.causeEn ?? o.causeUk) : o.causeUk,
        district: o.district ? (en ? (o.district.nameEn ?? o.district.nameUk) : o.district.nameUk) : null,
        plannedEndAt: o.plannedEndAt?.toISOString() ?? null,
      }));
  });
}
