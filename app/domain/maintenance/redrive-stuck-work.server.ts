import { notificationJobId } from "#app/domain/notifications/enqueue-notifications.server.ts";
import { getSetting } from "#app/domain/settings/get-setting.server.ts";
import { markQueuesKept, queuesWereEmptied, requeue } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";

/** Bounds one run; a backlog larger than this drains over the next runs (every 10 s). */
export const REDRIVE_BATCH_SIZE = 500;
/** An inbound event that failed this often needs a person, not another retry every few minutes. */
export const INBOUND_MAX_ATTEMPTS = 20;

const log = createLogger("domain");

export type RedriveCounts = { inboundEvents: number; requests: number; notifications: number; emptied?: true };

/**
 * Postgres is the truth, Redis only carries wake-up calls: finds work that should have
 * been done by now (unprocessed inbound events, unrouted requests, notifications whose
 * send time passed) and enqueues it again. A job still queued or running is left alone;
 * one lost from Redis, or finished without doing the work, is added again.
 *
 * Work normally has to be `maintenance.redriveAfterMinutes` old first (its own wake-up call
 * may still be on its way). When Redis came back empty (it keeps nothing on disk), every
 * wake-up call is gone: then all undone work is put back at once, PENDING notifications
 * whatever their retry time (their job waits in the queue until then). The same work
 * cannot be done twice: the job ids are stable, so a job still queued is not added again,
 * and every job's processing is idempotent.
 * Returns how many jobs were added per kind.
 */
export async function redriveStuckWork(options: { now?: Date; olderThanMs?: number } = {}): Promise<RedriveCounts> {
  const db = getDb();
  const now = options.now ?? new Date();
  const emptied =
    options.olderThanMs === undefined &&
    (await queuesWereEmptied().catch((e: unknown) => {
      log.warn("could not ask Redis whether it kept the queues", { error: (e as Error).message });
      return false;
    }));
  const olderThanMs = emptied ? 0 : (options.olderThanMs ?? (await getSetting("maintenance.redriveAfterMinutes")) * 60_000);
  const cutoff = new Date(now.getTime() - olderThanMs);

  const [events, requests, notifications] = await Promise.all([
    db.inboundEvent.findMany({
      where: { processedAt: null, receivedAt: { lte: cutoff }, attempts: { lt: INBOUND_MAX_ATTEMPTS } },
      orderBy: { receivedAt: "asc" },
      take: REDRIVE_BATCH_SIZE,
      select: { id: true },
    }),
    db.request.findMany({
      where: { routed: false, createdAt: { lte: cutoff } },
      orderBy: { createdAt: "asc" },
      take: REDRIVE_BATCH_SIZE,
      select: { id: true },
    }),
    // (Rows SENDING are redriveInterruptedSends' part: they are found out about, not sent.)
    db.notification.findMany({
      where: { status: "PENDING", ...(emptied ? {} : { nextAttemptAt: { lte: cutoff } }) },
      orderBy: { nextAttemptAt: "asc" },
      take: REDRIVE_BATCH_SIZE,
      select: { id: true },
    }),
  ]);

  const counts: RedriveCounts = {
    inboundEvents: await countAdded(events.map((e) => requeue("intake", { inboundEventId: e.id }, { jobId: `in-${e.id}` }))),
    requests: await countAdded(requests.map((r) => requeue("routing", { requestId: r.id }, { jobId: `rt-${r.id}` }))),
    notifications: await countAdded(notifications.map((n) => requeue("notifications", { notificationId: n.id }, { jobId: notificationJobId(n.id) }))),
  };
  // A backlog larger than one batch: the next run (10 s on) goes on, still treating Redis as emptied.
  const more = [events, requests, notifications].some((rows) => rows.length >= REDRIVE_BATCH_SIZE);
  if (emptied && !more) {
    // From now on the queues hold their own work again; a later empty Redis is noticed anew.
    await markQueuesKept().catch((e: unknown) => log.warn("could not mark the queues as kept", { error: (e as Error).message }));
    log.info("Redis holds no queues (first start, or it came back empty): re-drove all undone work at once", counts);
  }
  if (emptied) return { ...counts, emptied: true };
  if (counts.inboundEvents + counts.requests + counts.notifications > 0) log.info("re-drove stuck work", counts);
  return counts;
}

async function countAdded(adds: Promise<boolean>[]) {
  return (await Promise.all(adds)).filter(Boolean).length;
}

/**
 * Sends interrupted mid-way: rows still SENDING past their take-over time
 * (SEND_RECOVER_AFTER_MS after the attempt started). Their job normally comes back by
 * itself (BullMQ hands a dead worker's job to another within seconds); this finds those
 * whose job Redis lost, or that BullMQ gave up on after it stalled twice, and puts them
 * back on the queue, where sendNotification finds out what happened instead of sending
 * again. Runs every 10 seconds (SCHEDULES), so it needs no age margin of its own.
 */
export async function redriveInterruptedSends(options: { now?: Date } = {}): Promise<{ notifications: number }> {
  const now = options.now ?? new Date();
  const rows = await getDb().notification.findMany({
    where: { status: "SENDING", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: REDRIVE_BATCH_SIZE,
    select: { id: true },
  });
  const notifications = await countAdded(rows.map((n) => requeue("notifications", { notificationId: n.id }, { jobId: notificationJobId(n.id) })));
  if (notifications > 0) log.info("re-drove interrupted sends", { notifications });
  return { notifications };
}
