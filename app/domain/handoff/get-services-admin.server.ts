import { getDb } from "#app/utils/db.server.ts";

/**
 * The admin services page: the latest catalogue syncs (failures first to the eye: a failed
 * sync keeps the previous catalogue), the last good one, the services, and the categories
 * with the service each hands off to.
 */
export async function getServicesAdmin() {
  const db = getDb();
  const [syncs, lastGood, services, categories, failingHandoffs] = await Promise.all([
    db.catalogSync.findMany({ orderBy: { startedAt: "desc" }, take: 10 }),
    db.catalogSync.findFirst({ where: { ok: true }, orderBy: { startedAt: "desc" } }),
    db.adminService.findMany({
      orderBy: [{ active: "desc" }, { provider: "asc" }, { nameUk: "asc" }],
      select: {
        id: true,
        provider: true,
        externalId: true,
        nameUk: true,
        nameEn: true,
        link: true,
        detailsUk: true,
        active: true,
        lastSeenAt: true,
        _count: { select: { categories: true } },
      },
    }),
    db.category.findMany({
      where: { active: true },
      orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
      select: { id: true, code: true, nameUk: true, nameEn: true, isAdminService: true, adminServiceId: true },
    }),
    db.handoff.count({ where: { status: "FAILING" } }),
  ]);
  return { syncs, lastGood, services, categories, failingHandoffs };
}
