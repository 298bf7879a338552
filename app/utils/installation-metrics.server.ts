// The installation's own numbers at GET /metrics, beside each process's Node metrics
// (metrics.server.ts). They describe the whole installation, not the web process that
// answers the scrape, so every web reports the same values: aggregate them with max(), not
// sum() (docs/operations.md).
//
// - Requests by channel and status, inbound events, deadlines: gauges read from PostgreSQL,
//   not counters kept in memory. Requests are created by the web, the bot and the workers
//   (several processes, restarted at will); only the database knows every one, and a gauge
//   read from it is right after any restart. The grouped queries scan the three tables (1.6 s
//   together at a million rows each on a busy 2-core machine: bench/metrics-scrape.bench.ts),
//   so their result is kept and read again in the background at most every
//   DATABASE_REFRESH_MS, one read at a time: a scrape answers from the kept numbers (14 ms)
//   and scraping more often costs the database nothing.
// - Deadline warnings and breaches: counted from the Deadline rows the deadline jobs and the
//   sweep flip (warnedAt/breachedAt). Re-scheduling copies a flag onto the successor row
//   with its old time, earlier than the successor's createdAt: only a flip made on the row
//   itself (at or after its creation) counts, so each warning or breach counts once.
// - Queue depths: asked from Redis on every scrape (a few LLEN/ZCARD per queue).
// - Job failures: the workers are other processes, so their failed handlers add to a hash
//   in Redis (recordJobFailure) and the scrape reads it. Redis here keeps nothing on disk:
//   after its restart the counters start again from zero, which Prometheus's rate() and
//   increase() read as a counter reset.
import type { Redis } from "ioredis";
import { Counter, Gauge, type Registry } from "prom-client";
import { QUEUE_NAMES, getQueue } from "#app/jobs/queues.server.ts";
import { getDb } from "./db.server.ts";
import { getEnv } from "./env.server.ts";
import { sharedRedis } from "./redis.server.ts";

/** The database snapshot is read again at most this often. */
export const DATABASE_REFRESH_MS = 60_000;
const DATABASE_TIMEOUT_MS = 15_000;
const REDIS_TIMEOUT_MS = 2_000;

const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;
const FAILURE_OUTCOMES = ["retrying", "gave_up"] as const;
type FailureOutcome = (typeof FAILURE_OUTCOMES)[number];

type DatabaseSnapshot = {
  at: number;
  requests: { channel: string; status: string; count: number }[];
  inbound: { channel: string; processed: number; pending: number; oldestPendingSeconds: number | null }[];
  deadlines: { kind: string; warnings: number; breaches: number; onTime: number; warned: number; breached: number }[];
};

type RedisSnapshot = {
  queues: { queue: string; counts: Record<(typeof QUEUE_STATES)[number], number> }[];
  failures: { queue: string; outcome: FailureOutcome; count: number }[];
};

declare global {
  var __slvInstallationMetrics:
    | {
        registered: WeakSet<Registry>;
        database?: DatabaseSnapshot;
        databaseOk: boolean;
        refreshNext?: boolean;
        /** The read in flight is one every metric of the scrape waits for. */
        awaited?: boolean;
        refreshing?: Promise<void>;
        redis?: { at: number; promise: Promise<RedisSnapshot | null> };
      }
    | undefined;
}
const state = (globalThis.__slvInstallationMetrics ??= { registered: new WeakSet(), databaseOk: true });

const failuresKey = () => `${getEnv().QUEUE_PREFIX}:metrics:job-failures`;
const metricsRedis = sharedRedis("metrics", "producer");

/**
 * Counts a failed job run for GET /metrics (the workers' "failed" handler). `final`: the job
 * gave up (no attempt left, or an unrecoverable error). Never throws: a failure that cannot
 * be counted while Redis is away is only missing from the counter.
 */
export function recordJobFailure(redis: Redis, options: { queue: string; final: boolean }): Promise<void> {
  const outcome: FailureOutcome = options.final ? "gave_up" : "retrying";
  return redis.hincrby(failuresKey(), `${options.queue}:${outcome}`, 1).then(
    () => undefined,
    () => undefined,
  );
}

