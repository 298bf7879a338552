// Fuzz: every webhook with a VALID signature (Twilio SMS, voice, voice steps, delivery
// status; Telegram with its secret header), fed seeded hostile fields, bodies and updates.
// What the door records then goes through the intake step as the worker runs it. No door
// may answer 5xx or hang, no recorded delivery may make the worker throw (it would be
// retried forever), and afterwards a normal SMS and a normal Telegram update still work.
import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { resetSenders } from "#app/domain/notifications/senders.server.ts";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { VOICE_STEPS } from "#app/channels/phone/handle-voice-step.server.ts";
import { registerTelegramChannel } from "#app/channels/telegram/register-telegram-channel.server.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { cleanText } from "#app/utils/text.ts";
import { action as smsAction } from "#app/routes/webhooks+/twilio.sms.ts";
import { action as statusAction } from "#app/routes/webhooks+/twilio.status.ts";
import { action as voiceAction } from "#app/routes/webhooks+/twilio.voice.ts";
import { action as voiceStepAction } from "#app/routes/webhooks+/twilio.voice.$step.ts";
import { action as telegramAction } from "#app/routes/webhooks+/telegram.$secret.ts";
import { createSmallCity } from "#tests/factories/org.ts";
import { server } from "#tests/mocks/server.ts";
import { createTelegramApi } from "#tests/mocks/telegram.ts";
import { createTwilioApi } from "#tests/mocks/twilio.ts";
import { sid, smsParams, TWILIO, voiceParams } from "#tests/fixtures/twilio/webhooks.ts";
import { updates } from "#tests/fixtures/telegram/updates.ts";
import { callRoute, encodeQueryValue, fc, FuzzStats, fuzz, hostileText, mutated, type Outcome } from "./harness.ts";

const TOKEN = "123456:FUZZ-TOKEN";
const SECRET = "fuzz-secret-0123456789abcdef";
const PATH = "fuzz-path-9f8e7d6c5b4a3210";
const tg = createTelegramApi();
const twilioApi = createTwilioApi();
const stats = new FuzzStats();
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as never;

beforeAll(async () => {
  process.env.TWILIO_ACCOUNT_SID = TWILIO.accountSid;
  process.env.TWILIO_AUTH_TOKEN = TWILIO.authToken;
  process.env.TWILIO_PHONE_NUMBER = TWILIO.phoneNumber;
  process.env.PUBLIC_BASE_URL = TWILIO.publicBaseUrl;
  process.env.TELEGRAM_BOT_TOKEN = TOKEN;
  process.env.TELEGRAM_MODE = "webhook";
  process.env.TELEGRAM_WEBHOOK_SECRET = SECRET;
  process.env.TELEGRAM_WEBHOOK_PATH = PATH;
  resetEnvForTests();
  registerPhoneChannel({ twilio: TWILIO });
  registerTelegramChannel({ token: TOKEN });
  await createSmallCity();
});
beforeEach(() => {
  server.use(...tg.handlers, ...twilioApi.handlers);
});
afterAll(async () => {
  console.log(stats.table("Webhooks and the intake worker"));
  for (const k of [
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_PHONE_NUMBER",
    "PUBLIC_BASE_URL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_MODE",
    "TELEGRAM_WEBHOOK_SECRET",
    "TELEGRAM_WEBHOOK_PATH",
  ])
    delete process.env[k];
  resetEnvForTests();
  resetSenders();
  await closeTelegramRedis();
});

function expectNo5xx(entry: string) {
  expect(stats.failures(entry).length, `${entry}: 5xx or hang\n${stats.summary(entry)}`).toBe(0);
}

// ---------------------------------------------------------------------------------------
// Twilio: params signed as Twilio signs them, over the public URL (query included).

/** What URLSearchParams would carry: an unpaired surrogate cannot survive the wire, so sign what arrives. */
const wire = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

