import { enqueue } from "#app/jobs/queues.server.ts";

/** BullMQ custom ids must not contain ':'. One id per notification: a repeated enqueue is a no-op while queued. */
export function notificationJobId(notificationId: string) {
  return `ntf-${notificationId}`;
}

/**
 * Wake-up calls for committed outbox rows (call after the transaction that recorded them).
 * Never throws: rows that did not make it into Redis are re-driven by the sweeper.
 */
export async function enqueueNotifications(options: { ids: string[] }): Promise<{ enqueued: number }> {
  const results = await Promise.all([...new Set(options.ids)].map((id) => enqueue("notifications", { notificationId: id }, { jobId: notificationJobId(id) })));
  return { enqueued: results.filter(Boolean).length };
}
