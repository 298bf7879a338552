import { Queue, Worker, type Job, type Processor } from "bullmq";
import type { QueueName } from "#app/jobs/queues.server.ts";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { registerTelegramChannel } from "#app/channels/telegram/register-telegram-channel.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { isDatabaseUnavailableError } from "#app/utils/db-errors.ts";
import { reportDatabaseError } from "#app/utils/db.server.ts";
import { createLogger, type Logger } from "#app/utils/logger.server.ts";
import { createRedis } from "#app/utils/redis.server.ts";
import { processDeadlinesJob } from "./process-deadlines.ts";
import { processIntakeJob } from "./process-intake.ts";
import { processMaintenanceJob } from "./process-maintenance.ts";
import { backoffStrategy, processNotificationJob } from "./process-notifications.ts";
import { processRoutingJob } from "./process-routing.ts";

type WorkerSpec = {
  processor: Processor;
  concurrency: number;
  // Telegram allows about 30 messages/s per bot; stay under it for all channels together.
  limiter?: { max: number; duration: number };
  /** How long a job's lock lives without renewal (renewed every half of it) and how often other workers look for jobs whose lock ran out. */
  lockDuration?: number;
  stalledInterval?: number;
};

const SPECS: Record<QueueName, WorkerSpec> = {
  intake: { processor: processIntakeJob, concurrency: 5 },
  routing: { processor: processRoutingJob, concurrency: 5 },
  deadlines: { processor: processDeadlinesJob, concurrency: 5 },
  // A worker that dies mid-send leaves its job locked: with these, another worker has it back
  // within about 15 s (lock gone after at most 10 s, seen at the next 5-s check). The send
  // itself is then looked up, not repeated (sendNotification; docs/decisions/012).
  notifications: { processor: processNotificationJob, concurrency: 10, limiter: { max: 25, duration: 1000 }, lockDuration: 10_000, stalledInterval: 5_000 },
  maintenance: { processor: processMaintenanceJob, concurrency: 1 },
};

/** Recurring maintenance; upserting is idempotent, so every worker process may do it at start. */
export const SCHEDULES = [
  { id: "sweep-deadlines", every: 60_000 },
  // Also notices a Redis that came back empty (its marker key is gone) and then puts all
  // undone work back at once; otherwise work whose job is gone is back after
  // `maintenance.redriveAfterMinutes` (default 1).
  { id: "redrive", every: 10_000 },
  // Sends interrupted mid-way (SENDING past its take-over time) whose job is gone from Redis.
  { id: "recover-sends", every: 10_000 },
  { id: "auto-close", every: 60 * 60_000 },
  { id: "sync-catalogue", every: 24 * 60 * 60_000 },
  { id: "poll-handoffs", every: 60_000 },
  // Also a sweeper: media whose wake-up call Redis lost is fetched on the next run.
  { id: "fetch-media", every: 60_000 },
  { id: "prune-sessions", every: 24 * 60 * 60_000 },
] as const;

const CLOSE_GRACE_MS = 30_000;

export type StartedWorkers = {
  /** Resolves once every worker is connected (it never rejects; a Redis outage just delays it). */
  ready: Promise<void>;
  /** Lets running jobs finish (waiting at most the grace period), then closes the connections. */
  close(): Promise<void>;
};

/**
 * One BullMQ Worker per queue, under this installation's key prefix. Nothing here exits
 * the process on a Redis error: ioredis reconnects on its own and the workers resume.
 */
