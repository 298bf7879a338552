// The citizen records the iGov order id of a handed-off request in the Telegram bot: real
// updates through bot.handleUpdate, msw as the Bot API and iGov, real Postgres and Redis.
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { makeOrderId } from "#integrations/igov/index.ts";
import { handOffRequest } from "#app/domain/handoff/hand-off-request.server.ts";
import { syncCatalogue } from "#app/domain/handoff/sync-catalogue.server.ts";
import { getChatState } from "#app/channels/telegram/conversation-state.server.ts";
import { recordTelegramHandoffOrder } from "#app/domain/handoff/record-telegram-handoff-order.server.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createTelegramBot } from "#bots/telegram/create-bot.ts";
import { createCategory } from "#tests/factories/org.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";
import { BOT_INFO, createTelegramApi } from "#tests/mocks/telegram.ts";
import { buttonData, lastText, updates } from "#tests/fixtures/telegram/updates.ts";
import { requestFrom } from "./handoff-helpers.ts";

const tg = createTelegramApi();
const bot = createTelegramBot({ token: "123456:TEST-TOKEN", botInfo: BOT_INFO, rethrow: true });
let seq = 3000;
const freshOrderId = () => makeOrderId(0, `77125${++seq}`);
const corrupt = (id: string) => id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);

beforeAll(async () => {
  server.use(...createIgovApi().handlers);
  await syncCatalogue({});
  const service = await getDb().adminService.findUniqueOrThrow({ where: { provider_externalId: { provider: "IGOV", externalId: "176" } } });
  await createCategory({ code: "admin.tg-registration", isAdminService: true, adminServiceId: service.id });
});
beforeEach(() => {
  server.use(...createIgovApi().handlers, ...tg.handlers);
  tg.clear();
});
afterAll(async () => {
  await closeTelegramRedis();
});

async function handedOffInTelegram() {
  const r = await requestFrom("TELEGRAM", "admin.tg-registration");
  const h = await handOffRequest({ requestId: r.request.id, actor: { type: "SYSTEM" } });
  return { ...r, chatId: Number(r.address), handoffId: h.handoffId };
}

async function openRequest(chatId: number, number: string) {
  await bot.handleUpdate(updates.text(chatId, "/start"));
  await bot.handleUpdate(updates.callback(chatId, buttonData(tg.calls, "Мої звернення")));
  await bot.handleUpdate(updates.callback(chatId, buttonData(tg.calls, number)));
}

test("in My requests, the citizen enters the iGov order id: a bad check digit is refused and the bot stays; a good one is stored", async () => {
  const r = await handedOffInTelegram();
  await openRequest(r.chatId, r.request.number);
  await bot.handleUpdate(updates.callback(r.chatId, buttonData(tg.calls, "Вказати номер замовлення iGov")));
  expect(lastText(tg.calls)).toContain("sID_Order");
  // The step can be left: a Cancel button under the question.
  expect(buttonData(tg.calls.slice(-1), "Скасувати")).toBe("f:no");
  expect(await getChatState({ chatId: String(r.chatId) })).toMatchObject({ step: "handoffOrder", targetRequestId: r.request.id });

  const good = freshOrderId();
  await bot.handleUpdate(updates.text(r.chatId, corrupt(good)));
  expect(lastText(tg.calls)).toContain("Номер заяви неправильний");
  expect(lastText(tg.calls)).toContain("контрольна цифра");
  expect((await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).orderId).toBeNull();
  expect((await getChatState({ chatId: String(r.chatId) }))?.step).toBe("handoffOrder");

  await bot.handleUpdate(updates.text(r.chatId, "не номер"));
  expect(lastText(tg.calls)).toContain("не схоже на номер");

  await bot.handleUpdate(updates.text(r.chatId, ` ${good} `));
  expect(lastText(tg.calls)).toContain(`Номер заяви ${good} збережено`);
  expect(await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).toMatchObject({ orderId: good, status: "SUBMITTED" });
  expect(await getDb().requestEvent.count({ where: { requestId: r.request.id, type: "handoff-order", actorType: "CITIZEN" } })).toBe(1);
  expect((await getChatState({ chatId: String(r.chatId) }))?.step).toBe("idle");

  // Recorded: the button is no longer offered.
  tg.clear();
  await openRequest(r.chatId, r.request.number);
  expect(() => buttonData(tg.calls, "Вказати номер замовлення iGov")).toThrow();
});

test("someone else's chat cannot set the order id, neither by the button nor by the domain call", async () => {
  const r = await handedOffInTelegram();
  const other = await handedOffInTelegram();
  const good = freshOrderId();

  await expect(recordTelegramHandoffOrder({ chatId: String(other.chatId), requestId: r.request.id, orderId: good })).rejects.toMatchObject({
    code: "NOT_FOUND",
  });
  await expect(recordTelegramHandoffOrder({ chatId: "999999991", requestId: r.request.id, orderId: good })).rejects.toMatchObject({ code: "NOT_FOUND" });

  // A forged button press from the other chat, then a text: nothing is stored.
  await bot.handleUpdate(updates.callback(other.chatId, `o:${r.request.id}`));
  expect(lastText(tg.calls)).not.toContain("sID_Order");
  await bot.handleUpdate(updates.text(other.chatId, good));
  expect((await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).orderId).toBeNull();
  expect((await getDb().handoff.findUniqueOrThrow({ where: { id: other.handoffId } })).orderId).toBeNull();

  // The owner can.
  await expect(recordTelegramHandoffOrder({ chatId: String(r.chatId), requestId: r.request.id, orderId: good })).resolves.toMatchObject({
    orderId: good,
    changed: true,
  });
});

test("a CNAP hand-off offers no order-id button", async () => {
  const r = await requestFrom("TELEGRAM", "admin.tg-registration");
  await handOffRequest({ requestId: r.request.id, actor: { type: "SYSTEM" }, provider: "CNAP" });
  const chatId = Number(r.address);
  await openRequest(chatId, r.request.number);
  expect(() => buttonData(tg.calls, "Вказати номер замовлення iGov")).toThrow();
});