/** The next scrape reads the database and Redis again, however fresh the kept numbers are. */
export function refreshOnNextScrape() {
  state.refreshNext = true;
  state.redis = undefined;
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

async function readDatabase(): Promise<DatabaseSnapshot> {
  const db = getDb();
  const [requests, inbound, deadlines] = await Promise.all([
    db.$queryRaw<{ channel: string; status: string; count: number }[]>`
      SELECT channel::text AS channel, status::text AS status, count(*)::int AS count
      FROM "Request" GROUP BY 1, 2`,
    db.$queryRaw<{ channel: string; processed: number; pending: number; oldest: number | null }[]>`
      SELECT channel::text AS channel,
             count(*) FILTER (WHERE "processedAt" IS NOT NULL)::int AS processed,
             count(*) FILTER (WHERE "processedAt" IS NULL)::int AS pending,
             EXTRACT(EPOCH FROM now() - min("receivedAt") FILTER (WHERE "processedAt" IS NULL))::float8 AS oldest
      FROM "InboundEvent" GROUP BY 1`,
    db.$queryRaw<{ kind: string; warnings: number; breaches: number; on_time: number; warned: number; breached: number }[]>`
      SELECT kind::text AS kind,
             count(*) FILTER (WHERE "warnedAt" >= "createdAt")::int AS warnings,
             count(*) FILTER (WHERE "breachedAt" >= "createdAt")::int AS breaches,
             count(*) FILTER (WHERE active AND NOT warned AND NOT breached)::int AS on_time,
             count(*) FILTER (WHERE active AND warned AND NOT breached)::int AS warned,
             count(*) FILTER (WHERE active AND breached)::int AS breached
      FROM "Deadline" GROUP BY 1`,
  ]);
  return {
    at: Date.now(),
    requests,
    inbound: inbound.map((r) => ({
      channel: r.channel,
      processed: r.processed,
      pending: r.pending,
      oldestPendingSeconds: r.oldest === null ? null : Math.max(0, r.oldest),
    })),
    deadlines: deadlines.map((d) => ({ kind: d.kind, warnings: d.warnings, breaches: d.breaches, onTime: d.on_time, warned: d.warned, breached: d.breached })),
  };
}

/**
 * The kept snapshot. Once it is older than DATABASE_REFRESH_MS a read starts in the background
 * and this scrape still gets the kept numbers: no scrape waits for the tables to be scanned,
 * except the first one of the process (and one after refreshOnNextScrape). While the
 * database is away the last good numbers stay.
 */
async function databaseSnapshot(): Promise<DatabaseSnapshot | undefined> {
  const wait = !state.database || Boolean(state.refreshNext);
  if (wait || Date.now() - state.database!.at >= DATABASE_REFRESH_MS) {
    state.refreshNext = false;
    if (wait) state.awaited = true;
    state.refreshing ??= within(readDatabase(), DATABASE_TIMEOUT_MS, "PostgreSQL")
      .then(
        (snapshot) => {
          state.database = snapshot;
          state.databaseOk = true;
        },
        () => {
          state.databaseOk = false;
        },
      )
      .finally(() => {
        state.refreshing = undefined;
        state.awaited = false;
      });
  }
  // A scrape collects every metric at once: when one waits for the read, all of them do.
  if (state.refreshing && state.awaited) await state.refreshing;
  return state.database;
}

async function readRedis(): Promise<RedisSnapshot> {
  const queues = await Promise.all(
    QUEUE_NAMES.map(async (queue) => {
      const counts = await getQueue(queue).getJobCounts("waiting", "prioritized", "active", "delayed", "failed");
      return {
        queue,
        counts: {
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
        },
      };
    }),
  );
  const redis = await metricsRedis.ready(REDIS_TIMEOUT_MS);
  const raw = await redis.hgetall(failuresKey());
  // Only the known queues and outcomes: a stray field cannot add a series.
  const failures = QUEUE_NAMES.flatMap((queue) => FAILURE_OUTCOMES.map((outcome) => ({ queue, outcome, count: Number(raw[`${queue}:${outcome}`] ?? 0) || 0 })));
  return { queues, failures };
}

/** Redis numbers of this scrape (every metric's collect() asks; one read serves them all). */
function redisSnapshot(): Promise<RedisSnapshot | null> {
  if (!state.redis || Date.now() - state.redis.at > 1000) {
    state.redis = {
      at: Date.now(),
      promise: within(readRedis(), REDIS_TIMEOUT_MS, "Redis").catch(() => null),
    };
  }
  return state.redis.promise;
}

/** Adds the installation's metrics to `registry` (once per registry). */
export function registerInstallationMetrics(registry: Registry) {
  if (state.registered.has(registry)) return;
  state.registered.add(registry);
  const registers = [registry];

  new Gauge({
    name: "citizen_requests",
    help: "Requests in the database by the channel they came through and their current status.",
    labelNames: ["channel", "status"] as const,
    registers,
    async collect() {
      const snapshot = await databaseSnapshot();
      if (!snapshot) return;
      this.reset();
      for (const r of snapshot.requests) this.set({ channel: r.channel, status: r.status }, r.count);
    },
  });

  new Gauge({
    name: "inbound_events",
    help: "Messages, calls and updates received from the channels, by channel: processed (turned into a request or an answer) or pending. Received = their sum.",
    labelNames: ["channel", "state"] as const,
    registers,
    async collect() {
      const snapshot = await databaseSnapshot();
      if (!snapshot) return;
      this.reset();
      for (const r of snapshot.inbound) {
        this.set({ channel: r.channel, state: "processed" }, r.processed);
        this.set({ channel: r.channel, state: "pending" }, r.pending);
      }
    },
  });

  new Gauge({
    name: "inbound_events_oldest_pending_seconds",
    help: "Age of the oldest inbound event not processed yet, by channel (0 when none waits).",
    labelNames: ["channel"] as const,
    registers,
    async collect() {
      const snapshot = await databaseSnapshot();
      if (!snapshot) return;
      this.reset();
      for (const r of snapshot.inbound) this.set({ channel: r.channel }, Math.round(r.oldestPendingSeconds ?? 0));
    },
  });

  // Warnings given and breaches, by kind of deadline: the same snapshot, one counter each.
  for (const [name, help, field] of [
    ["deadline_warnings_total", "Deadline warnings given (a term about to run out), by kind of deadline: SLA, STATUTORY, TRIAGE.", "warnings"],
    ["deadline_breaches_total", "Deadlines breached (escalated to supervisors and department heads), by kind of deadline.", "breaches"],
  ] as const) {
    new Counter({
      name,
      help,
      labelNames: ["kind"] as const,
      registers,
      async collect() {
        const snapshot = await databaseSnapshot();
        if (!snapshot) return;
        this.reset();
        for (const d of snapshot.deadlines) this.inc({ kind: d.kind }, d[field]);
      },
    });
  }

  new Gauge({
    name: "deadlines_active",
    help: "Running deadlines of open requests by kind and state: on_time, warned (about to run out), breached (overdue).",
    labelNames: ["kind", "state"] as const,
    registers,
    async collect() {
      const snapshot = await databaseSnapshot();
      if (!snapshot) return;
      this.reset();
      for (const d of snapshot.deadlines) {
        this.set({ kind: d.kind, state: "on_time" }, d.onTime);
        this.set({ kind: d.kind, state: "warned" }, d.warned);
        this.set({ kind: d.kind, state: "breached" }, d.breached);
      }
    },
  });

  new Gauge({
    name: "queue_jobs",
    help: "Jobs in each BullMQ queue by state: waiting, active, delayed, failed (failed jobs are kept up to a limit).",
    labelNames: ["queue", "state"] as const,
    registers,
    async collect() {
      const snapshot = await redisSnapshot();
      this.reset();
      if (!snapshot) return;
      for (const q of snapshot.queues) for (const s of QUEUE_STATES) this.set({ queue: q.queue, state: s }, q.counts[s]);
    },
  });

  new Counter({
    name: "job_failures_total",
    help: "Failed job runs in the workers, by queue and outcome: retrying (another attempt is due) or gave_up. Kept in Redis; restarts from 0 with it.",
    labelNames: ["queue", "outcome"] as const,
    registers,
    async collect() {
      const snapshot = await redisSnapshot();
      this.reset();
      if (!snapshot) return;
      for (const f of snapshot.failures) this.inc({ queue: f.queue, outcome: f.outcome }, f.count);
    },
  });

  new Gauge({
    name: "metrics_source_up",
    help: "1 when the last read of a source of these metrics succeeded (database, redis); 0 when it failed (database numbers are then the last good ones).",
    labelNames: ["source"] as const,
    registers,
    async collect() {
      await databaseSnapshot();
      this.set({ source: "database" }, state.databaseOk ? 1 : 0);
      this.set({ source: "redis" }, (await redisSnapshot()) ? 1 : 0);
    },
  });

  new Gauge({
    name: "metrics_database_snapshot_age_seconds",
    help: `Age of the database numbers served (read again at most every ${DATABASE_REFRESH_MS / 1000} s).`,
    registers,
    async collect() {
      const snapshot = await databaseSnapshot();
      this.reset();
      if (snapshot) this.set(Math.round((Date.now() - snapshot.at) / 1000));
    },
  });
}
