import type { Tx } from "#app/utils/db.server.ts";
import { categoryLineage } from "#app/domain/routing/resolve-route.server.ts";
import { containsPoint, isGeometry } from "#app/domain/routing/geo.ts";
import { isOutageInForce, outageInForceWhere } from "./outage-in-force.ts";

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
  return pickActiveOutage({ outages, lineage: new Set(await categoryLineage({ tx, categoryId })), districtId, point, at });
}

type OutageRead = { districtId: string | null; startsAt: Date; endedAt: Date | null; area: unknown; categories: { categoryId: string }[] };

/**
 * findActiveOutage's choice among outages already read (newest start first): the first in
 * force at `at` in the district that covers the category's lineage and, when it has a finer
 * area and there is a point, contains the point. Routing in sets reads a set's outages once.
 */
export function pickActiveOutage<O extends OutageRead>(options: {
  outages: O[];
  lineage: Set<string>;
  districtId: string | null;
  point?: { lat: number; lon: number } | null;
  at: Date;
}): O | null {
  const { lineage, districtId, point, at } = options;
  if (!districtId) return null;
  return (
    options.outages.find(
      (o) =>
        o.districtId === districtId &&
        isOutageInForce(o, at) &&
        o.categories.some((c) => lineage.has(c.categoryId)) &&
        (!o.area || !point || !isGeometry(o.area) || containsPoint(o.area, point)),
    ) ?? null
  );
}
