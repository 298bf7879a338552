import type { Tx } from "#app/utils/db.server.ts";
import { categoryLineage } from "#app/domain/routing/resolve-route.server.ts";
import { containsPoint, isGeometry } from "#app/domain/routing/geo.ts";

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
  const lineage = await categoryLineage({ tx, categoryId });
  const outages = await tx.outage.findMany({
    where: {
      districtId,
      startsAt: { lte: at },
      OR: [{ endedAt: null }, { endedAt: { gt: at } }],
      categories: { some: { categoryId: { in: lineage } } },
    },
    orderBy: { startsAt: "desc" },
  });
  return (
    outages.find((o) => !o.area || !point || !isGeometry(o.area) || containsPoint(o.area, point)) ?? null
  );
}
