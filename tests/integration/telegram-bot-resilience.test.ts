// The bot when Telegram is away or refuses it: msw answers getMe, getUpdates and setWebhook
// with network errors, 401 and 409 (Bot API error payloads as Telegram sends them). The
// bot keeps running, retries with backoff (slowly after 401/409), the web's health check
// reads its heartbeat as degraded meanwhile, and updates are processed once Telegram answers.
// TELEGRAM_MODE is its own setting: a site with PUBLIC_BASE_URL (for Twilio) can long-poll.
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { action as smsAction } from "#app/routes/webhooks+/twilio.sms.ts";
import { action as telegramWebhookAction } from "#app/routes/webhooks+/telegram.$secret.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { resetSenders } from "#app/domain/notifications/senders.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv, resetEnvForTests } from "#app/utils/env.server.ts";
import { checkHealth, closeHealth, type HealthReport } from "#app/utils/health.server.ts";
import type { Logger } from "#app/utils/logger.server.ts";
import { runTelegramBot, type RunningBot } from "#bots/telegram/run-bot.ts";
import { server } from "#tests/mocks/server.ts";
import { BOT_INFO, createTelegramApi, TELEGRAM_API_ROOT } from "#tests/mocks/telegram.ts";
import { updates } from "#tests/fixtures/telegram/updates.ts";
import { smsParams, TWILIO, twilioRequest } from "#tests/fixtures/twilio/webhooks.ts";

const TOKEN = "123456:TEST-TOKEN-resilience";
const SECRET = "s3cret-token-0123456789abcdef";
const PATH = "p4th-9f8e7d6c5b4a3210";
const BACKOFF = { minMs: 20, maxMs: 80, slowMs: 400 };
const ENV_KEYS = [
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_MODE",
  "TELEGRAM_WEBHOOK_SECRET",
  "TELEGRAM_WEBHOOK_PATH",
  "PUBLIC_BASE_URL",
  "TWILIO_ACCOUNT_SID",
  "TWILIO_AUTH_TOKEN",
  "TWILIO_PHONE_NUMBER",
];

type Answer = "network" | 401 | 409 | "ok";
/** Bot API error payloads, as Telegram sends them. */
const ERRORS = {
  401: { ok: false, error_code: 401, description: "Unauthorized" },
  409: { ok: false, error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" },
};

/**
 * Telegram as the test wants it: `answer(method)` picks each call's fate; getUpdates hands
 * out queued updates (from the offset asked for) and otherwise holds briefly like a long poll.
 */
function scriptedTelegram() {
  const tg = createTelegramApi();
  const calls: { method: string; answer: Answer; at: number; body: Record<string, unknown> }[] = [];
  const queued: { update_id: number }[] = [];
  const state = { answer: (_method: string): Answer => "ok" };
  const handler = http.post(`${TELEGRAM_API_ROOT}/:bot/:method`, async ({ request, params }) => {
    const method = String(params.method);
    if (!["getMe", "getUpdates", "setWebhook", "deleteWebhook"].includes(method)) return undefined; // the rest: the usual fake
    const body = ((await request.clone().json()) ?? {}) as Record<string, unknown>;
    const answer = state.answer(method);
    calls.push({ method, answer, at: Date.now(), body });
    if (answer === "network") return HttpResponse.error();
    if (answer !== "ok") return HttpResponse.json(ERRORS[answer], { status: answer });
    if (method === "getMe") return HttpResponse.json({ ok: true, result: BOT_INFO });
    if (method !== "getUpdates") return HttpResponse.json({ ok: true, result: true });
    const offset = typeof body.offset === "number" ? body.offset : 0;
    const batch = queued.filter((u) => u.update_id >= offset);
    if (!batch.length) await new Promise((r) => setTimeout(r, 30));
    return HttpResponse.json({ ok: true, result: batch });
  });
  return { handlers: [handler, ...tg.handlers], tg, calls, queued, state, of: (m: string) => calls.filter((c) => c.method === m) };
}

function recordingLog() {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, fields });
  const log: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { log, lines };
}

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

const healthWhere = (what: string, ok: (h: HealthReport) => boolean) =>
  until(async () => {
    const h = await checkHealth();
    return ok(h) ? h : undefined;
  }, what);

let bot: RunningBot | undefined;
let telegram: ReturnType<typeof scriptedTelegram>;