export function startWorkers(
  options: {
    log?: Logger;
    schedulers?: boolean;
    closeGraceMs?: number;
    /** Override a schedule's interval (tests; a city that wants faster sweeps). */
    scheduleEveryMs?: Partial<Record<(typeof SCHEDULES)[number]["id"], number>>;
  } = {},
): StartedWorkers {
  const log = options.log ?? createLogger("worker");
  // Provider senders (Telegram, Twilio) get registered here (registerSender) once their
  // integrations exist and credentials are set; until then every channel uses the sandbox.
  const prefix = getEnv().QUEUE_PREFIX;
  const telegramToken = getEnv().TELEGRAM_BOT_TOKEN;
  // Telegram sender for notifications + the intake handler for webhook-delivered updates.
  if (telegramToken) registerTelegramChannel({ token: telegramToken, apiRoot: getEnv().TELEGRAM_API_ROOT });
  // SMS/voice intake handlers always (the phone simulator works without accounts); the
  // Twilio SMS sender only with all three credentials, else SMS goes to the sandbox.
  const env = getEnv();
  registerPhoneChannel({
    twilio:
      env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_PHONE_NUMBER
        ? {
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: env.TWILIO_AUTH_TOKEN,
            phoneNumber: env.TWILIO_PHONE_NUMBER,
            publicBaseUrl: env.PUBLIC_BASE_URL,
            apiBaseUrl: env.TWILIO_API_URL,
          }
        : null,
  });
  // Workers duplicate this connection for their own (blocking) use; it is closed last.
  const connection = createRedis("worker");

  const workers = (Object.keys(SPECS) as QueueName[]).map((queue) => {
    const spec = SPECS[queue];
    const worker = new Worker(queue, spec.processor, {
      connection,
      prefix,
      concurrency: spec.concurrency,
      limiter: spec.limiter,
      ...(spec.lockDuration ? { lockDuration: spec.lockDuration } : {}),
      ...(spec.stalledInterval ? { stalledInterval: spec.stalledInterval } : {}),
      settings: { backoffStrategy },
    });
    worker.on("failed", (job: Job | undefined, err: Error) => {
      const final = !job || err.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
      // The database being away fails every job alike: one line per 5 s with a count.
      if (!final && isDatabaseUnavailableError(err)) return reportDatabaseError(err, `queue ${queue}`);
      (final ? log.error : log.warn)(final ? "job failed" : "job failed; will retry", {
        queue,
        jobId: job?.id,
        attemptsMade: job?.attemptsMade,
        error: safeErrorText(err),
      });
    });
    worker.on(
      "error",
      throttled((err: Error) => log.warn("worker error", { queue, error: safeErrorText(err) })),
    );
    return worker;
  });

  let schedulerQueue: Queue | undefined;
  if (options.schedulers !== false) {
    schedulerQueue = new Queue("maintenance", { connection, prefix });
    schedulerQueue.on("error", () => {});
    const q = schedulerQueue;
    const upsert = () =>
      Promise.all(
        SCHEDULES.map((s) =>
          q.upsertJobScheduler(
            s.id,
            { every: options.scheduleEveryMs?.[s.id] ?? s.every },
            { name: s.id, data: { task: s.id }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } },
          ),
        ),
      ).then(
        () => log.info("job schedulers upserted", { schedulers: SCHEDULES.map((s) => s.id) }),
        (e: Error) => log.error("could not upsert job schedulers", { error: safeErrorText(e) }),
      );
    void upsert();
    // Redis here keeps nothing on disk: after a restart it comes back empty, schedulers
    // included. Upserting again on every reconnect restores them (it is idempotent), and
    // the first "redrive" run re-enqueues whatever the lost jobs pointed to.
    let connectedOnce = false;
    connection.on("ready", () => {
      if (connectedOnce) void upsert();
      connectedOnce = true;
    });
  }

  const ready = Promise.all(workers.map((w) => w.waitUntilReady().catch(() => {}))).then(() => {
    log.info("workers started", { queues: Object.keys(SPECS), prefix });
  });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // worker.close() lets running jobs finish. It never returns if it is called while a
      // connection is between reconnect attempts (ioredis then never emits "end"), so a
      // shutdown during a Redis outage stops waiting after the grace period.
      const closed = await settleWithin(Promise.allSettled(workers.map((w) => w.close())), options.closeGraceMs ?? CLOSE_GRACE_MS);
      if (!closed) log.warn("workers did not close within the grace period; stopping anyway");
      if (schedulerQueue) await settleWithin(schedulerQueue.close(), 2000);
      await closeRedis(connection);
      log.info("workers stopped");
    })());

  return { ready, close };
}

/** True when `p` settled within `ms`; never rejects. */
async function settleWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  const done = p.then(
    () => true as const,
    () => true as const,
  );
  const result = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return result;
}

// QUIT waits for a reply, which never comes while Redis is away: give it a moment, then drop the socket.
async function closeRedis(redis: ReturnType<typeof createRedis>) {
  if (redis.status === "ready") {
    await Promise.race([redis.quit().catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
  }
  redis.disconnect();
}

// Errors name what failed; long digit runs (phone numbers, chat ids) are cut out all the same.
// Prisma puts a code excerpt first and the reason last: keep the reason.
function safeErrorText(err: Error) {
  const lines = String(err.message)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const code = (err as { code?: unknown }).code;
  const text = `${err.name}${typeof code === "string" ? ` ${code}` : ""}: ${lines.at(-1) ?? ""}`;
  return text.replace(/\+?\d{7,}/g, "<digits>").slice(0, 300);
}

// During a Redis outage every reconnect attempt errors; one line per 30 s per worker is enough.
function throttled(fn: (err: Error) => void, everyMs = 30_000) {
  let last = 0;
  return (err: Error) => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    fn(err);
  };
}
