import { Queue, type JobsOptions } from "bullmq";
import { z } from "zod";
import { getEnv } from "#app/utils/env.server.ts";
import { createLogger, createRepeatGate } from "#app/utils/logger.server.ts";
import { createRedis } from "#app/utils/redis.server.ts";

// Producer side of the queues. Jobs carry ids only, never personal data.
export const QUEUE_NAMES = ["intake", "routing", "deadlines", "notifications", "maintenance"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const IntakeJobSchema = z.object({ inboundEventId: z.string().uuid() });
export const RoutingJobSchema = z.object({ requestId: z.string().uuid() });
export const DeadlineJobSchema = z.object({ deadlineId: z.string().uuid(), phase: z.enum(["warn", "breach"]) });
export const NotificationJobSchema = z.object({ notificationId: z.string().uuid() });
export const MaintenanceJobSchema = z.object({
  task: z.enum([
    "sweep-deadlines",
    "redrive",
    "recover-sends",
    "auto-close",
    "sync-catalogue",
    "poll-handoffs",
    "fetch-media",
    "prune-sessions",
    "calendar-years",
  ]),
});

export type JobPayloads = {
  intake: z.infer<typeof IntakeJobSchema>;
  routing: z.infer<typeof RoutingJobSchema>;
  deadlines: z.infer<typeof DeadlineJobSchema>;
  notifications: z.infer<typeof NotificationJobSchema>;
  maintenance: z.infer<typeof MaintenanceJobSchema>;
};

const log = createLogger("domain");

declare global {
  var __slvQueues: { redis: ReturnType<typeof createRedis>; queues: Map<string, Queue> } | undefined;
}

// One producer connection per process, shared by every queue; BullMQ never closes a
// connection it was handed, so closeQueues() does.
function producers() {
  return (globalThis.__slvQueues ??= { redis: createRedis("producer"), queues: new Map() });
}

export function getQueue(name: QueueName): Queue {
  const { redis, queues } = producers();
  const prefix = getEnv().QUEUE_PREFIX;
  const key = `${prefix}:${name}`;
  let q = queues.get(key);
  if (!q) {
    q = new Queue(name, { connection: redis, prefix });
    q.on("error", () => {});
    queues.set(key, q);
  }
  return q;
}

/** false while Redis is known to be away (it was connected, now reconnecting): enqueue fails fast. */
function isRedisAway() {
  const status = globalThis.__slvQueues?.redis.status;
  return status === "reconnecting" || status === "end" || status === "close";
}

export async function closeQueues() {
  const state = globalThis.__slvQueues;
  globalThis.__slvQueues = undefined;
  if (!state) return;
  await Promise.allSettled([...state.queues.values()].map((q) => q.close()));
  if (state.redis.status === "ready") {
    await Promise.race([state.redis.quit().catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);
  }
  state.redis.disconnect();
}

/**
 * A key kept beside the queues while Redis holds their data. Redis here keeps nothing on disk:
 * after a restart (or a flush) the key is gone with every queued job, which is how the
 * re-drive knows to put back all undone work at once instead of waiting for it to age.
 */
const KEPT_KEY = "queues-kept";

/** True when Redis holds none of the queues' data: the marker is gone (a first start, or Redis came back empty). Throws when Redis cannot be asked. */
export async function queuesWereEmptied(): Promise<boolean> {
  const redis = await producerReady();
  return (await withTimeout(redis.exists(`${getEnv().QUEUE_PREFIX}:${KEPT_KEY}`), 2000)) === 0;
}

/** Records that the queues' Redis holds their data (after the re-drive put everything back). */
export async function markQueuesKept(): Promise<void> {
  const redis = await producerReady();
  await withTimeout(redis.set(`${getEnv().QUEUE_PREFIX}:${KEPT_KEY}`, new Date().toISOString()), 2000);
}

// The producer connection has no offline queue: a command before it is ready would fail at once.
async function producerReady() {
  const { redis } = producers();
  if (redis.status === "ready") return redis;
  let onReady = () => {};
  await withTimeout(new Promise<void>((resolve) => redis.once("ready", (onReady = resolve))), 2000).finally(() => redis.off("ready", onReady));
  return redis;
}

/** A storm of deliveries while Redis is away fails every wake-up the same way: one line per queue and 5 s, with the count. */
const enqueueFailures = createRepeatGate(5_000);

/**
 * Adds a wake-up call after the row it points to is committed. Never throws, never rejects
 * (a caller may leave it unawaited): if Redis is away the row stays "not done" in Postgres
 * and the re-drive sweeper enqueues it later.
 * A stable jobId makes a repeated enqueue of the same work a no-op while it is queued.
 */
export async function enqueue<N extends QueueName>(name: N, data: JobPayloads[N], options: { jobId?: string; delayMs?: number } = {}): Promise<boolean> {
  try {
    if (isRedisAway()) throw new Error("Redis is unreachable");
    if (Date.now() < slowUntil) throw new Error("Redis did not answer in time");
    await addGrouped(getQueue(name), {
      name,
      data,
      opts: {
        jobId: options.jobId,
        delay: options.delayMs && options.delayMs > 0 ? Math.min(options.delayMs, 2 ** 31 - 1) : undefined,
        attempts: 5,
        backoff: { type: "exponential", delay: 2000 },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 5000 },
        ...JOB_OPTIONS[name],
      },
    });
    return true;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    enqueueFailures(`enqueue:${name}`, (repeats) => log.warn("enqueue failed; the sweeper will re-drive it", { queue: name, repeats, error }));
    return false;
  }
}

/**
 * After an add Redis did not answer in time (hung, or overloaded), wake-ups fail at once for
 * this long instead of piling up behind it: the doors answer without waiting for them, so
 * nothing else would bound what waits in this process while Redis is stuck.
 */
const SLOW_PAUSE_MS = 5_000;
let slowUntil = 0;

type GroupedJob = { name: string; data: unknown; opts: JobsOptions };
type Grouped = { waiting: { job: GroupedJob; resolve: () => void; reject: (e: unknown) => void }[]; busy: boolean };
const groups = new WeakMap<Queue, Grouped>();
/** At most this many wake-ups in one round trip to Redis. */
const GROUP_MAX = 500;

/**
 * Adds a job the way a group commit writes: one that comes while no add to this queue is on
 * its way goes at once, alone; those that come meanwhile wait for it and then go together
 * in one addBulk (one round trip, one MULTI). A storm of webhooks costs Redis and this
 * process a round trip per batch instead of one per delivery, and nobody waits longer than
 * the add before theirs. Each caller's promise settles with its own batch.
 */
function addGrouped(queue: Queue, job: GroupedJob): Promise<void> {
  let group = groups.get(queue);
  if (!group) groups.set(queue, (group = { waiting: [], busy: false }));
  const promise = new Promise<void>((resolve, reject) => group.waiting.push({ job, resolve, reject }));
  if (!group.busy) void flushGroup(queue, group);
  return promise;
}

async function flushGroup(queue: Queue, group: Grouped) {
  group.busy = true;
  try {
    while (group.waiting.length) {
      const slow = Date.now() < slowUntil;
      const batch = group.waiting.splice(0, slow ? group.waiting.length : GROUP_MAX);
      try {
        if (slow) throw new Error("Redis did not answer in time");
        const [only] = batch;
        const added: Promise<unknown> = batch.length === 1 ? queue.add(only!.job.name, only!.job.data, only!.job.opts) : queue.addBulk(batch.map((w) => w.job));
        await withTimeout(added, 2000);
        for (const w of batch) w.resolve();
      } catch (e) {
        if (e instanceof TimedOut) slowUntil = Date.now() + SLOW_PAUSE_MS;
        for (const w of batch) w.reject(e);
      }
    }
  } finally {
    group.busy = false;
  }
}

/**
 * The worker's custom backoff for notifications: it waits until the row's own
 * nextAttemptAt (set by sendNotification from the provider's retry-after and the
 * backoff), so Postgres and the queue agree on when the next try happens.
 */
export const NOTIFICATION_BACKOFF_TYPE = "notification-next-attempt";

// Per-queue overrides of the defaults above.
const JOB_OPTIONS: Partial<Record<QueueName, { attempts?: number; backoff?: { type: string; delay?: number } }>> = {
  // Notification.attempts decides when to give up (the domain throws a permanent error
  // then); the job's own count only needs to be higher.
  notifications: { attempts: 20, backoff: { type: NOTIFICATION_BACKOFF_TYPE } },
};

/**
 * Enqueues work again for the re-drive sweeper. BullMQ ignores an add whose jobId still
 * exists, including completed and failed jobs it keeps; those ran but the row says the
 * work is not done, so they are removed first. A job still waiting, delayed or active is
 * left alone. Returns true when a job was added.
 */
export async function requeue<N extends QueueName>(name: N, data: JobPayloads[N], options: { jobId: string }): Promise<boolean> {
  try {
    const queue = getQueue(name);
    // The job's own record (one hash read), not getJobState: that walks the whole waiting
    // list in Redis for each job asked about, and with a backlog of 100,000 the re-drive's
    // hundreds of questions every 10 s held Redis up for the workers draining it.
    const job = await withTimeout(queue.getJob(options.jobId), 2000);
    if (job?.finishedOn) await withTimeout(queue.remove(options.jobId), 2000);
    else if (job) return false;
  } catch (e) {
    log.warn("re-drive failed; the next sweep tries again", { queue: name, jobId: options.jobId, error: (e as Error).message });
    return false;
  }
  return enqueue(name, data, { jobId: options.jobId });
}

class TimedOut extends Error {
  override name = "TimedOut";
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new TimedOut(`timed out after ${ms} ms`)), ms);
    }),
  ]);
}