function signedTwilio(path: string, fields: [string, string][], signal: AbortSignal) {
  const params: Record<string, string> = {};
  for (const [k, v] of fields) params[wire(k)] = wire(v); // Twilio never repeats a field
  const signature = twilio.getExpectedTwilioSignature(TWILIO.authToken, `${TWILIO.publicBaseUrl}${path}`, params);
  return new Request(`http://127.0.0.1:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params).toString(),
    signal,
  });
}

const phones = fc.oneof(fc.constantFrom("+380501110001", "+380501110002", "+380931234567", "+15005550006", "380501110003"), hostileText);
const numericish = fc.oneof(fc.constantFrom("0", "1", "3", "10", "11", "-1", "1e3", "NaN", "99999999999", "1.5", " 2", ""), hostileText);
const twilioFields = (base: Record<string, string>, extra: Record<string, fc.Arbitrary<string>>) =>
  fc.oneof(
    { weight: 3, arbitrary: mutated(base, fc.oneof(phones, numericish)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.record(extra, { requiredKeys: [] }), fc.array(fc.tuple(hostileText, hostileText), { maxLength: 3 }))
        .map(([known, random]) => [...Object.entries(base).filter(([k]) => !(k in known)), ...Object.entries(known), ...random] as [string, string][]),
    },
  );

describe("Twilio webhooks with valid signatures answer hostile fields with 2xx–4xx", () => {
  it("POST /webhooks/twilio/sms, and the intake step for what it recorded", async () => {
    const arb = fc.nat().chain((n) =>
      twilioFields(smsParams({ from: `+3805011100${n % 10}`, body: "Немає води на Шевченка 12", messageSid: sid("SM") }), {
        Body: fc.oneof(hostileText, fc.constantFrom("СТАТУС SLV-2026-000001", "STATUS 1", "СТОП", "START", "ДОПОМОГА", "status \u0000")),
        From: phones,
        NumMedia: numericish,
        MediaUrl0: fc.oneof(hostileText, fc.constant("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1")),
        MediaContentType0: fc.oneof(hostileText, fc.constant("image/jpeg")),
        MessageSid: fc.oneof(fc.constant(sid("SM")), hostileText),
      }),
    );
    await fuzz(stats, "POST /webhooks/twilio/sms", arb, 500, async (fields, signal) => {
      const res = await smsAction(args(signedTwilio("/webhooks/twilio/sms", fields, signal)));
      await intakeFor("SMS", Object.fromEntries(fields).MessageSid);
      return res;
    });
    expectNo5xx("POST /webhooks/twilio/sms");
    expectNo5xx("intake worker: SMS");
  });

  it("POST /webhooks/twilio/voice and every /webhooks/twilio/voice/<step>", async () => {
    const callExtra = {
      Digits: fc.oneof(fc.constantFrom("1", "2", "3", "4", "0", "*", "#", "12", "1234567890", "SLV2026000001"), hostileText),
      CallStatus: fc.oneof(fc.constantFrom("ringing", "in-progress", "completed", "busy", "no-answer", "failed", "canceled", "queued"), hostileText),
      CallDuration: numericish,
      RecordingUrl: fc.oneof(fc.constant("https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"), hostileText),
      RecordingSid: fc.oneof(fc.constant(sid("RE")), hostileText),
      RecordingDuration: numericish,
      TranscriptionText: hostileText,
      TranscriptionStatus: fc.constantFrom("completed", "failed", ""),
      QueueResult: fc.oneof(fc.constantFrom("bridged", "hangup", "leave", "queue-full", "error"), hostileText),
      QueueTime: numericish,
      SpeechResult: hostileText,
      From: phones,
      CallSid: fc.oneof(fc.constant(sid("CA")), hostileText),
    };
    const base = () => voiceParams({ callSid: sid("CA"), from: "+380501110005" });
    await fuzz(stats, "POST /webhooks/twilio/voice", twilioFields(base(), callExtra), 200, (fields, signal) =>
      voiceAction(args(signedTwilio("/webhooks/twilio/voice", fields, signal))),
    );
    const steps = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...VOICE_STEPS) }, { weight: 1, arbitrary: hostileText });
    const query = fc.oneof(
      fc.constant(""),
      fc.tuple(fc.constantFrom("attempt", "requestId", "rid", "task", "n", "x"), hostileText).map(([k, v]) => `?${k}=${encodeQueryValue(v)}`),
    );
    const arb = fc.record({ step: steps, query, fields: twilioFields({ ...base(), Digits: "1", CallStatus: "completed", CallDuration: "42" }, callExtra) });
    await fuzz(stats, "POST /webhooks/twilio/voice/<step>", arb, 600, ({ step, query: q, fields }, signal) =>
      voiceStepAction(args(signedTwilio(`/webhooks/twilio/voice/${encodeQueryValue(step)}${q}`, fields, signal), { step })),
    );
    expectNo5xx("POST /webhooks/twilio/voice");
    expectNo5xx("POST /webhooks/twilio/voice/<step>");
  });

  it("POST /webhooks/twilio/status", async () => {
    const arb = fc.record({
      mid: fc.oneof(fc.constant("00000000-0000-4000-8000-000000000000"), fc.uuid(), hostileText),
      fields: twilioFields(
        { MessageSid: sid("SM"), MessageStatus: "delivered", AccountSid: TWILIO.accountSid, To: "+380501110001" },
        {
          MessageStatus: fc.oneof(fc.constantFrom("queued", "sent", "delivered", "undelivered", "failed", "read"), hostileText),
          ErrorCode: fc.oneof(fc.constantFrom("21610", "30003", "30008"), hostileText),
        },
      ),
    });
    await fuzz(stats, "POST /webhooks/twilio/status", arb, 300, ({ mid, fields }, signal) =>
      statusAction(args(signedTwilio(`/webhooks/twilio/status?mid=${encodeQueryValue(mid)}`, fields, signal))),
    );
    expectNo5xx("POST /webhooks/twilio/status");
  });
});

// ---------------------------------------------------------------------------------------
// Telegram: real-shaped updates with hostile leaves, and bodies that are not updates at all.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function nested(depth: number, kind: "array" | "object"): Json {
  let v: Json = "дно";
  for (let i = 0; i < depth; i++) v = kind === "array" ? [v] : { message: v };
  return v;
}

function leafPaths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== "object") return [at];
  const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => leafPaths(x, [...at, k]));
}

function setAt(root: Json, path: (string | number)[], value: Json): Json {
  if (path.length === 0) return value;
  const copy: Json = Array.isArray(root) ? [...root] : { ...(root as Record<string, Json>) };
  const [head, ...rest] = path;
  (copy as Record<string | number, Json>)[head!] = setAt((root as Record<string | number, Json>)[head!] ?? null, rest, value);
  return copy;
}

const CHATS = [555_100_001, 555_100_002, 555_100_003, 555_100_004];
const callbackData = fc.oneof(
  fc.constantFrom("m:new", "m:my", "m:lang", "c:up", "l:skip", "p:done", "k:anon", "f:yes", "f:no"),
  fc.tuple(fc.constantFrom("c:", "r:", "i:", "o:", "y:", "n:", "s:5:", "s:9:", "s:-1:"), fc.oneof(fc.uuid(), hostileText)).map(([p, id]) => p + id),
  hostileText,
);
let updateSeq = 930_000_000;
const realUpdate: fc.Arbitrary<Json> = fc.tuple(fc.constantFrom(...CHATS), fc.nat(7), hostileText, callbackData).map(([chat, kind, text, data]) => {
  const u = [
    () => updates.text(chat, "/start"),
    () => updates.text(chat, text),
    () => updates.callback(chat, data),
    () => updates.location(chat, 48.85, 37.6),
    () => updates.photo(chat),
    () => updates.contact(chat, "380501234567"),
    () => updates.voice(chat),
    () => updates.edited(chat),
  ][kind]!();
  // A fresh update_id each, so each is a new delivery rather than a duplicate.
  return { ...(JSON.parse(JSON.stringify(u)) as Record<string, Json>), update_id: ++updateSeq };
});
const hostileJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(-1, 2 ** 53 + 1, 1e308, 0.5)) },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, true, [], {}, { id: "x" }) },
  { weight: 1, arbitrary: fc.constantFrom(nested(40, "array"), nested(40, "object"), nested(200, "object")) },
);
const mutatedUpdate = fc.tuple(realUpdate, fc.array(fc.tuple(fc.nat(), hostileJson), { minLength: 1, maxLength: 3 })).map(([u, changes]) => {
  let out = u;
  for (const [pick, value] of changes) {
    const paths = leafPaths(out).filter((p) => p[0] !== "update_id");
    out = setAt(out, paths[pick % paths.length]!, value);
  }
  return out;
});

type TelegramBody = { raw: string } | { json: Json };
const telegramBody: fc.Arbitrary<TelegramBody> = fc.oneof(
  { weight: 3, arbitrary: realUpdate.map((json) => ({ json })) },
  { weight: 6, arbitrary: mutatedUpdate.map((json) => ({ json })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<TelegramBody>(
      { raw: "" },
      { raw: "not json" },
      { raw: "{" },
      { raw: "[".repeat(100_000) + "]".repeat(100_000) },
      { raw: `{"update_id":1,"message":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}}` },
      { json: { update_id: -1 } },
      { json: { update_id: 1.5 } },
      { json: { update_id: "1" } },
      { json: { update_id: 2 ** 60 } },
      { json: [] },
      { json: null },
      { json: { update_id: 3, message: { message_id: 1, date: 1, chat: { id: 555_100_001, type: "private" }, text: "a\u0000b\u0000" } } },
      { json: { update_id: 4, message: { message_id: 1, date: 1, chat: { id: 555_100_001, type: "private" }, text: "x".repeat(100_000) } } },
      { json: { update_id: 5, callback_query: { id: "1", from: { id: 555_100_001 }, data: "r:not-a-uuid" } } },
      { json: { update_id: 6, message: { message_id: 1, date: 1, chat: { id: 555_100_001, type: "private" }, reply_to_message: nested(60, "object") } } },
    ),
  },
);

function telegramRequest(body: TelegramBody, signal: AbortSignal): Request {
  const text = "raw" in body ? body.raw : JSON.stringify(body.json);
  return new Request(`http://127.0.0.1/webhooks/telegram/${PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: text,
    signal,
  });
}

