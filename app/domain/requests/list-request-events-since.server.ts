import { getDb } from "#app/utils/db.server.ts";
import { visibleRequestsWhere, type StaffActor } from "./request-access.server.ts";

/**
 * Request events newer than `afterId` that this staff member may see, for the live feed.
 * Without `afterId`: only the newest id (the feed starts from "now").
 */
export async function listRequestEventsSince(options: { actor: StaffActor; afterId?: bigint | null; limit?: number }) {
  const db = getDb();
  if (options.afterId === undefined || options.afterId === null) {
    const last = await db.requestEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    return { events: [], lastId: last?.id ?? 0n };
  }
  const events = await db.requestEvent.findMany({
    where: { id: { gt: options.afterId }, request: visibleRequestsWhere(options.actor) },
    orderBy: { id: "asc" },
    take: options.limit ?? 100,
    select: { id: true, requestId: true, type: true },
  });
  const newest = events.length ? events[events.length - 1]!.id : options.afterId;
  return { events: events.map((e) => ({ id: e.id, requestId: e.requestId, type: e.type })), lastId: newest };
}
