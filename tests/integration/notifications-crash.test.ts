// A worker killed (SIGKILL) while the provider has its messages but before it hears back:
// no notification is sent a second time, and another worker settles each one within
// seconds. The dying worker is a child process running the real workers, with msw there
// standing in for the provider (tests/fixtures/notifications/worker-killed-mid-send.ts);
// the surviving worker is this process's, with this process's msw fakes.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { randomUUID } from "node:crypto";
import { QueueEvents } from "bullmq";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { Channel } from "#app/generated/prisma/enums.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { enqueueNotifications, notificationJobId } from "#app/domain/notifications/enqueue-notifications.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { resetSenders } from "#app/domain/notifications/senders.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv, resetEnvForTests } from "#app/utils/env.server.ts";
import { startWorkers, type StartedWorkers } from "#workers/start-workers.ts";
import { server } from "#tests/mocks/server.ts";
import { createTelegramApi } from "#tests/mocks/telegram.ts";
import { createTwilioApi } from "#tests/mocks/twilio.ts";
import { TWILIO } from "#tests/fixtures/twilio/webhooks.ts";

/** What the platform promises: a send interrupted by a dead worker is settled within this. */
const RECOVERY_BOUND_MS = 30_000;
const NOTIFICATIONS = 5;
const CHILD = "tests/fixtures/notifications/worker-killed-mid-send.ts";

const TELEGRAM_ENV = { TELEGRAM_BOT_TOKEN: "123456:CRASH-DRILL" };
const TWILIO_ENV = {
  TWILIO_ACCOUNT_SID: TWILIO.accountSid,
  TWILIO_AUTH_TOKEN: TWILIO.authToken,
  TWILIO_PHONE_NUMBER: TWILIO.phoneNumber,
  PUBLIC_BASE_URL: TWILIO.publicBaseUrl,
};

const tg = createTelegramApi();
const tw = createTwilioApi();
let seq = 0;
let survivors: StartedWorkers | undefined;
let child: ChildProcess | undefined;

beforeEach(() => {
  server.use(...tg.handlers, ...tw.handlers);
  tg.clear();
  tw.clear();
});
afterEach(async () => {
  child?.kill("SIGKILL");
  child = undefined;
  await survivors?.close();
  survivors = undefined;
  for (const k of [...Object.keys(TELEGRAM_ENV), ...Object.keys(TWILIO_ENV)]) delete process.env[k];
  resetEnvForTests();
  resetSenders();
  await closeTelegramRedis();
});

async function recordOne(channel: Channel) {
  const db = getDb();
  const address = channel === "SMS" ? `+38067${String(1_000_000 + ++seq).slice(-7)}` : String(800_000_000 + ++seq);
  const citizen = await db.citizen.create({ data: { language: "uk", identities: { create: { channel, externalId: address } } } });
  const request = await db.request.create({
    data: {
      number: `SLV-2026-${String(++seq).padStart(6, "0")}`,
      channel,
      citizenId: citizen.id,
      description: "Прорвало трубу",
      accessTokenHash: randomUUID(),
    },
  });
  const [row] = await db.$transaction((tx) => recordNotifications({ tx, requestId: request.id, template: "received", eventKey: `crash:${randomUUID()}` }));
  if (!row) throw new Error("expected one notification to be recorded");
  return { id: row.id, address };
}

type ProviderReport = { provider: "telegram"; body: Record<string, unknown> } | { provider: "twilio"; accountSid: string; form: Record<string, string> };

/**
 * Starts a worker process, lets it take `ids` and send them, and SIGKILLs it once the
 * provider has received every one of them. Returns what the provider received and when the worker died.
 */
