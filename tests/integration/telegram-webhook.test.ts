// Webhook mode: the route checks the random path and the secret_token header, records the
// update once and acknowledges; the intake step (as the worker runs it) then acts on it.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createTelegramClient } from "#integrations/telegram/client.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { registerTelegramChannel } from "#app/channels/telegram/register-telegram-channel.server.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { action } from "#app/routes/webhooks+/telegram.$secret.ts";
import { server } from "#tests/mocks/server.ts";
import { createTelegramApi } from "#tests/mocks/telegram.ts";
import { updates } from "#tests/fixtures/telegram/updates.ts";

const TOKEN = "123456:TEST-TOKEN";
const SECRET = "s3cret-token-0123456789abcdef";
const PATH = "p4th-9f8e7d6c5b4a3210";
const tg = createTelegramApi();

beforeAll(() => {
  process.env.TELEGRAM_BOT_TOKEN = TOKEN;
  process.env.TELEGRAM_MODE = "webhook";
  process.env.TELEGRAM_WEBHOOK_SECRET = SECRET;
  process.env.TELEGRAM_WEBHOOK_PATH = PATH;
  resetEnvForTests();
  registerTelegramChannel({ token: TOKEN });
});
beforeEach(() => {
  server.use(...tg.handlers);
  tg.clear();
});
afterAll(async () => {
  delete process.env.TELEGRAM_BOT_TOKEN;
  delete process.env.TELEGRAM_MODE;
  delete process.env.TELEGRAM_WEBHOOK_SECRET;
  delete process.env.TELEGRAM_WEBHOOK_PATH;
  resetEnvForTests();
  await closeTelegramRedis();
});

function post(options: { path: string; secret?: string; body: unknown }) {
  const request = new Request(`http://127.0.0.1/webhooks/telegram/${options.path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(options.secret ? { "x-telegram-bot-api-secret-token": options.secret } : {}) },
    body: JSON.stringify(options.body),
  });
  return action({ request, params: { secret: options.path }, context: {} });
}

describe("telegram webhook", () => {
  test("refuses a wrong or missing secret and a wrong path with 403, recording nothing", async () => {
    const update = updates.text(555_000_301, "/start");
    expect((await post({ path: PATH, secret: "wrong-secret-0123456789", body: update })).status).toBe(403);
    expect((await post({ path: PATH, body: update })).status).toBe(403);
    expect((await post({ path: "another-path-0123456789", secret: SECRET, body: update })).status).toBe(403);
    expect(await getDb().inboundEvent.count({ where: { externalId: String(update.update_id) } })).toBe(0);
    expect(tg.calls).toHaveLength(0);
  });

  test("accepts the right secret: records the update once, acknowledges, and the intake step answers the chat", async () => {
    const update = updates.text(555_000_302, "/start");
    const res = await post({ path: PATH, secret: SECRET, body: update });
    expect(res.status).toBe(200);
    const again = await post({ path: PATH, secret: SECRET, body: update });
    expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
    const events = await getDb().inboundEvent.findMany({ where: { channel: "TELEGRAM", externalId: String(update.update_id) } });
    expect(events).toHaveLength(1);
    // Nothing was sent during the HTTP request itself.
    expect(tg.calls).toHaveLength(0);

    // What the intake worker does with the job.
    await processInboundEvent({ inboundEventId: events[0]!.id });
    await processInboundEvent({ inboundEventId: events[0]!.id });
    expect(tg.sent("555000302").map((c) => String(c.body.text).slice(0, 7))).toEqual(["Вітаємо", "Оберіть"]);
    expect((await getDb().inboundEvent.findUniqueOrThrow({ where: { id: events[0]!.id } })).processedAt).not.toBeNull();
  });

  test("setWebhook registers the URL with the secret token", async () => {
    const client = createTelegramClient({ token: TOKEN });
    await client.setWebhook({ url: `https://contact.example.org/webhooks/telegram/${PATH}`, secretToken: SECRET });
    expect(tg.calls).toEqual([
      {
        method: "setWebhook",
        body: expect.objectContaining({ url: `https://contact.example.org/webhooks/telegram/${PATH}`, secret_token: SECRET }),
      },
    ]);
  });
});
