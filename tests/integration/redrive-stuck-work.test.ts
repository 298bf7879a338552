import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, beforeEach, expect, test } from "vitest";
import { redriveInterruptedSends, redriveStuckWork } from "#app/domain/maintenance/redrive-stuck-work.server.ts";
import { enqueueNotifications, notificationJobId } from "#app/domain/notifications/enqueue-notifications.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { enqueue, getQueue, markQueuesKept, queuesWereEmptied } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { startWorkers, type StartedWorkers } from "#workers/start-workers.ts";

let seq = 0;
let running: StartedWorkers[] = [];

// A Redis that kept the queues' data (one that came back empty is its own test below).
beforeEach(() => markQueuesKept());

afterEach(async () => {
  await Promise.all(running.map((w) => w.close()));
  running = [];
});

function start() {
  const w = startWorkers({ schedulers: false });
  running.push(w);
  return w;
}

async function createRequest(options: { routed?: boolean; createdAt?: Date } = {}) {
  const db = getDb();
  const citizen = await db.citizen.create({
    data: { identities: { create: { channel: "TELEGRAM", externalId: String(700_000 + ++seq) } } },
  });
  return db.request.create({
    data: {
      number: `SLV-2026-${String(++seq).padStart(6, "0")}`,
      channel: "TELEGRAM",
      citizenId: citizen.id,
      description: "Відкритий люк",
      accessTokenHash: randomUUID(),
      routed: options.routed ?? true,
      createdAt: options.createdAt,
    },
  });
}

async function recordOne() {
  const request = await createRequest();
  const [row] = await getDb().$transaction((tx) => recordNotifications({ tx, requestId: request.id, template: "received", eventKey: `test:${randomUUID()}` }));
  if (!row) throw new Error("expected one notification to be recorded");
  return { id: row.id, request };
}

