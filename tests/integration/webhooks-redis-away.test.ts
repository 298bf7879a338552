// Twilio and Telegram deliveries reach the production web while its Redis hangs or is gone.
// The delivery's record is its row in PostgreSQL; the worker's wake-up is only a hint. So the
// answer (TwiML, Telegram's 200) must come at once whatever Redis does, and once Redis is back
// the sweep puts the delivery back on the queue and it becomes a request, with nobody stepping in.
// This runs a private redis-server (so the shared one is untouched) and a production web on it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import twilio from "twilio";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { startWorkers } from "#workers/start-workers.ts";
import { seedOrganisation } from "#prisma/seed/seed-organisation.server.ts";
import { smsParams, TWILIO } from "#tests/fixtures/twilio/webhooks.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";
import { freePort, killProcess, startPrivateRedis } from "./private-redis.ts";

const TELEGRAM = { path: `tg-${randomBytes(12).toString("hex")}`, secret: randomBytes(16).toString("hex") };
/** Well under the 2 s a wake-up may wait for a Redis that does not answer. */
const PROMPT_MS = 1500;

let redisPort = 0;
let redis: ChildProcess | undefined;
let web: ChildProcess | undefined;
let base = "";
let output = "";

async function startRedis() {
  redis = await startPrivateRedis(redisPort);
}

async function killRedis() {
  const r = redis;
  redis = undefined;
  await killProcess(r);
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The production web on the private Redis. Other test files may be rebuilding build/: a web that found none is started again. */
async function startWeb() {
  if (!existsSync("build/server/index.js")) {
    const build = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], { encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
  }
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  for (let attempt = 1; ; attempt++) {
    output = "";
    const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        NODE_ENV: "production",
        LOG_LEVEL: "info",
        SESSION_SECRET: randomBytes(36).toString("base64url"),
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        PUBLIC_BASE_URL: TWILIO.publicBaseUrl,
        TWILIO_AUTH_TOKEN: TWILIO.authToken,
        TELEGRAM_MODE: "webhook",
        TELEGRAM_BOT_TOKEN: "123456:TEST-TOKEN-redis-away",
        TELEGRAM_WEBHOOK_PATH: TELEGRAM.path,
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM.secret,
      },
    });
    web = child;
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    for (let i = 0; i < 200 && child.exitCode === null; i++) {
      const up = await fetch(`${base}/healthz`).then(
        (r) => r.status < 500,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (child.exitCode === null) child.kill("SIGKILL");
    if (attempt >= 3) throw new Error(`the web would not start:\n${output}`);
    await waitFor("a build", async () => existsSync("build/server/index.js"), 90_000);
  }
}

/** A signed inbound SMS to the web, as Twilio sends it; the answer and how long it took. */
async function sms(from: string, body: string) {
  const params = smsParams({ from, body });
  const signature = twilio.getExpectedTwilioSignature(TWILIO.authToken, `${TWILIO.publicBaseUrl}/webhooks/twilio/sms`, params);
  const t0 = Date.now();
  const res = await fetch(`${base}/webhooks/twilio/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), text, ms: Date.now() - t0, messageSid: params.MessageSid };
}

/** A Telegram update to the web's webhook; one without a chat (a poll), which the bot acts on by ignoring it. */
async function telegramUpdate(updateId: number) {
  const t0 = Date.now();
  const res = await fetch(`${base}/webhooks/telegram/${TELEGRAM.path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": TELEGRAM.secret },
    body: JSON.stringify({
      update_id: updateId,
      poll: {
        id: String(updateId),
        question: "?",
        options: [],
        total_voter_count: 0,
        is_closed: true,
        is_anonymous: true,
        type: "regular",
        allows_multiple_answers: false,
      },
    }),
  });
  return { status: res.status, body: (await res.json()) as unknown, ms: Date.now() - t0 };
}

const requestFrom = (phone: string) => getDb().request.findFirst({ where: { citizen: { phone } }, select: { id: true, number: true } });

beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
  await closeQueues();
  process.env.REDIS_URL = `redis://127.0.0.1:${redisPort}`;
  process.env.TELEGRAM_BOT_TOKEN = "123456:TEST-TOKEN-redis-away";
  resetEnvForTests();
  await seedOrganisation();
  await startWeb();
}, 240_000);

afterAll(async () => {
  if (web?.exitCode === null) web.kill("SIGKILL");
  await closeQueues();
  if (redis && redis.signalCode === null) redis.kill("SIGCONT");
  await killRedis();
  delete process.env.TELEGRAM_BOT_TOKEN;
  resetEnvForTests();
});

test(
  "with Redis hanging, then gone, Twilio and Telegram are answered at once; once Redis is back the texts become requests by themselves",
  { timeout: 120_000 },
  async () => {
    // Every schedule runs as in production, the iGov catalogue sync included.
    server.use(...createIgovApi().handlers);
    const workers = startWorkers({ closeGraceMs: 1000 });
    try {
      await workers.ready;
      // Warm: the web has its connection to Redis and has answered a text before.
      const warm = await sms("+380661110001", "Не горить ліхтар біля під'їзду, вул. Шевченка 5");
      expect(warm.status).toBe(200);
      await waitFor("the first text's request", () => requestFrom("+380661110001"));

      // Redis stops answering but keeps its connections open (a hung or overloaded server).
      redis!.kill("SIGSTOP");
      const hung = await sms("+380661110002", "Немає води у будинку, вул. Шевченка 7");
      expect(hung.status).toBe(200);
      expect(hung.type).toContain("text/xml");
      expect(hung.text).toContain("<Response");
      expect(hung.ms, "TwiML while Redis hangs").toBeLessThan(PROMPT_MS);
      const update = await telegramUpdate(880_000_001);
      expect(update.status).toBe(200);
      expect(update.body).toEqual({ ok: true, duplicate: false });
      expect(update.ms, "Telegram's 200 while Redis hangs").toBeLessThan(PROMPT_MS);

      // Then it is gone (its port closed), and comes back empty: every wake-up above is lost.
      await killRedis();
      const gone = await sms("+380661110003", "Яма на дорозі біля зупинки, вул. Шевченка 9");
      expect(gone.status).toBe(200);
      expect(gone.ms, "TwiML while Redis is gone").toBeLessThan(PROMPT_MS);
      const events = await getDb().inboundEvent.findMany({
        where: {
          OR: [
            { channel: "SMS", externalId: { in: [hung.messageSid, gone.messageSid] } },
            { channel: "TELEGRAM", externalId: "880000001" },
          ],
        },
      });
      expect(events, "each delivery recorded before its answer").toHaveLength(3);
      expect(events.every((e) => e.processedAt === null)).toBe(true);

      await startRedis();
      // The sweep notices the emptied Redis and puts the undone deliveries back; the intake worker acts on them.
      await waitFor("the text sent while Redis hung, as a request", () => requestFrom("+380661110002"), 45_000);
      await waitFor("the text sent while Redis was gone, as a request", () => requestFrom("+380661110003"), 45_000);
      await waitFor("the Telegram update acted on", () =>
        getDb().inboundEvent.findFirst({ where: { channel: "TELEGRAM", externalId: "880000001", processedAt: { not: null } } }),
      );
    } finally {
      await workers.close();
    }
    // Nothing the web logged names a sender's number or the words of a text.
    expect(output).not.toContain("380661110002");
    expect(output).not.toContain("Немає води");
    expect(output).not.toMatch(/unhandled/i);
  },
);