/** The intake worker's step for the delivery just recorded, counted as its own entry point. */
async function intakeFor(channel: "SMS" | "TELEGRAM", externalId: string | undefined) {
  if (!externalId) return;
  // Recorded under the cleaned id, as the door cleans it.
  const event = await getDb().inboundEvent.findFirst({ where: { channel, externalId: cleanText(wire(externalId)) }, select: { id: true, processedAt: true } });
  if (!event || event.processedAt) return;
  const outcome: Outcome = await callRoute(async () => {
    await processInboundEvent({ inboundEventId: event.id });
    return null;
  });
  stats.record(`intake worker: ${channel}`, outcome, { externalId });
}

describe("the Telegram webhook with the right secret answers anything with 200 or a 4xx", () => {
  it("POST /webhooks/telegram/<path>, and the intake step for what it recorded", async () => {
    await fuzz(stats, "POST /webhooks/telegram/<path>", telegramBody, 900, async (body, signal) => {
      const res = await telegramAction(args(telegramRequest(body, signal), { secret: PATH }));
      if ("json" in body && body.json && typeof body.json === "object" && !Array.isArray(body.json) && typeof body.json.update_id === "number")
        await intakeFor("TELEGRAM", String(body.json.update_id));
      return res;
    });
    expectNo5xx("POST /webhooks/telegram/<path>");
    expectNo5xx("intake worker: TELEGRAM");
  });

  it("a poisoned update is acknowledged and set aside; the next update of the same chat is acted on", async () => {
    const poisoned = {
      update_id: 940_000_001,
      message: { message_id: 1, date: 1, chat: { id: 555_100_009, type: "private" }, text: "x", reply_to_message: nested(500, "object") },
    };
    const res = await telegramAction(args(telegramRequest({ json: poisoned as never }, new AbortController().signal), { secret: PATH }));
    expect(res.status).toBe(200);
    const event = await getDb().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "TELEGRAM", externalId: "940000001" } } });
    expect(event.processedAt).not.toBeNull();
    expect(event.lastError).toMatch(/set aside/);
    tg.clear();
    const next = updates.text(555_100_009, "/start");
    expect(
      (await telegramAction(args(telegramRequest({ json: JSON.parse(JSON.stringify(next)) }, new AbortController().signal), { secret: PATH }))).status,
    ).toBe(200);
    const nextEvent = await getDb().inboundEvent.findUniqueOrThrow({
      where: { channel_externalId: { channel: "TELEGRAM", externalId: String(next.update_id) } },
    });
    await processInboundEvent({ inboundEventId: nextEvent.id });
    expect(tg.sent("555100009").length).toBeGreaterThan(0);
  });
});