async function waitForStatus(id: string, status: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const n = await getDb().notification.findUniqueOrThrow({ where: { id } });
    if (n.status === status) return n;
    if (Date.now() > until) throw new Error(`notification still ${n.status} after ${timeoutMs} ms, wanted ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

test("a notification whose job was lost from Redis is re-driven and sent", async () => {
  const { id } = await recordOne();
  await enqueueNotifications({ ids: [id] });
  const queue = getQueue("notifications");
  expect(await queue.getJobState(notificationJobId(id))).toBe("waiting");
  await queue.remove(notificationJobId(id)); // Redis lost it
  expect(await queue.getJobState(notificationJobId(id))).toBe("unknown");

  const counts = await redriveStuckWork({ now: later(10) });

  expect(counts.notifications).toBe(1);
  start();
  await waitForStatus(id, "SENT");
  expect(await getDb().message.count({ where: { notification: { id } } })).toBe(1);
});

test("a job that finished without doing the work (kept as completed) is removed and added again", async () => {
  const { id } = await recordOne();
  const workers = start();
  await enqueueNotifications({ ids: [id] });
  await waitForStatus(id, "SENT");
  await workers.close();
  const queue = getQueue("notifications");
  expect(await queue.getJobState(notificationJobId(id))).toBe("completed");
  // The row says the work is not done (as if the sender's result were lost).
  await getDb().notification.update({ where: { id }, data: { status: "PENDING", messageId: null, sentAt: null, nextAttemptAt: new Date() } });

  // A plain enqueue is swallowed by BullMQ because the completed job id still exists…
  await enqueueNotifications({ ids: [id] });
  expect(await queue.getJobState(notificationJobId(id))).toBe("completed");
  // …the sweeper is not.
  expect((await redriveStuckWork({ now: later(10) })).notifications).toBe(1);
  expect(await queue.getJobState(notificationJobId(id))).toBe("waiting");

  start();
  await waitForStatus(id, "SENT");
});

test("work still queued, or not old enough, is left alone", async () => {
  // (setSetting's value type is the default's literal, so the row is written directly)
  await getDb().setting.create({ data: { key: "maintenance.redriveAfterMinutes", value: 5 } });
  const queued = await recordOne();
  await enqueueNotifications({ ids: [queued.id] });
  const fresh = await recordOne();

  // Four minutes on: younger than the five-minute setting.
  expect((await redriveStuckWork({ now: later(4) })).notifications).toBe(0);
  // Six minutes on: the fresh one is re-driven; the queued one already has its job.
  expect((await redriveStuckWork({ now: later(6) })).notifications).toBe(1);
  expect(await getQueue("notifications").getJobState(notificationJobId(fresh.id))).toBe("waiting");
  // Running again adds nothing: both are queued now.
  expect((await redriveStuckWork({ now: later(6) })).notifications).toBe(0);
});

test("unprocessed inbound events and unrouted requests are enqueued again under their job ids", async () => {
  const db = getDb();
  const old = new Date(Date.now() - 60 * 60_000);
  const event = await db.inboundEvent.create({
    data: { channel: "TELEGRAM", externalId: `upd-${++seq}`, payload: {}, receivedAt: old },
  });
  const done = await db.inboundEvent.create({
    data: { channel: "TELEGRAM", externalId: `upd-${++seq}`, payload: {}, receivedAt: old, processedAt: old },
  });
  const unrouted = await createRequest({ routed: false, createdAt: old });
  const routed = await createRequest({ routed: true, createdAt: old });

  const counts = await redriveStuckWork({ olderThanMs: 60_000 });

  expect(counts).toMatchObject({ inboundEvents: 1, requests: 1 });
  const intake = getQueue("intake");
  const routing = getQueue("routing");
  expect((await intake.getJob(`in-${event.id}`))?.data).toEqual({ inboundEventId: event.id });
  expect(await intake.getJob(`in-${done.id}`)).toBeUndefined();
  expect((await routing.getJob(`rt-${unrouted.id}`))?.data).toEqual({ requestId: unrouted.id });
  expect(await routing.getJob(`rt-${routed.id}`)).toBeUndefined();
});

test("the scheduled maintenance job runs the sweeper inside the workers", async () => {
  const { id } = await recordOne();
  // Old enough for the default one-minute threshold.
  await getDb().notification.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 10 * 60_000) } });
  start();
  expect(await enqueue("maintenance", { task: "redrive" }, { jobId: `redrive-${randomUUID()}` })).toBe(true);
  await waitForStatus(id, "SENT");
});

test("a send interrupted mid-way whose job Redis lost is put back within seconds and settled, not sent twice", async () => {
  const { id, request } = await recordOne();
  // What a worker that died mid-send leaves: the attempt on record, its take-over time just passed, no job.
  const startedAt = new Date(Date.now() - 21_000);
  await getDb().notification.update({
    where: { id },
    data: { status: "SENDING", attempts: 1, lastAttemptAt: startedAt, nextAttemptAt: new Date(startedAt.getTime() + 20_000) },
  });
  const fresh = await recordOne();
  await getDb().notification.update({ where: { id: fresh.id }, data: { status: "SENDING", attempts: 1, lastAttemptAt: new Date(), nextAttemptAt: later(1) } });

  // The ordinary sweep waits minutes and never touches a send in progress; this one does not wait.
  expect((await redriveStuckWork({ now: later(10) })).notifications).toBe(0);
  expect(await redriveInterruptedSends()).toEqual({ notifications: 1 });
  expect(await getQueue("notifications").getJobState(notificationJobId(fresh.id))).toBe("unknown");

  start();
  // The sandbox cannot make a second message, so its interrupted send is simply completed.
  await waitForStatus(id, "SENT");
  expect(await getDb().message.count({ where: { requestId: request.id, direction: "OUT" } })).toBe(1);
  expect((await getDb().notification.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("SENDING");
});

test("the recover-sends schedule runs the interrupted-send sweep inside the workers", async () => {
  const { id } = await recordOne();
  await getDb().notification.update({
    where: { id },
    data: { status: "SENDING", attempts: 1, lastAttemptAt: new Date(Date.now() - 30_000), nextAttemptAt: new Date(Date.now() - 10_000) },
  });
  start();
  expect(await enqueue("maintenance", { task: "recover-sends" }, { jobId: `recover-${randomUUID()}` })).toBe(true);
  await waitForStatus(id, "SENT");
});

test("when Redis came back empty, all undone work is put back at once, whatever its age, and a job still queued is not added twice", async () => {
  const queued = await recordOne();
  await enqueueNotifications({ ids: [queued.id] });
  const fresh = await recordOne(); // seconds old: the ordinary sweep would wait a minute
  const retry = await recordOne(); // waits for its retry in an hour; its delayed job was lost
  await getDb().notification.update({ where: { id: retry.id }, data: { nextAttemptAt: later(60) } });
  const unrouted = await createRequest({ routed: false });
  expect((await redriveStuckWork()).notifications).toBe(0);

  // What an emptied Redis looks like to the sweep: the queues' marker is gone.
  const redis = new Redis(getEnv().REDIS_URL);
  await redis.del(`${getEnv().QUEUE_PREFIX}:queues-kept`);
  redis.disconnect();
  expect(await queuesWereEmptied()).toBe(true);
  const counts = await redriveStuckWork();

  expect(counts).toMatchObject({ notifications: 2, requests: 1, emptied: true });
  expect(await getQueue("notifications").getJobState(notificationJobId(fresh.id))).toBe("waiting");
  expect(await getQueue("notifications").getJobState(notificationJobId(retry.id))).toBe("waiting");
  expect(await getQueue("routing").getJobState(`rt-${unrouted.id}`)).toBe("waiting");
  // Noticed once: the next run is an ordinary sweep again.
  expect(await queuesWereEmptied()).toBe(false);
  expect(await redriveStuckWork()).toEqual({ inboundEvents: 0, requests: 0, notifications: 0 });
});
