// The Telegram bot end to end: real update JSON through bot.handleUpdate, msw as the Bot
// API, real Postgres and Redis. Assertions read the database and what the bot sent.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { PermanentSendError, RetryableSendError } from "#app/domain/notifications/senders.server.ts";
import { getChatState } from "#app/channels/telegram/conversation-state.server.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createTelegramBot } from "#bots/telegram/create-bot.ts";
import { createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";
import { server } from "#tests/mocks/server.ts";
import { BOT_INFO, createTelegramApi } from "#tests/mocks/telegram.ts";
import { buttonData, lastText, updates } from "#tests/fixtures/telegram/updates.ts";

const TOKEN = "123456:TEST-TOKEN";
const tg = createTelegramApi();
let city: Awaited<ReturnType<typeof createSmallCity>>;
const newBot = () => createTelegramBot({ token: TOKEN, botInfo: BOT_INFO, rethrow: true });
let bot = newBot();

beforeAll(async () => {
  city = await createSmallCity();
});
beforeEach(() => {
  server.use(...tg.handlers);
  tg.clear();
});
afterAll(async () => {
  await closeTelegramRedis();
});

const db = () => getDb();

async function walkToConfirm(chatId: number, options: { categoryPath: string[]; phone?: string }) {
  await bot.handleUpdate(updates.text(chatId, "/start"));
  await bot.handleUpdate(updates.callback(chatId, buttonData(tg.calls, "Нове звернення")));
  for (const label of options.categoryPath) await bot.handleUpdate(updates.callback(chatId, buttonData(tg.calls, label)));
  await bot.handleUpdate(updates.text(chatId, "Немає холодної води в будинку з самого ранку"));
  await bot.handleUpdate(updates.location(chatId, POINTS.centre.lat, POINTS.centre.lon));
  await bot.handleUpdate(updates.photo(chatId));
  await bot.handleUpdate(updates.callback(chatId, buttonData(tg.calls, "Готово")));
  await bot.handleUpdate(updates.contact(chatId, options.phone));
}

describe("new request wizard", () => {
  const chatId = 555_000_201;

  test("a full wizard ends with one request routed to the right department; a re-delivered update does nothing twice", async () => {
    await walkToConfirm(chatId, { categoryPath: ["Категорія water", "Категорія water.no-water"] });
    const sends = tg.sent(String(chatId));
    expect(String(sends[0]!.body.text)).toContain("Вітаємо");
    expect(tg.calls.some((c) => c.method === "editMessageText" && String(c.body.text).includes("Категорія: Категорія water.no-water"))).toBe(true);
    expect(tg.calls.filter((c) => c.method === "answerCallbackQuery").length).toBeGreaterThanOrEqual(4);
    // The contact button asks for the citizen's own number.
    expect(JSON.stringify(tg.calls.find((c) => JSON.stringify(c.body).includes("request_contact"))?.body)).toContain('"request_contact":true');
    expect(lastText(tg.calls)).toContain("Перевірте звернення");

    const confirm = updates.callback(chatId, buttonData(tg.calls, "Надіслати"));
    await bot.handleUpdate(confirm);
    const sentAfterFirst = tg.calls.length;
    await bot.handleUpdate(confirm); // Telegram re-delivers the same update
    expect(tg.calls.length).toBe(sentAfterFirst);

    const requests = await db().request.findMany({
      where: { channel: "TELEGRAM", citizen: { identities: { some: { externalId: String(chatId) } } } },
      include: { attachments: true, citizen: true },
    });
    expect(requests).toHaveLength(1);
    const r = requests[0]!;
    expect(r.categoryId).toBe(city.noWater.id);
    expect(r.departmentId).toBe(city.water.id);
    expect(r.districtId).toBe(city.centre.id);
    expect(r.lat).toBeCloseTo(POINTS.centre.lat);
    expect(r.externalId).toBe(String(confirm.update_id));
    expect(r.attachments.map((a) => [a.kind, a.storageKey])).toEqual([["photo", "telegram:AgACAgIAAxkBAAIBQ2Zlarge"]]);
    expect(r.citizen?.phone).toBe("+380501234567");
    const confirmedText = tg.calls.filter((c) => c.method === "editMessageText").at(-1)!.body.text as string;
    expect(confirmedText).toContain(r.number);
    expect(confirmedText).toContain("Очікуваний термін");
    expect(await db().inboundEvent.count({ where: { channel: "TELEGRAM", externalId: String(confirm.update_id) } })).toBe(1);
    expect((await getChatState({ chatId: String(chatId) }))?.step).toBe("idle");
  });

  test("an edited message is recorded and answered, never applied retroactively", async () => {
    const edited = updates.edited(chatId);
    await bot.handleUpdate(edited);
    expect(lastText(tg.calls)).toContain("Надішліть виправлення новим повідомленням");
    expect(await db().inboundEvent.count({ where: { externalId: String(edited.update_id) } })).toBe(1);
  });

  test("a restart of the bot in the middle of the wizard resumes at the same step (voice note kept)", async () => {
    const chat = 555_000_202;
    await bot.handleUpdate(updates.text(chat, "/start"));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Нове звернення")));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Категорія housing.yard")));
    expect(lastText(tg.calls)).toContain("Опишіть проблему");

    // The process goes away: its Redis connection and the bot instance with it.
    await closeTelegramRedis();
    bot = newBot();
    tg.clear();

    await bot.handleUpdate(updates.voice(chat));
    expect(tg.calls.some((c) => c.method === "getFile" && c.body.file_id === "AwACAgIAAxkBAAIBRGZvoice")).toBe(true);
    expect(lastText(tg.calls)).toContain("Де це?");
    await bot.handleUpdate(updates.text(chat, "Пропустити")); // the place step's reply-keyboard button
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Готово")));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Анонімно")));
    expect(lastText(tg.calls)).toContain("Контакт: анонімно");
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Надіслати")));

    const r = await db().request.findFirstOrThrow({
      where: { citizen: { identities: { some: { externalId: String(chat) } } } },
      include: { attachments: true, citizen: true },
    });
    expect(r.categoryId).toBe(city.yard.id);
    expect(r.description).toBe("[Голосове повідомлення]");
    expect(r.attachments.map((a) => [a.kind, a.mimeType, a.size])).toEqual([["voice", "audio/ogg", 23145]]);
    expect(r.citizen?.phone).toBeNull();
  });

  test("free text outside a flow starts a draft, and the bot says so", async () => {
    const chat = 555_000_203;
    await bot.handleUpdate(updates.text(chat, "Яма на дорозі біля школи №5"));
    expect(lastText(tg.calls)).toContain("Я почав нове звернення");
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Категорія roads.pothole")));
    // The description is already there: straight to the place.
    expect(lastText(tg.calls)).toContain("Де це?");
    const state = await getChatState({ chatId: String(chat) });
    expect(state?.draft?.description).toBe("Яма на дорозі біля школи №5");
    expect(state?.step).toBe("location");
  });

  test("searching a category by a typed word", async () => {
    const chat = 555_000_204;
    await bot.handleUpdate(updates.callback(chat, "m:new"));
    await bot.handleUpdate(updates.text(chat, "no-heat"));
    expect(lastText(tg.calls)).toContain("Знайдено");
    expect(buttonData(tg.calls, "heating.no-heating")).toBe(`c:${city.heatingCat.id}`);
  });

  test("a shared phone that matches an existing citizen links the chat to that citizen", async () => {
    // A citizen who texted from this number before (so proved it), sharing their own contact now.
    const existing = await db().citizen.create({
      data: {
        phone: "+380671112233",
        fullName: "Петро Іваненко",
        identities: { create: { channel: "SMS", externalId: "+380671112233", verifiedAt: new Date() } },
      },
    });
    const chat = 555_000_205;
    await walkToConfirm(chat, { categoryPath: ["Категорія roads.pothole"], phone: "0671112233" });
    expect(tg.sent(String(chat)).some((c) => String(c.body.text).includes("історію об'єднано"))).toBe(true);
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Надіслати")));
    const identity = await db().channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "TELEGRAM", externalId: String(chat) } } });
    expect(identity.citizenId).toBe(existing.id);
    expect(await db().request.count({ where: { citizenId: existing.id, channel: "TELEGRAM" } })).toBe(1);
  });

  test("an official appeal asks for full name and residence", async () => {
    const chat = 555_000_206;
    await bot.handleUpdate(updates.callback(chat, "m:new"));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Категорія social.aid")));
    await bot.handleUpdate(updates.text(chat, "Прошу призначити допомогу на ремонт даху"));
    await bot.handleUpdate(updates.text(chat, "Пропустити")); // the place step's reply-keyboard button
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Готово")));
    // No anonymous option for an appeal.
    expect(() => buttonData(tg.sent(String(chat)).slice(-2), "Анонімно")).toThrow();
    await bot.handleUpdate(updates.contact(chat, "380509998877"));
    expect(lastText(tg.calls)).toContain("прізвище, ім'я та по батькові");
    await bot.handleUpdate(updates.text(chat, "Коваль Оксана Петрівна"));
    await bot.handleUpdate(updates.text(chat, "м. Слов'янськ, вул. Центральна, 1"));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Надіслати")));
    const r = await db().request.findFirstOrThrow({ where: { categoryId: city.social.id }, include: { appeal: true } });
    expect(r.isAppeal).toBe(true);
    expect(r.appeal).toMatchObject({
      fullName: "Коваль Оксана Петрівна",
      residence: "м. Слов'янськ, вул. Центральна, 1",
      contact: "+380509998877",
      receiptForm: "TELEGRAM",
    });
  });
});

