// The polling bot while the database is away (a proxy in front of PostgreSQL is stopped): an
// update it could not record is not confirmed — the next getUpdates asks from that update's id,
// so Telegram (msw, real-shaped getUpdates payloads) hands it out again — and once the database
// is back it is recorded and answered exactly once. A webhook delivery is answered 503 for the
// same reason (web-database-away.test.ts), so both modes leave the retry to Telegram.
import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { resetSenders } from "#app/domain/notifications/senders.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import type { Logger } from "#app/utils/logger.server.ts";
import { createTelegramBot } from "#bots/telegram/create-bot.ts";
import { server } from "#tests/mocks/server.ts";
import { BOT_INFO, createTelegramApi, TELEGRAM_API_ROOT } from "#tests/mocks/telegram.ts";
import { proxyTheDatabase, type ProxiedDatabase } from "#tests/fixtures/postgres-proxy.ts";
import { updates } from "#tests/fixtures/telegram/updates.ts";

const TOKEN = "123456:TEST-TOKEN-polling-outage";
let proxy: ProxiedDatabase;

beforeAll(async () => {
  proxy = await proxyTheDatabase();
});
afterAll(async () => {
  await proxy.restore();
  resetSenders();
  await closeTelegramRedis();
});

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("an update that could not be recorded is asked for again from its id and handled exactly once after the database returns", async () => {
  const chatId = 700_000_000 + Math.floor(Math.random() * 1_000_000);
  const update = updates.text(chatId, "/start", { languageCode: "uk" });
  const id = update.update_id;
  // Telegram: keeps the update until a later offset confirms it, as the Bot API does.
  const tg = createTelegramApi();
  const offsets: (number | null)[] = [];
  let confirmed = false;
  server.use(
    http.post(`${TELEGRAM_API_ROOT}/:bot/getUpdates`, async ({ request }) => {
      const body = ((await request.json()) ?? {}) as { offset?: number };
      offsets.push(body.offset ?? null);
      if ((body.offset ?? 0) > id) confirmed = true;
      const result = confirmed ? [] : [update];
      if (!result.length) await new Promise((r) => setTimeout(r, 30));
      return HttpResponse.json({ ok: true, result });
    }),
    ...tg.handlers,
  );
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (msg: string) => void lines.push({ level, msg });
  const log: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };

  await proxy.stop();
  const bot = createTelegramBot({ token: TOKEN, botInfo: BOT_INFO, log });
  const running = bot.launch({ backoff: { minMs: 50, maxMs: 200, slowMs: 1000 } });
  try {
    // While the database is away the bot keeps asking for the same update: never past it.
    await until(() => offsets.filter((o) => o === id).length >= 2, "getUpdates asked again from the update's id");
    expect(offsets.every((o) => o === null || o === id)).toBe(true);
    expect(tg.calls.filter((c) => c.method === "sendMessage")).toHaveLength(0);

    await proxy.start();
    await until(() => confirmed, "the update confirmed once handled");
    const events = await getDb().inboundEvent.findMany({ where: { channel: "TELEGRAM", externalId: String(id) } });
    expect(events).toHaveLength(1);
    expect(events[0]!.processedAt).not.toBeNull();
    // Answered once: each of the bot's replies to /start went out a single time.
    const sent = tg.calls.filter((c) => c.method === "sendMessage" && String(c.body.chat_id) === String(chatId)).map((c) => String(c.body.text));
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent).size).toBe(sent.length);
    // The offset that confirmed it is the next update's, not a skip over something unhandled.
    expect(offsets.find((o) => o !== null && o > id)).toBe(id + 1);
  } finally {
    bot.stop();
    await running;
  }
  // The outage was logged as the database being away, not as a failed update per attempt.
  expect(lines.some((l) => l.msg === "update failed; skipped" || l.msg === "update failed")).toBe(false);
}, 60_000);