function setEnv(vars: Record<string, string>) {
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, { TELEGRAM_BOT_TOKEN: TOKEN, ...vars });
  resetEnvForTests();
}

beforeEach(() => {
  telegram = scriptedTelegram();
  server.use(...telegram.handlers);
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  for (const k of ENV_KEYS) delete process.env[k];
  resetEnvForTests();
  resetSenders();
  await closeTelegramRedis();
  await closeHealth();
});

describe("long polling", () => {
  test("network errors, a 401 and a 409 are retried with backoff while health says degraded; updates are handled once Telegram answers", async () => {
    setEnv({ TELEGRAM_MODE: "polling" });
    const { log, lines } = recordingLog();
    telegram.state.answer = () => "network";
    bot = runTelegramBot({ env: getEnv(), log, backoff: BACKOFF, heartbeat: { everyMs: 100 } });

    // Telegram unreachable: getMe is retried, the waits doubling.
    await until(() => telegram.of("getMe").length >= 4, "four getMe attempts");
    const gaps = telegram
      .of("getMe")
      .slice(0, 4)
      .map((c, i, all) => (i ? c.at - all[i - 1]!.at : 0))
      .slice(1);
    expect(gaps[0]).toBeGreaterThanOrEqual(BACKOFF.minMs);
    expect(gaps[1]).toBeGreaterThanOrEqual(2 * BACKOFF.minMs);
    expect(gaps[2]).toBeGreaterThanOrEqual(4 * BACKOFF.minMs);
    let h = await healthWhere("bot degraded: unreachable", (h) => h.parts.bot.state === "degraded" && /unreachable/.test(String(h.parts.bot.detail)));
    expect(h.channels.telegram).toMatchObject({ state: "degraded", mode: "polling" });
    expect(h.status).toBe("degraded");

    // A refused token: retried slowly, and said so.
    telegram.state.answer = (m) => (m === "getMe" ? 401 : "ok");
    h = await healthWhere("bot degraded: token refused", (h) => /token/.test(String(h.parts.bot.detail)));
    expect(h.parts.bot.instances).toEqual([expect.objectContaining({ state: "degraded", info: expect.objectContaining({ code: "401", mode: "polling" }) })]);
    const first401 = telegram.of("getMe").find((c) => c.answer === 401)!;
    const after401 = await until(() => telegram.of("getMe").find((c) => c.at > first401.at), "a getMe after the 401", 5000);
    expect(after401.at - first401.at).toBeGreaterThanOrEqual(BACKOFF.slowMs);

    // Another poller holds the updates (409): retried slowly too.
    telegram.state.answer = (m) => (m === "getUpdates" ? 409 : "ok");
    h = await healthWhere("bot degraded: conflict", (h) => /409/.test(String(h.parts.bot.detail)));
    expect(h.channels.telegram).toMatchObject({ state: "degraded", detail: expect.stringContaining("another poller") });
    const first409 = await until(() => telegram.of("getUpdates").find((c) => c.answer === 409), "a 409");
    const after409 = await until(() => telegram.of("getUpdates").find((c) => c.at > first409.at), "a getUpdates after the 409", 5000);
    expect(after409.at - first409.at).toBeGreaterThanOrEqual(BACKOFF.slowMs);

    // Telegram answers again: the update waiting there is handled, and health is ok.
    telegram.state.answer = () => "ok";
    const chatId = 555_000_901;
    telegram.queued.push(updates.text(chatId, "/start"));
    await until(() => telegram.tg.sent(String(chatId)).length > 0, "the bot's answer to /start");
    expect(String(telegram.tg.sent(String(chatId))[0]!.body.text)).toContain("Вітаємо");
    h = await healthWhere("bot ok", (h) => h.parts.bot.state === "ok");
    expect(h.channels.telegram).toEqual({ state: "ok", mode: "polling" });
    expect(bot.status()).toMatchObject({ state: "ok", mode: "polling" });
    expect(await getDb().inboundEvent.count({ where: { channel: "TELEGRAM" } })).toBe(1);

    // One log line per failed attempt, naming the error class and code, never the token.
    const failures = telegram.calls.filter((c) => c.answer !== "ok").length;
    const failureLines = lines.filter((l) => l.msg === "telegram call failed; retrying");
    expect(failureLines.length).toBe(failures);
    expect(failureLines.map((l) => l.fields?.code)).toEqual(expect.arrayContaining(["network", "401", "409"]));
    expect(failureLines.every((l) => /^TelegramApiError /.test(String(l.fields?.error)))).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(TOKEN.split(":")[1]);
  });
});

