import { visibleRequestsWhere, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { getDb } from "#app/utils/db.server.ts";

/** Hand-offs whose provider status cannot be checked (FAILING), or that fail now and then, worst first. */
export async function listFailingHandoffs(options: { actor: StaffActor; take?: number }) {
  return getDb().handoff.findMany({
    where: { OR: [{ status: "FAILING" }, { failures: { gt: 0 } }], request: visibleRequestsWhere(options.actor) },
    orderBy: [{ failures: "desc" }, { lastCheckedAt: "asc" }],
    take: options.take ?? 100,
    select: {
      id: true,
      provider: true,
      status: true,
      orderId: true,
      failures: true,
      lastError: true,
      lastCheckedAt: true,
      nextCheckAt: true,
      createdAt: true,
      request: { select: { id: true, number: true } },
      service: { select: { nameUk: true, nameEn: true } },
    },
  });
}
