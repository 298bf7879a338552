// A Telegram chat joins a citizen only on proof of the phone: the sender's own contact card
// (user_id = the sender), or a one-time code texted to the number (through the outbox, here
// the sandbox) and typed back. A card without user_id, someone else's card, or a typed
// number never shows that citizen's requests or routes their replies to the chat.
// Real update JSON through bot.handleUpdate, msw as the Bot API, real Postgres and Redis.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { TelegramUpdate as Update } from "#integrations/telegram/schemas.ts";
import { CODE_MAX_ATTEMPTS } from "#app/domain/citizens/contact-verification.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { getChatState } from "#app/channels/telegram/conversation-state.server.ts";
import { closeTelegramRedis, getTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { createTelegramBot } from "#bots/telegram/create-bot.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { server } from "#tests/mocks/server.ts";
import { BOT_INFO, createTelegramApi } from "#tests/mocks/telegram.ts";
import { buttonData, lastText, updates } from "#tests/fixtures/telegram/updates.ts";

const tg = createTelegramApi();
const bot = createTelegramBot({ token: "123456:TEST-TOKEN", botInfo: BOT_INFO, rethrow: true });
const db = () => getDb();
let phoneSeq = 0;
const newPhone = () => `+38067${String(Date.now()).slice(-5)}${String(++phoneSeq).padStart(2, "0")}`;

beforeAll(async () => {
  await createSmallCity();
});
beforeEach(() => {
  server.use(...tg.handlers);
  tg.clear();
});
afterAll(async () => {
  await closeTelegramRedis();
});

/** A citizen who texted us from `phone` (so proved it), with one open request. */
async function victim(phone: string) {
  const r = await submitRequest({
    channel: "SMS",
    externalId: `SM-victim-${phone}`,
    description: "Протікає дах над моєю квартирою",
    citizen: { phone, identity: { channel: "SMS", externalId: phone } },
  });
  const row = await db().request.findUniqueOrThrow({ where: { id: r.request.id }, include: { citizen: true } });
  return { request: row, citizen: row.citizen! };
}

async function walkToContact(chat: number) {
  await bot.handleUpdate(updates.text(chat, "/start"));
  await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Нове звернення")));
  await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Категорія roads.pothole")));
  await bot.handleUpdate(updates.text(chat, "Глибока яма на дорозі біля зупинки"));
  await bot.handleUpdate(updates.location(chat, POINTS.centre.lat, POINTS.centre.lon));
  await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Готово")));
  expect((await getChatState({ chatId: String(chat) }))?.step).toBe("contact");
}

function card(chat: number, phone: string, userId: number | null) {
  const u = updates.contact(chat, phone.replace("+", "")) as Update & { message: { contact: { user_id?: number } } };
  if (userId === null) delete u.message.contact.user_id;
  else u.message.contact.user_id = userId;
  return u as Update;
}

/** The code the outbox texted to `phone` (sent here by the sandbox sender, as without Twilio credentials). */
async function codeTextedTo(phone: string) {
  const n = await db().notification.findFirstOrThrow({
    where: { channel: "SMS", address: phone, template: "verificationCode" },
    orderBy: { createdAt: "desc" },
  });
  const sent = await sendNotification({ notificationId: n.id });
  expect(sent.outcome).toBe("sent");
  const message = await db().message.findUniqueOrThrow({ where: { id: (sent as { messageId: string }).messageId } });
  return { code: message.body.match(/\b(\d{6})\b/)![1]!, notification: n, message };
}

async function chatCitizenId(chat: number) {
  return (await db().channelIdentity.findUnique({ where: { channel_externalId: { channel: "TELEGRAM", externalId: String(chat) } } }))?.citizenId ?? null;
}

async function expectNotLinked(chat: number, v: Awaited<ReturnType<typeof victim>>) {
  expect(await chatCitizenId(chat)).not.toBe(v.citizen.id);
  // "My requests" shows nothing of theirs.
  await bot.handleUpdate(updates.callback(chat, "m:my"));
  expect(lastText(tg.calls)).not.toContain(v.request.number);
  // A question from staff on their request goes to their phone, not to this chat.
  await transitionRequest({ requestId: v.request.id, to: "IN_PROGRESS", actor: { type: "SYSTEM" } }).catch(() => undefined);
  await transitionRequest({ requestId: v.request.id, to: "WAITING_CITIZEN", actor: { type: "SYSTEM" }, question: "На якому поверсі?" });
  const question = await db().notification.findMany({ where: { requestId: v.request.id, template: "question" } });
  expect(question.map((n) => [n.channel, n.address])).toEqual([["SMS", v.citizen.phone]]);
  // And the chat's free text is not taken as their answer.
  await bot.handleUpdate(updates.text(chat, "На п'ятому"));
  expect((await db().request.findUniqueOrThrow({ where: { id: v.request.id } })).status).toBe("WAITING_CITIZEN");
  // Their profile is untouched.
  const after = await db().citizen.findUniqueOrThrow({ where: { id: v.citizen.id }, include: { identities: true } });
  expect(after.identities.map((i) => i.channel)).toEqual(["SMS"]);
}

describe("a contact card that is not the sender's own", () => {
  test("a card without user_id does not link the chat: a code is texted to the number instead", async () => {
    const phone = newPhone();
    const v = await victim(phone);
    const chat = 555_100_001;
    await walkToContact(chat);
    await bot.handleUpdate(card(chat, phone, null));
    expect(lastText(tg.calls)).toContain("Ми надіслали SMS із кодом на +38067");
    expect(lastText(tg.calls)).not.toContain(phone);
    const state = await getChatState({ chatId: String(chat) });
    expect(state?.step).toBe("code");
    expect(state?.draft?.phone).toBeUndefined();
    // The code goes out through the outbox to the number, belonging to nobody yet.
    const n = await db().notification.findFirstOrThrow({ where: { channel: "SMS", address: phone, template: "verificationCode" } });
    expect(n.citizenId).toBeNull();
    await expectNotLinked(chat, v);
  });

  test("someone else's card (another user_id) does not link the chat either", async () => {
    const phone = newPhone();
    const v = await victim(phone);
    const chat = 555_100_002;
    await walkToContact(chat);
    await bot.handleUpdate(card(chat, phone, 777_000_999));
    expect((await getChatState({ chatId: String(chat) }))?.step).toBe("code");
    await expectNotLinked(chat, v);
  });

  test("wrong codes count down and then the code is gone; the right one after that does not link", async () => {
    const phone = newPhone();
    const v = await victim(phone);
    const chat = 555_100_003;
    await walkToContact(chat);
    await bot.handleUpdate(updates.text(chat, phone));
    const { code } = await codeTextedTo(phone);
    const wrong = code === "000000" ? "111111" : "000000";
    await bot.handleUpdate(updates.text(chat, wrong));
    expect(lastText(tg.calls)).toContain(`Залишилося спроб: ${CODE_MAX_ATTEMPTS - 1}`);
    for (let i = 1; i < CODE_MAX_ATTEMPTS; i++) await bot.handleUpdate(updates.text(chat, wrong));
    expect(lastText(tg.calls)).toContain("Код уже не дійсний");
    expect((await getChatState({ chatId: String(chat) }))?.step).toBe("contact");
    await bot.handleUpdate(updates.text(chat, code));
    expect(await chatCitizenId(chat)).not.toBe(v.citizen.id);
  });

  test("codes are kept only as a keyed hash, expire within ten minutes, and sends to one number are limited", async () => {
    const phone = newPhone();
    const chat = 555_100_004;
    await walkToContact(chat);
    await bot.handleUpdate(updates.text(chat, phone));
    const { code } = await codeTextedTo(phone);
    const { verificationId } = (await getChatState({ chatId: String(chat) }))!;
    const redis = getTelegramRedis();
    const key = `${getEnv().QUEUE_PREFIX}:verify:code:${verificationId}`;
    const stored = (await redis.get(key))!;
    expect(stored).not.toContain(code);
    expect(await redis.ttl(key)).toBeGreaterThan(0);
    expect(await redis.ttl(key)).toBeLessThanOrEqual(600);
    // The number is kept in the record (to link it once proven), never in a key.
    const keys = await redis.keys(`${getEnv().QUEUE_PREFIX}:verify:*`);
    for (const k of keys) expect(k).not.toContain(phone.slice(1));

    // Three codes to one number per quarter-hour; the fourth is refused (from any chat).
    await bot.handleUpdate(updates.text(chat, phone));
    await bot.handleUpdate(updates.text(chat, phone));
    const other = 555_100_005;
    await walkToContact(other);
    await bot.handleUpdate(updates.text(other, phone));
    expect(lastText(tg.calls)).toContain("Забагато запитів коду");
    expect(await db().notification.count({ where: { address: phone, template: "verificationCode" } })).toBe(3);
  });

  test("a code that could not go out within its ten minutes is never delivered late", async () => {
    const phone = newPhone();
    const chat = 555_100_006;
    await walkToContact(chat);
    await bot.handleUpdate(updates.text(chat, phone));
    const n = await db().notification.findFirstOrThrow({ where: { address: phone, template: "verificationCode" } });
    const result = await sendNotification({ notificationId: n.id, now: new Date(Date.now() + 11 * 60_000) });
    expect(result).toEqual({ outcome: "skipped", reason: "expired" });
    expect(await db().message.count({ where: { address: phone } })).toBe(0);
  });
});

describe("proving the number", () => {
  test("a typed number with the right code links the chat to the citizen of that phone", async () => {
    const phone = newPhone();
    const v = await victim(phone); // here: the chat's own person, who texted before
    const chat = 555_100_011;
    await walkToContact(chat);
    await bot.handleUpdate(updates.text(chat, phone.replace("+38", "")));
    const { code } = await codeTextedTo(phone);
    await bot.handleUpdate(updates.text(chat, code.slice(0, 3) + " " + code.slice(3)));
    expect(tg.sent(String(chat)).some((c) => String(c.body.text).includes("історію об'єднано"))).toBe(true);
    expect(lastText(tg.calls)).toContain("Перевірте звернення");
    expect(await chatCitizenId(chat)).toBe(v.citizen.id);
    const identity = await db().channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "TELEGRAM", externalId: String(chat) } } });
    expect(identity.verifiedAt).not.toBeNull();
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Надіслати")));
    await bot.handleUpdate(updates.callback(chat, "m:my"));
    expect(lastText(tg.calls)).toContain(v.request.number);
    // Used once: the same code again does nothing more.
    expect((await getChatState({ chatId: String(chat) }))?.verificationId).toBeUndefined();
  });

  test("the sender's own card (user_id = sender) links at once, as before", async () => {
    const phone = newPhone();
    const v = await victim(phone);
    const chat = 555_100_012;
    await walkToContact(chat);
    await bot.handleUpdate(card(chat, phone, chat));
    expect(await chatCitizenId(chat)).toBe(v.citizen.id);
    expect(await db().notification.count({ where: { address: phone, template: "verificationCode" } })).toBe(0);
  });
});