describe("webhook mode", () => {
  test("setWebhook failing (network, 401) is retried until Telegram takes it; health degraded meanwhile", async () => {
    setEnv({ TELEGRAM_MODE: "webhook", PUBLIC_BASE_URL: "https://contact.example.org", TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_WEBHOOK_PATH: PATH });
    const { log } = recordingLog();
    telegram.state.answer = () => "network";
    bot = runTelegramBot({ env: getEnv(), log, backoff: BACKOFF, heartbeat: { everyMs: 100 } });
    await until(() => telegram.of("setWebhook").length >= 2, "two setWebhook attempts");
    await healthWhere("telegram degraded (webhook)", (h) => h.channels.telegram.state === "degraded" && h.channels.telegram.mode === "webhook");
    telegram.state.answer = () => 401;
    await healthWhere("token refused", (h) => /token/.test(String(h.channels.telegram.detail)));
    telegram.state.answer = () => "ok";
    await until(() => bot!.status().state === "ok" || undefined, "the webhook set", 5000);
    const set = telegram.of("setWebhook").at(-1)!;
    expect(set.body).toMatchObject({ url: `https://contact.example.org/webhooks/telegram/${PATH}`, secret_token: SECRET });
    await healthWhere("bot ok", (h) => h.parts.bot.state === "ok");
    expect(telegram.of("getUpdates")).toHaveLength(0);
  });

  test("without its secret, only Telegram is off: a clear log line and health entry, no call to Telegram, the bot keeps running", async () => {
    setEnv({ TELEGRAM_MODE: "webhook", PUBLIC_BASE_URL: "https://contact.example.org", TELEGRAM_WEBHOOK_PATH: PATH });
    const { log, lines } = recordingLog();
    bot = runTelegramBot({ env: getEnv(), log, backoff: BACKOFF, heartbeat: { everyMs: 100 } });
    const h = await healthWhere("telegram misconfigured", (h) => h.parts.bot.state === "degraded");
    expect(h.channels.telegram).toMatchObject({ state: "degraded", mode: "webhook", detail: expect.stringContaining("TELEGRAM_WEBHOOK_SECRET") });
    expect(h.ready).toBe(true);
    expect(lines.filter((l) => l.level === "error").map((l) => l.msg)).toEqual([expect.stringMatching(/TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET/)]);
    expect(telegram.calls).toHaveLength(0);
    let settled = false;
    void bot.done.finally(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
  });
});

describe("Telegram mode is its own setting", () => {
  test("PUBLIC_BASE_URL set (Twilio needs it) with TELEGRAM_MODE=polling: the bot polls, and a signed Twilio SMS webhook is accepted", async () => {
    setEnv({
      TELEGRAM_MODE: "polling",
      PUBLIC_BASE_URL: TWILIO.publicBaseUrl,
      TWILIO_ACCOUNT_SID: TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TWILIO.authToken,
      TWILIO_PHONE_NUMBER: TWILIO.phoneNumber,
    });
    bot = runTelegramBot({ env: getEnv(), backoff: BACKOFF, heartbeat: { everyMs: 100 } });
    const chatId = 555_000_902;
    telegram.queued.push(updates.text(chatId, "/start"));
    await until(() => telegram.tg.sent(String(chatId)).length > 0, "the bot's answer to /start");
    expect(telegram.of("getUpdates").length).toBeGreaterThan(0);
    expect(telegram.of("setWebhook")).toHaveLength(0);

    const params = smsParams({ from: "+380501112233", body: "Не працює ліфт" });
    const res = await smsAction({ request: twilioRequest({ path: "/webhooks/twilio/sms", params }), params: {}, context: {} });
    expect(res.status).toBe(200);
    expect(await getDb().inboundEvent.count({ where: { channel: "SMS", externalId: params.MessageSid } })).toBe(1);

    // While the bot polls, the Telegram webhook route is not open.
    const hook = await telegramWebhookAction({
      request: new Request(`http://127.0.0.1/webhooks/telegram/${PATH}`, { method: "POST", body: "{}" }),
      params: { secret: PATH },
      context: {},
    });
    expect(hook.status).toBe(404);
    const h = await healthWhere("telegram and sms ok", (h) => h.channels.telegram.state === "ok");
    expect(h.channels.sms).toEqual({ state: "ok" });
  });
});