describe("afterwards the doors and the worker still serve normal traffic", () => {
  it("a normal SMS becomes a request, and a normal Telegram /start is answered", async () => {
    const params = smsParams({ from: "+380507770001", body: "Після фазу: третій день немає води на Шевченка 12" });
    const res = await smsAction(args(signedTwilio("/webhooks/twilio/sms", Object.entries(params), new AbortController().signal)));
    expect(res.status).toBe(200);
    const event = await getDb().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: params.MessageSid } } });
    const done = await processInboundEvent({ inboundEventId: event.id });
    expect(done.requestId).toBeTruthy();
    const request = await getDb().request.findUniqueOrThrow({ where: { id: done.requestId! }, include: { citizen: true } });
    expect(request.citizen?.phone).toBe("+380507770001");

    tg.clear();
    const update = updates.text(555_100_077, "/start");
    expect(
      (await telegramAction(args(telegramRequest({ json: JSON.parse(JSON.stringify(update)) }, new AbortController().signal), { secret: PATH }))).status,
    ).toBe(200);
    const tgEvent = await getDb().inboundEvent.findUniqueOrThrow({
      where: { channel_externalId: { channel: "TELEGRAM", externalId: String(update.update_id) } },
    });
    await processInboundEvent({ inboundEventId: tgEvent.id });
    expect(tg.sent("555100077").map((c) => String(c.body.text).slice(0, 7))).toContain("Вітаємо");
    expect(stats.total()).toBeGreaterThanOrEqual(2000);
  });
});
