import type { Tx } from "#app/utils/db.server.ts";
import { categoryLineage } from "#app/domain/routing/resolve-route.server.ts";
import { containsPoint, isGeometry } from "#app/domain/routing/geo.ts";
import { outageInForceWhere } from "./outage-in-force.ts";

/**
 * An outage or planned works in force at `at` that covers this category (or an ancestor)
 * and place: its finer area when it has one and we have a point, else its district.
 */
export async function findActiveOutage(options: {
  tx: Tx;
  categoryId: string | null;
  districtId: string | null;
  point?: { lat: number; lon: number } | null;
  at: Date;
}) {
  const { tx, categoryId, districtId, point, at } = options;
  if (!categoryId || !districtId) return null;
  // Most of the time nothing is out in the district: answer that without walking the category tree.
  const outages = await tx.outage.findMany({
    where: { districtId, ...outageInForceWhere(at) },
    orderBy: { startsAt: "desc" },
    include: { categories: { select: { categoryId: true } } },
  });
  if (!outages.length) return null;
  const lineage = new Set(await categoryLineage({ tx, categoryId }));
  const covering = outages.filter((o) => o.categories.some((c) => lineage.has(c.categoryId)));
  return covering.find((o) => !o.area || !point || !isGeometry(o.area) || containsPoint(o.area, point)) ?? null;
}
