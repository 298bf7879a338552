import { randomUUID } from "node:crypto";
import net from "node:net";
import { QueueEvents } from "bullmq";
import { afterEach, expect, test } from "vitest";
import { enqueueNotifications, notificationJobId } from "#app/domain/notifications/enqueue-notifications.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { PermanentSendError, registerSender, resetSenders, RetryableSendError } from "#app/domain/notifications/senders.server.ts";
import { getQueue, QUEUE_NAMES, type QueueName } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv, resetEnvForTests } from "#app/utils/env.server.ts";
import { startWorkers, type StartedWorkers } from "#workers/start-workers.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";

let seq = 0;
const silentLog = { debug() {}, info() {}, warn() {}, error() {} };
let running: StartedWorkers[] = [];

function start(options: Parameters<typeof startWorkers>[0] = {}) {
  const w = startWorkers({ schedulers: false, ...options });
  running.push(w);
  return w;
}

afterEach(async () => {
  await Promise.all(running.map((w) => w.close()));
  running = [];
  resetSenders();
});

/**
 * Resolves when `queue` reports `event` (a BullMQ QueueEvents event) for `jobId`. The
 * queue's event stream is read from its start, so an event that came before the call
 * counts too; each test file has its own key prefix, and job ids here are unique.
 */
async function jobEvent(queue: QueueName, event: "delayed" | "failed" | "completed", jobId: string, timeoutMs = 20_000) {
  const redis = new URL(getEnv().REDIS_URL);
  const events = new QueueEvents(queue, {
    connection: { host: redis.hostname, port: Number(redis.port || 6379) },
    prefix: getEnv().QUEUE_PREFIX,
    lastEventId: "0-0",
  });
  events.on("error", () => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      events.on(event, (args: { jobId: string }) => {
        if (args.jobId === jobId) resolve();
      });
      // A bound on the wait, so a missing event fails with a message rather than the test's timeout.
      timer = setTimeout(() => reject(new Error(`no "${event}" event for ${queue} job ${jobId} within ${timeoutMs} ms`)), timeoutMs);
    });
  } finally {
    clearTimeout(timer);
    await events.close();
  }
}

/** A silent logger whose `workerError()` resolves at the next "worker error" (a worker saw its Redis connection fail). */
function watchingLog() {
  let notify: (() => void) | undefined;
  return {
    log: { ...silentLog, warn: (msg: string) => void (msg === "worker error" && notify?.()) },
    workerError: () => new Promise<void>((resolve) => (notify = resolve)),
  };
}

async function recordOne(options: { language?: string } = {}) {
  const db = getDb();
  const address = String(500_000 + ++seq);
  const citizen = await db.citizen.create({
    data: { language: options.language ?? "uk", identities: { create: { channel: "TELEGRAM", externalId: address } } },
  });
  const request = await db.request.create({
    data: {
      number: `SLV-2026-${String(++seq).padStart(6, "0")}`,
      channel: "TELEGRAM",
      citizenId: citizen.id,
      description: "Не світить ліхтар",
      accessTokenHash: randomUUID(),
    },
  });
  const [row] = await db.$transaction((tx) => recordNotifications({ tx, requestId: request.id, template: "received", eventKey: `test:${randomUUID()}` }));
  if (!row) throw new Error("expected one notification to be recorded");
  return { id: row.id, request, address };
}

