import { getDb } from "#app/utils/db.server.ts";
import { checkHandoffStatus, type CheckHandoffResult } from "./check-handoff-status.server.ts";

/** A claimed row is pushed this far ahead while it is checked, so a parallel run skips it. */
const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * The "poll-handoffs" maintenance task: every hand-off with an order id whose nextCheckAt
 * is due gets one status check. Postgres says what is due, so a lost job loses nothing.
 */
export async function pollHandoffs(options: { now?: Date; limit?: number } = {}) {
  const db = getDb();
  const now = options.now ?? new Date();
  const due = await db.handoff.findMany({
    where: { orderId: { not: null }, nextCheckAt: { lte: now }, status: { in: ["SUBMITTED", "IN_PROGRESS", "QUESTION", "FAILING", "HANDED_OFF"] } },
    orderBy: { nextCheckAt: "asc" },
    take: options.limit ?? 50,
    select: { id: true, nextCheckAt: true },
  });
  const results: (CheckHandoffResult & { handoffId: string })[] = [];
  for (const h of due) {
    const claim = await db.handoff.updateMany({
      where: { id: h.id, nextCheckAt: h.nextCheckAt },
      data: { nextCheckAt: new Date(now.getTime() + CLAIM_LEASE_MS) },
    });
    if (claim.count !== 1) continue;
    results.push({ handoffId: h.id, ...(await checkHandoffStatus({ handoffId: h.id, now })) });
  }
  return { checked: results.length, results };
}
