import { getDb } from "#app/utils/db.server.ts";
import { maskPhone } from "#app/utils/logger.server.ts";

/** The calls page: callers waiting in the operator queue now (last hour), and open callback tasks with the caller's earlier requests. */
export async function listCallBoard(options: { now?: Date } = {}) {
  const db = getDb();
  const since = new Date((options.now ?? new Date()).getTime() - 3600_000);
  const waiting = await db.call.findMany({
    where: { status: "QUEUED", endedAt: null, queuedAt: { gte: since } },
    orderBy: { queuedAt: "asc" },
    select: { id: true, fromNumber: true, queuedAt: true, menuPath: true },
  });
  const callbacks = await db.callbackTask.findMany({
    where: { status: "OPEN" },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: { id: true, phone: true, reason: true, createdAt: true, citizen: { select: { requests: { select: { number: true, status: true }, orderBy: { createdAt: "desc" }, take: 5 } } } },
  });
  return {
    // Staff call back, so they see the full number; it never goes to logs.
    waiting: waiting.map((w) => ({ ...w, masked: maskPhone(w.fromNumber) })),
    callbacks: callbacks.map((c) => ({ id: c.id, phone: c.phone, reason: c.reason, createdAt: c.createdAt, earlier: c.citizen?.requests ?? [] })),
  };
}