async function waitForStatus(id: string, status: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const n = await getDb().notification.findUniqueOrThrow({ where: { id }, include: { message: true } });
    if (n.status === status) return n;
    if (Date.now() > until) throw new Error(`notification still ${n.status} after ${timeoutMs} ms, wanted ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a notification enqueued is sent by the worker", async () => {
  const workers = start();
  await workers.ready;
  const { id, request } = await recordOne();

  expect(await enqueueNotifications({ ids: [id] })).toEqual({ enqueued: 1 });

  const n = await waitForStatus(id, "SENT");
  expect(n.message?.sandbox).toBe(true);
  expect(n.message?.body).toContain(request.number);
});

test("a retryable failure is retried by the worker at the row's next attempt time, then sent", async () => {
  let calls = 0;
  registerSender({
    channel: "TELEGRAM",
    async send() {
      if (++calls === 1) throw new RetryableSendError("Too Many Requests", 1000);
      return { externalId: `tg-${randomUUID()}` };
    },
  });
  start();
  const { id } = await recordOne();
  await enqueueNotifications({ ids: [id] });

  const n = await waitForStatus(id, "SENT", 20_000);
  expect(calls).toBe(2);
  expect(n.attempts).toBe(2);
  // sent no earlier than the time the first failure asked for
  expect(n.sentAt!.getTime()).toBeGreaterThanOrEqual(n.createdAt.getTime() + 1000);
});

test("a job that arrives before the row is due waits for it instead of being dropped", async () => {
  start();
  const { id } = await recordOne();
  const dueAt = new Date(Date.now() + 2000);
  await getDb().notification.update({ where: { id }, data: { nextAttemptAt: dueAt } });
  await enqueueNotifications({ ids: [id] });

  await jobEvent("notifications", "delayed", notificationJobId(id));
  const n = await waitForStatus(id, "SENT");
  expect(n.sentAt!.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
});

test("a permanent failure fails the job at once, with no retries", async () => {
  let calls = 0;
  registerSender({
    channel: "TELEGRAM",
    async send() {
      calls++;
      throw new PermanentSendError("blocked", "Forbidden: bot was blocked by the user");
    },
  });
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const collect = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, fields });
  start({ log: { debug: collect("debug"), info: collect("info"), warn: collect("warn"), error: collect("error") } });
  const { id, address } = await recordOne();
  await enqueueNotifications({ ids: [id] });

  await waitForStatus(id, "FAILED");
  const queue = getQueue("notifications");
  await jobEvent("notifications", "failed", notificationJobId(id));
  const job = await queue.getJob(notificationJobId(id));
  expect(job?.attemptsMade).toBe(1);
  expect(job?.failedReason).toContain("blocked");
  // The job is in its final state and nothing is left in the queue that could send again.
  expect(await queue.getJobState(notificationJobId(id))).toBe("failed");
  expect(await queue.getJobCounts("active", "waiting", "delayed", "prioritized", "waiting-children")).toEqual({
    active: 0,
    waiting: 0,
    delayed: 0,
    prioritized: 0,
    "waiting-children": 0,
  });
  expect(calls).toBe(1);
  // The failure is logged once, by job id, without the chat id or the text.
  const failed = lines.filter((l) => l.msg === "job failed");
  expect(failed).toHaveLength(1);
  expect(failed[0]?.fields).toMatchObject({ queue: "notifications", jobId: notificationJobId(id) });
  expect(JSON.stringify(lines)).not.toContain(address);
});

test("the job schedulers are upserted on the maintenance queue", async () => {
  // The catalogue sync runs as soon as it is scheduled: let it meet a fake iGov.
  server.use(...createIgovApi().handlers);
  let upserted!: () => void;
  const schedulersUpserted = new Promise<void>((r) => (upserted = r));
  const workers = start({ schedulers: true, log: { ...silentLog, info: (msg: string) => void (msg === "job schedulers upserted" && upserted()) } });
  await workers.ready;
  await schedulersUpserted;
  const queue = getQueue("maintenance");
  const expected = [
    "auto-close",
    "calendar-years",
    "fetch-media",
    "poll-handoffs",
    "prune-sessions",
    "recover-sends",
    "redrive",
    "sweep-deadlines",
    "sync-catalogue",
  ];
  const ids = (await queue.getJobSchedulers()).map((s) => s.key).sort();
  expect(ids).toEqual(expected);
  for (const s of expected) await queue.removeJobScheduler(s);
  // Their first runs were queued at once: drop those not started, and let a running one
  // finish while this test's fake iGov still answers.
  await queue.drain(true);
  await workers.close();
});

test("workers resume by themselves after Redis goes away and comes back", async () => {
  // The producer keeps its own direct connection; only the workers go through the proxy.
  for (const q of QUEUE_NAMES) getQueue(q);
  const proxy = await startRedisProxy();
  const realUrl = process.env.REDIS_URL;
  process.env.REDIS_URL = `redis://127.0.0.1:${proxy.port}`;
  resetEnvForTests();
  try {
    const watch = watchingLog();
    const workers = start({ log: watch.log });
    await workers.ready;
    const first = await recordOne();
    await enqueueNotifications({ ids: [first.id] });
    await waitForStatus(first.id, "SENT");

    const lost = watch.workerError();
    await proxy.stop(); // Redis "goes away": every connection drops, new ones are refused
    await lost;
    const second = await recordOne();
    await enqueueNotifications({ ids: [second.id] });
    // The producer's own connection queued the job; no worker can reach it to take it.
    expect(await getQueue("notifications").getJobState(notificationJobId(second.id))).toBe("waiting");
    expect((await getDb().notification.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("PENDING");

    await proxy.restart(); // and comes back
    await waitForStatus(second.id, "SENT", 20_000);
    // Every other queue's worker is back too: a job it cannot parse fails at once.
    for (const q of QUEUE_NAMES) await getQueue(q).add(q, { not: "a payload" } as never, { jobId: `probe-${q}` });
    const waiting = new Set<QueueName>(QUEUE_NAMES);
    await Promise.all(QUEUE_NAMES.map((q) => jobEvent(q, "failed", `probe-${q}`).then(() => waiting.delete(q))));
    expect([...waiting]).toEqual([]);
  } finally {
    if (realUrl === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = realUrl;
    resetEnvForTests();
    await Promise.all(running.map((w) => w.close()));
    running = [];
    await proxy.stop();
  }
});

test("stopping while Redis is away does not hang", async () => {
  const proxy = await startRedisProxy();
  const realUrl = process.env.REDIS_URL;
  process.env.REDIS_URL = `redis://127.0.0.1:${proxy.port}`;
  resetEnvForTests();
  try {
    const watch = watchingLog();
    const workers = startWorkers({ schedulers: false, log: watch.log, closeGraceMs: 1000 });
    await workers.ready;
    const lost = watch.workerError();
    await proxy.stop();
    await lost; // a worker's connection failed: its client is now between reconnect attempts
    await proxy.restart(); // back, but the clients are still waiting to reconnect
    const t0 = Date.now();
    await workers.close();
    expect(Date.now() - t0).toBeLessThan(5000);
  } finally {
    if (realUrl === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = realUrl;
    resetEnvForTests();
    await proxy.stop();
  }
});

test("closing waits for the running job and resolves", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let started = false;
  let sendStarted!: () => void;
  const sending = new Promise<void>((r) => (sendStarted = r));
  registerSender({
    channel: "TELEGRAM",
    async send() {
      started = true;
      sendStarted();
      await gate;
      return { externalId: `tg-${randomUUID()}` };
    },
  });
  const workers = start();
  const { id } = await recordOne();
  await enqueueNotifications({ ids: [id] });
  await sending;
  expect(started).toBe(true);

  let closed = false;
  const closing = workers.close().then(() => (closed = true));
  // Kept on purpose: what is tested is that close() keeps waiting while a job runs, and
  // "has not resolved yet" has no event to wait for, only a window in which it must not.
  await new Promise((r) => setTimeout(r, 300));
  expect(closed).toBe(false); // still finishing the send
  release();
  await closing;
  expect((await getDb().notification.findUniqueOrThrow({ where: { id } })).status).toBe("SENT");
});

/** A TCP proxy in front of the real Redis that can be cut and restored on the same port. */
async function startRedisProxy() {
  const upstream = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const up = net.connect(Number(upstream.port || 6379), upstream.hostname);
        for (const s of [client, up]) {
          sockets.add(s);
          s.on("error", () => {});
          s.on("close", () => {
            sockets.delete(s);
            client.destroy();
            up.destroy();
          });
        }
        client.pipe(up);
        up.pipe(client);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    async stop() {
      const s = server;
      server = undefined;
      for (const sock of sockets) sock.destroy();
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
    restart: listen,
  };
}