async function killWorkerMidSend(options: { env: Record<string, string>; ids: string[] }) {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: { ...process.env, ...options.env, LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  child = proc;
  let stderr = "";
  proc.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const received: ProviderReport[] = [];
  const allReceived = new Promise<void>((resolve, reject) => {
    proc.on("message", (m: ProviderReport | { ready: true }) => {
      if ("provider" in m) received.push(m);
      if (received.length === options.ids.length) resolve();
    });
    proc.on("exit", (code) => reject(new Error(`the worker process exited (${code}) before sending: ${stderr.slice(-2000)}`)));
  });
  await enqueueNotifications({ ids: options.ids });
  await allReceived;
  proc.kill("SIGKILL");
  const killedAt = Date.now();
  await once(proc, "exit");
  return { received, killedAt };
}

/** Resolves with the time `queue` reported `event` for every one of `jobIds` (read from the stream's start). */
async function whenJobs(event: "completed" | "stalled", jobIds: string[], timeoutMs = 60_000) {
  const redis = new URL(getEnv().REDIS_URL);
  const events = new QueueEvents("notifications", {
    connection: { host: redis.hostname, port: Number(redis.port || 6379) },
    prefix: getEnv().QUEUE_PREFIX,
    lastEventId: "0-0",
  });
  events.on("error", () => {});
  const at = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      events.on(event, ({ jobId }: { jobId: string }) => {
        if (jobIds.includes(jobId) && !at.has(jobId)) at.set(jobId, Date.now());
        if (at.size === jobIds.length) resolve();
      });
      timer = setTimeout(() => reject(new Error(`only ${at.size} of ${jobIds.length} jobs reported "${event}" within ${timeoutMs} ms`)), timeoutMs);
    });
  } finally {
    clearTimeout(timer);
    await events.close();
  }
  return Math.max(...at.values());
}

/** This process's workers, as a restarted or surviving worker process would run them. */
function startSurvivor(env: Record<string, string>) {
  Object.assign(process.env, env);
  resetEnvForTests();
  survivors = startWorkers({ schedulers: false, log: { debug() {}, info() {}, warn() {}, error() {} } });
  return survivors;
}

test("Telegram: a worker killed mid-send sends nothing twice; each interrupted send is UNCERTAIN within the bound", async () => {
  const rows = await Promise.all(Array.from({ length: NOTIFICATIONS }, () => recordOne("TELEGRAM")));
  const ids = rows.map((r) => r.id);

  const { received, killedAt } = await killWorkerMidSend({ env: TELEGRAM_ENV, ids });
  expect(received).toHaveLength(NOTIFICATIONS);
  // Committed before Telegram was called: the dead worker's attempts are on record.
  for (const n of await getDb().notification.findMany({ where: { id: { in: ids } } })) expect(n).toMatchObject({ status: "SENDING", attempts: 1 });

  startSurvivor(TELEGRAM_ENV);
  const stalledAt = await whenJobs("stalled", ids.map(notificationJobId));
  const settledAt = await whenJobs("completed", ids.map(notificationJobId));

  const after = await getDb().notification.findMany({ where: { id: { in: ids } } });
  expect(after.map((n) => n.status)).toEqual(Array(NOTIFICATIONS).fill("UNCERTAIN"));
  // The surviving worker never called Telegram: one message per notification in all.
  expect(received.length + tg.sent().length).toBe(NOTIFICATIONS);
  expect(settledAt - killedAt).toBeLessThan(RECOVERY_BOUND_MS);
  console.info(
    `telegram: ${NOTIFICATIONS} notifications, ${received.length + tg.sent().length} messages; job back ${((stalledAt - killedAt) / 1000).toFixed(1)} s after the kill, settled after ${((settledAt - killedAt) / 1000).toFixed(1)} s`,
  );
}, 90_000);

test("Twilio: a worker killed mid-send sends nothing twice; each interrupted send is found in the Messages list and SENT within the bound", async () => {
  const rows = await Promise.all(Array.from({ length: NOTIFICATIONS }, () => recordOne("SMS")));
  const ids = rows.map((r) => r.id);

  const { received, killedAt } = await killWorkerMidSend({ env: TWILIO_ENV, ids });
  // Twilio took every one of them (it creates the message before it answers).
  for (const r of received) if (r.provider === "twilio") tw.accept(r.accountSid, r.form);
  expect(tw.messages).toHaveLength(NOTIFICATIONS);

  startSurvivor(TWILIO_ENV);
  const settledAt = await whenJobs("completed", ids.map(notificationJobId));

  const after = await getDb().notification.findMany({ where: { id: { in: ids } }, include: { message: true } });
  for (const n of after) {
    expect(n.status).toBe("SENT");
    expect(n.attempts).toBe(1);
  }
  // Each row carries the sid Twilio gave its message, and no message was sent again.
  const sids = after.map((n) => n.message?.externalId).sort();
  expect(sids).toEqual(tw.messages.map((m) => m.sid).sort());
  expect(received.length + tw.calls.length).toBe(NOTIFICATIONS);
  expect(settledAt - killedAt).toBeLessThan(RECOVERY_BOUND_MS);
  console.info(
    `twilio: ${NOTIFICATIONS} notifications, ${received.length + tw.calls.length} SMS; settled ${((settledAt - killedAt) / 1000).toFixed(1)} s after the kill`,
  );
}, 90_000);