describe("staff and citizen talk through Telegram", () => {
  const chatId = 555_000_201; // the citizen of the first wizard

  test("a staff question reaches the chat with an answer button; the citizen's answer reaches the request", async () => {
    const r = await db().request.findFirstOrThrow({ where: { citizen: { identities: { some: { externalId: String(chatId) } } } } });
    const officer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id });
    await transitionRequest({ requestId: r.id, to: "IN_PROGRESS", actor: { type: "STAFF", id: officer.id } });
    await transitionRequest({ requestId: r.id, to: "WAITING_CITIZEN", actor: { type: "STAFF", id: officer.id }, question: "На якому поверсі немає води?" });
    const n = await db().notification.findFirstOrThrow({ where: { requestId: r.id, template: "question" } });
    expect(n).toMatchObject({ channel: "TELEGRAM", address: String(chatId) });

    const result = await sendNotification({ notificationId: n.id });
    expect(result.outcome).toBe("sent");
    const sent = tg.sent(String(chatId)).at(-1)!;
    expect(String(sent.body.text)).toContain("На якому поверсі немає води?");
    expect(buttonData([sent], "Відповісти")).toBe(`i:${r.id}`);
    const message = await db().message.findUniqueOrThrow({ where: { id: (result as { messageId: string }).messageId } });
    expect(message.externalId).toMatch(new RegExp(`^${chatId}-\\d+$`));

    // The citizen just types the answer (free text outside a flow).
    await bot.handleUpdate(updates.text(chatId, "На третьому поверсі, квартира 12"));
    expect(lastText(tg.calls)).toContain(r.number);
    const after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { events: { orderBy: { id: "asc" } }, messages: true } });
    expect(after.status).toBe("IN_PROGRESS");
    expect(after.events.map((e) => e.type)).toEqual(expect.arrayContaining(["citizen-info", "citizen-answered"]));
    expect(after.messages.some((m) => m.direction === "IN" && m.body === "На третьому поверсі, квартира 12")).toBe(true);
  });

  test("My requests: list, timeline, resolved → confirm and rate", async () => {
    const r = await db().request.findFirstOrThrow({ where: { citizen: { identities: { some: { externalId: String(chatId) } } } } });
    await transitionRequest({
      requestId: r.id,
      to: "RESOLVED",
      actor: { type: "SYSTEM" },
      resultCode: "RESOLVED_POSITIVELY",
      publicAnswer: "Подачу води відновлено",
    });
    await bot.handleUpdate(updates.callback(chatId, "m:my"));
    expect(lastText(tg.calls)).toContain(`${r.number} — виконано`);
    await bot.handleUpdate(updates.callback(chatId, buttonData(tg.calls, r.number)));
    expect(lastText(tg.calls)).toContain("питання від фахівця: На якому поверсі немає води?");
    expect(lastText(tg.calls)).toContain("відповідь: Подачу води відновлено");
    await bot.handleUpdate(updates.callback(chatId, buttonData(tg.calls, "Вирішено")));
    expect((await db().request.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("CLOSED");
    await bot.handleUpdate(updates.callback(chatId, buttonData(tg.calls, "⭐⭐⭐⭐⭐")));
    expect((await db().rating.findUniqueOrThrow({ where: { requestId: r.id } })).score).toBe(5);
  });

  test("429 honours retry_after", async () => {
    const chat = "555000202";
    const r = await db().request.findFirstOrThrow({ where: { citizen: { identities: { some: { externalId: chat } } } } });
    // (The chat's own "received" notice is not sent: the chat was told the number when it sent the request.)
    await transitionRequest({ requestId: r.id, to: "ASSIGNED", actor: { type: "SYSTEM" } });
    const n = await db().notification.findFirstOrThrow({ where: { requestId: r.id, status: "PENDING" } });
    tg.floodedChats.set(chat, 7);
    const now = new Date();
    const err = await sendNotification({ notificationId: n.id, now }).catch((e) => e);
    tg.floodedChats.delete(chat);
    expect(err).toBeInstanceOf(RetryableSendError);
    expect((err as RetryableSendError).retryAt!.getTime()).toBeGreaterThanOrEqual(now.getTime() + 7000);
  });

  test("a user who blocked the bot (403) is marked and no longer sent to", async () => {
    const chat = "555000205";
    const r = await db().request.findFirstOrThrow({ where: { channel: "TELEGRAM", citizen: { identities: { some: { externalId: chat } } } } });
    await transitionRequest({ requestId: r.id, to: "ASSIGNED", actor: { type: "SYSTEM" } });
    const received = await db().notification.findMany({ where: { requestId: r.id, channel: "TELEGRAM", status: "PENDING" }, orderBy: { createdAt: "asc" } });
    expect(received.length).toBeGreaterThan(0);
    tg.blockedChats.add(chat);
    await expect(sendNotification({ notificationId: received[0]!.id })).rejects.toBeInstanceOf(PermanentSendError);
    const identity = await db().channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "TELEGRAM", externalId: chat } } });
    expect(identity.blocked).toBe(true);
    expect((await db().notification.findUniqueOrThrow({ where: { id: received[0]!.id } })).status).toBe("FAILED");

    const attempts = tg.sent(chat).length;
    // Further changes: nothing more goes to the blocked chat.
    await transitionRequest({ requestId: r.id, to: "IN_PROGRESS", actor: { type: "SYSTEM" } });
    const later = await db().notification.findMany({ where: { requestId: r.id, channel: "TELEGRAM", status: "PENDING" } });
    for (const n of later) expect((await sendNotification({ notificationId: n.id })).outcome).toBe("skipped");
    expect(tg.sent(chat).length).toBe(attempts);
  });
});
