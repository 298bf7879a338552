// The Telegram conversation as a citizen lives it: the emergency entry and notice, /cancel
// and commands, text and media wherever they arrive, answers to staff without a button,
// Telegram's length limit, attachments, and the category suggestion for free text.
// Real update JSON through bot.handleUpdate (recorded once, then processTelegramUpdate),
// msw as the Bot API, real Postgres and Redis.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { TelegramUpdate } from "#integrations/telegram/schemas.ts";
import { getChatState } from "#app/channels/telegram/conversation-state.server.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createTelegramBot } from "#bots/telegram/create-bot.ts";
import { createCategory, createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";
import { server } from "#tests/mocks/server.ts";
import { BOT_INFO, createTelegramApi, type TelegramCall } from "#tests/mocks/telegram.ts";
import { buttonData, updates } from "#tests/fixtures/telegram/updates.ts";

const TOKEN = "123456:TEST-TOKEN";
const tg = createTelegramApi();
const bot = createTelegramBot({ token: TOKEN, botInfo: BOT_INFO, rethrow: true });
const db = () => getDb();
let city: Awaited<ReturnType<typeof createSmallCity>>;
let gas: { id: string };
let officer: { id: string };

const GAS_ADVICE = "Не вмикайте світло і не користуйтеся вогнем, відчиніть вікна, вийдіть з приміщення.";

beforeAll(async () => {
  city = await createSmallCity();
  await db().category.update({ where: { id: city.noWater.id }, data: { nameUk: "Немає води", nameEn: "No water", synonyms: ["нема води", "вода не йде"] } });
  const gasRoot = await createCategory({ code: "gas", nameUk: "Газопостачання", nameEn: "Gas supply", sortOrder: 5 });
  gas = await createCategory({
    code: "gas.smell",
    parentId: gasRoot.id,
    nameUk: "Запах газу",
    nameEn: "Gas smell",
    synonyms: ["пахне газом", "витік газу", "газ"],
    isEmergency: true,
    urgency: "EMERGENCY",
    slaAmount: 2,
    slaUnit: "HOURS",
    allowsAnonymous: true,
    extraQuestions: [
      {
        code: "gas-advice",
        variable: false,
        datatype: "text",
        required: false,
        order: 0,
        descriptionUk: GAS_ADVICE,
        descriptionEn: "Do not switch lights on.",
      },
    ],
  });
  // A gas group with an everyday problem too, so it stays in the tree beside the emergency entry.
  await createCategory({ code: "gas.meter", parentId: gasRoot.id, nameUk: "Газовий лічильник", nameEn: "Gas meter", sortOrder: 2 });
  // A group holding only emergencies: the emergency entry lists them, so the tree does not offer it twice.
  const dangerRoot = await createCategory({ code: "danger", nameUk: "Загроза життю: спершу 101–104", nameEn: "Danger to life", sortOrder: 1 });
  await createCategory({
    code: "danger.fire",
    parentId: dangerRoot.id,
    nameUk: "Пожежа",
    nameEn: "Fire",
    isEmergency: true,
    urgency: "EMERGENCY",
    slaAmount: 2,
    slaUnit: "HOURS",
  });
  officer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id });
});
beforeEach(() => {
  server.use(...tg.handlers);
  tg.clear();
});
afterAll(async () => {
  await closeTelegramRedis();
});

// --- helpers -------------------------------------------------------------------------------

let nextMessageId = 40_000;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** A fresh message id (Telegram's are unique per chat), and optionally a date and a caption. */
function msg(u: TelegramUpdate, o: { date?: number; caption?: string; fileId?: string } = {}): TelegramUpdate {
  const m = (u as Json).message as Json;
  m.message_id = ++nextMessageId;
  if (o.date !== undefined) m.date = o.date;
  if (o.caption !== undefined) m.caption = o.caption;
  if (o.fileId && m.photo) m.photo = m.photo.map((p: Json, i: number) => ({ ...p, file_id: `${o.fileId}-${i}`, file_unique_id: `${o.fileId}-u${i}` }));
  if (o.fileId && m.voice) m.voice = { ...m.voice, file_id: o.fileId, file_unique_id: `${o.fileId}-u` };
  return u;
}
const say = (chat: number, text: string, o: { date?: number } = {}) => bot.handleUpdate(msg(updates.text(chat, text), o));
const press = (chat: number, label: string) => bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, label)));
const photo = (chat: number, o: { caption?: string; fileId?: string } = {}) => bot.handleUpdate(msg(updates.photo(chat), o));
const voice = (chat: number, o: { caption?: string; fileId?: string } = {}) => bot.handleUpdate(msg(updates.voice(chat), o));
const locate = (chat: number, p = POINTS.centre) => bot.handleUpdate(msg(updates.location(chat, p.lat, p.lon)));

/** Everything the bot said to the chat (sent or edited), in order. */
const said = (chat: number) =>
  tg.calls.filter((c) => ["sendMessage", "editMessageText"].includes(c.method) && String(c.body.chat_id) === String(chat)).map((c) => String(c.body.text));
const lastSent = (chat: number) => tg.sent(String(chat)).at(-1)!;
const inlineLabels = (call: TelegramCall | undefined) =>
  ((call?.body.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat();
const replyButtons = (call: TelegramCall | undefined) =>
  ((call?.body.reply_markup as { keyboard?: { text: string; request_location?: boolean; request_contact?: boolean }[][] } | undefined)?.keyboard ?? []).flat();
/** A Cancel the citizen can press on what the bot last said: an inline button or a reply-keyboard button. */
function hasCancel(chat: number) {
  const recent = tg.sent(String(chat)).slice(-2);
  return recent.some((c) => inlineLabels(c).some((b) => b.callback_data === "f:no") || replyButtons(c).some((b) => b.text.includes("Скасувати")));
}
const stateOf = (chat: number) => getChatState({ chatId: String(chat) });
const MENU = ["📝 Нове звернення", "📋 Мої звернення", "🌐 English"];
const hasMenu = (call: TelegramCall | undefined) => MENU.every((l) => inlineLabels(call).some((b) => b.text === l));

async function newDraft(chat: number, categoryPath: string[]) {
  await bot.handleUpdate(updates.callback(chat, "m:new"));
  for (const label of categoryPath) await press(chat, label);
}

/** A request of this chat (through the core, as any door would make it), with staff asking a question. */
async function waitingRequest(chat: number, question: string) {
  const { request } = await submitRequest({
    channel: "TELEGRAM",
    externalId: `setup-${chat}-${Math.random()}`,
    description: "Немає води у під'їзді",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { identity: { channel: "TELEGRAM", externalId: String(chat) } },
  });
  await transitionRequest({ requestId: request.id, to: "IN_PROGRESS", actor: { type: "STAFF", id: officer.id } });
  await transitionRequest({ requestId: request.id, to: "WAITING_CITIZEN", actor: { type: "STAFF", id: officer.id }, question });
  return request;
}

// --- 1. life safety --------------------------------------------------------------------------

describe("emergencies", () => {
  test("the emergency entry is the first button of the category choice and opens the emergency categories with the numbers", async () => {
    const chat = 555_100_001;
    await bot.handleUpdate(updates.callback(chat, "m:new"));
    const roots = inlineLabels(lastSent(chat)).map((b) => b.text);
    expect(roots[0]).toBe("⚠️ Аварія, загроза життю");
    expect(roots.some((label) => label.startsWith("Газопостачання"))).toBe(true);
    expect(roots.some((label) => label.startsWith("Загроза життю"))).toBe(false);
    await press(chat, "Аварія, загроза життю");
    const list = lastSent(chat);
    expect(String(list.body.text)).toContain("104");
    expect(inlineLabels(list).map((b) => b.text)).toEqual(expect.arrayContaining(["Запах газу", "Пожежа"]));
  });

  test("gas smell chosen in the tree: the notice (numbers and advice) comes at once, before the description is asked", async () => {
    const chat = 555_100_002;
    await newDraft(chat, ["Газопостачання", "Запах газу"]);
    const texts = said(chat);
    const notice = texts.findIndex((t) => t.includes("104") && t.includes(GAS_ADVICE));
    const ask = texts.findIndex((t) => t.includes("Опишіть проблему"));
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(ask).toBeGreaterThan(notice);
  });

  test("gas smell found by search: the notice comes at once", async () => {
    const chat = 555_100_003;
    await bot.handleUpdate(updates.callback(chat, "m:new"));
    await say(chat, "газ");
    await press(chat, "Запах газу");
    expect(said(chat).some((t) => t.includes(GAS_ADVICE))).toBe(true);
  });

  test("free text about a gas smell: the notice at once, then the suggested category to confirm with the tree; the confirmation repeats the numbers and promises no date", async () => {
    const chat = 555_100_004;
    await say(chat, "Сильно пахне газом у під'їзді на третьому поверсі");
    const first = said(chat);
    expect(first[0]).toContain("104");
    expect(first[0]).toContain(GAS_ADVICE);
    const offer = lastSent(chat);
    expect(inlineLabels(offer).map((b) => b.text)).toContain("Так, це «Запах газу»");
    expect(inlineLabels(offer).map((b) => b.text)).toContain("⚠️ Аварія, загроза життю");
    await press(chat, "Так, це «Запах газу»");
    // The description is there already: the place is asked next, and the notice is not said twice.
    expect(said(chat).filter((t) => t.includes(GAS_ADVICE))).toHaveLength(1);
    expect(String(lastSent(chat).body.text)).toContain("Де це?");
    await locate(chat);
    await press(chat, "Готово");
    await press(chat, "Анонімно");
    const send = updates.callback(chat, buttonData(tg.calls, "Надіслати"));
    tg.clear();
    await bot.handleUpdate(send);
    const r = await db().request.findFirstOrThrow({ where: { categoryId: gas.id, citizen: { identities: { some: { externalId: String(chat) } } } } });
    const after = said(chat).join("\n");
    expect(after).toContain(r.number);
    expect(after).toContain("104");
    expect(after).not.toContain("Очікуваний термін");
    // The number is said once: the chat's own "received" notice is not sent again by the outbox.
    expect(said(chat).filter((t) => t.includes(r.number))).toHaveLength(1);
    const received = await db().notification.findFirstOrThrow({ where: { requestId: r.id, template: "received" } });
    expect(received.status).toBe("SKIPPED");
  });

  test("/help and the greeting name the emergency numbers", async () => {
    const chat = 555_100_005;
    await say(chat, "/start");
    expect(said(chat)[0]).toContain("101");
    tg.clear();
    await say(chat, "/help");
    expect(said(chat).join("\n")).toContain("104");
    expect(hasMenu(lastSent(chat))).toBe(true);
  });
});

// --- 2. cancel and commands ------------------------------------------------------------------

describe("/cancel and commands", () => {
  test("/cancel mid-flow clears the draft, says so and shows the menu", async () => {
    const chat = 555_100_101;
    await newDraft(chat, ["Категорія roads.pothole"]);
    await say(chat, "Глибока яма біля школи");
    await say(chat, "/cancel");
    expect(said(chat).at(-2)).toContain("скасовано");
    expect(hasMenu(lastSent(chat))).toBe(true);
    const state = await stateOf(chat);
    expect(state?.step).toBe("idle");
    expect(state?.draft).toBeUndefined();
    expect(await db().request.count({ where: { citizen: { identities: { some: { externalId: String(chat) } } } } })).toBe(0);
  });

  test("every step of the wizard offers Cancel", async () => {
    const chat = 555_100_102;
    await bot.handleUpdate(updates.callback(chat, "m:new"));
    expect(hasCancel(chat)).toBe(true); // category
    await press(chat, "Категорія social.aid");
    expect(hasCancel(chat)).toBe(true); // description
    await say(chat, "Прошу допомоги з ремонтом даху");
    expect(hasCancel(chat)).toBe(true); // location
    await say(chat, "вул. Центральна, 1");
    expect(hasCancel(chat)).toBe(true); // photos
    await press(chat, "Готово");
    expect(hasCancel(chat)).toBe(true); // contact
    await say(chat, "0501112299");
    expect(hasCancel(chat)).toBe(true); // code
    await bot.handleUpdate(msg(updates.contact(chat, "380501112299")));
    expect(hasCancel(chat)).toBe(true); // fullName
    await say(chat, "Коваль Оксана Петрівна");
    expect(hasCancel(chat)).toBe(true); // residence
    await say(chat, "м. Слов'янськ, вул. Центральна, 1");
    expect(hasCancel(chat)).toBe(true); // confirm
    // The Cancel of a reply keyboard (a text button) cancels too.
    await newDraft(chat, ["Категорія roads.pothole"]);
    await say(chat, "Яма на дорозі");
    const cancelLabel = replyButtons(lastSent(chat)).find((b) => b.text.includes("Скасувати"))!.text;
    await say(chat, cancelLabel);
    expect((await stateOf(chat))?.step).toBe("idle");
    expect(hasMenu(lastSent(chat))).toBe(true);
  });

  test("a command is never a description, an address, a name or a search; an unknown one gets a short help with the menu", async () => {
    const chat = 555_100_103;
    await bot.handleUpdate(updates.callback(chat, "m:new"));
    await say(chat, "/foo");
    expect(said(chat).some((t) => t.includes("Знайдено") || t.includes("Нічого не знайдено"))).toBe(false);
    expect(hasMenu(lastSent(chat))).toBe(true);
    await press(chat, "Категорія roads.pothole");
    await say(chat, "/whatever");
    let state = await stateOf(chat);
    expect(state?.draft?.description).toBeUndefined();
    expect(state?.step).toBe("description");
    await say(chat, "Яма на дорозі біля школи");
    await say(chat, "/status@slv_1580_bot");
    state = await stateOf(chat);
    expect(state?.draft?.address).toBeUndefined();
    expect(state?.step).toBe("location");
  });
});

// --- 3. text and media wherever they come ----------------------------------------------------

describe("text and media at any step", () => {
  test("text typed at the confirmation is added to the description and the confirmation is shown again", async () => {
    const chat = 555_100_201;
    await newDraft(chat, ["Категорія roads.pothole"]);
    await say(chat, "Глибока яма біля школи №5");
    await say(chat, "вул. Шкільна, 5");
    await press(chat, "Готово");
    await press(chat, "Анонімно");
    expect(String(lastSent(chat).body.text)).toContain("Перевірте звернення");
    await say(chat, "Там уже двоє впали з велосипеда");
    const state = await stateOf(chat);
    expect(state?.step).toBe("confirm");
    expect(state?.draft?.description).toContain("Глибока яма біля школи №5");
    expect(state?.draft?.description).toContain("Там уже двоє впали з велосипеда");
    expect(state?.draft?.categoryCode).toBe("roads.pothole");
    expect(String(lastSent(chat).body.text)).toContain("Там уже двоє впали з велосипеда");
    expect(inlineLabels(lastSent(chat)).map((b) => b.callback_data)).toContain("f:yes");
  });

  test("captions on photos and text at the photo step go to the description", async () => {
    const chat = 555_100_202;
    await newDraft(chat, ["Категорія roads.pothole"]);
    await say(chat, "Яма на дорозі");
    await say(chat, "вул. Шкільна, 5");
    await photo(chat, { caption: "Ось вона зблизька", fileId: "cap1" });
    await say(chat, "Глибина приблизно 20 см");
    const state = await stateOf(chat);
    expect(state?.step).toBe("photos");
    expect(state?.draft?.description).toContain("Ось вона зблизька");
    expect(state?.draft?.description).toContain("Глибина приблизно 20 см");
    expect(state?.draft?.files).toHaveLength(1);
  });

  test("a photo, a voice note or a location at the description step is kept and the next question follows", async () => {
    const chat = 555_100_203;
    await newDraft(chat, ["Категорія roads.pothole"]);
    await locate(chat);
    let state = await stateOf(chat);
    expect(state?.draft?.lat).toBeCloseTo(POINTS.centre.lat);
    expect(state?.step).toBe("description");
    await photo(chat, { fileId: "desc1" });
    state = await stateOf(chat);
    expect(state?.draft?.files.map((f) => f.kind)).toEqual(["photo"]);
    await photo(chat, { caption: "Яма на всю смугу", fileId: "desc2" });
    state = await stateOf(chat);
    expect(state?.draft?.description).toBe("Яма на всю смугу");
    // The place is known already: the photos step is next, not the place.
    expect(state?.step).toBe("photos");

    const chat2 = 555_100_204;
    await newDraft(chat2, ["Категорія roads.pothole"]);
    await voice(chat2, { fileId: "voice-desc" });
    expect((await stateOf(chat2))?.step).toBe("location");
    expect((await stateOf(chat2))?.draft?.description).toBe("[Голосове повідомлення]");
  });

  test("a photo sent while the contact is asked is kept, and the contact asked again", async () => {
    const chat = 555_100_206;
    await newDraft(chat, ["Категорія roads.pothole"]);
    await say(chat, "Яма на дорозі");
    await say(chat, "вул. Шкільна, 5");
    await press(chat, "Готово");
    await photo(chat, { fileId: "late-photo" });
    const state = await stateOf(chat);
    expect(state?.step).toBe("contact");
    expect(state?.draft?.files.map((f) => f.fileId)).toEqual(["late-photo-2"]);
    expect(said(chat).at(-3)).toBe("Збережено для звернення.");
    expect(hasCancel(chat)).toBe(true);
  });

  test("a text Telegram split in two (over 4096 characters) stays one description", async () => {
    const chat = 555_100_205;
    await newDraft(chat, ["Категорія roads.pothole"]);
    const part1 = "Яма ".repeat(1024); // 4096 characters
    const part2 = "і ще продовження опису. ".repeat(37).trim();
    await say(chat, part1, { date: 1767300000 });
    await say(chat, part2, { date: 1767300000 });
    const state = await stateOf(chat);
    expect(state?.draft?.address).toBeUndefined();
    expect(state?.draft?.description).toContain("продовження опису");
    expect(state?.step).toBe("location");
    // Nothing the bot said was longer than Telegram allows.
    for (const t of said(chat)) expect(t.length).toBeLessThanOrEqual(4096);
  });
});

// --- 4. answers to staff without a button ----------------------------------------------------

describe("answers to staff", () => {
  test("at idle a photo, a voice note and a location go to the request waiting for the citizen", async () => {
    const chat = 555_100_301;
    const r = await waitingRequest(chat, "Надішліть фото лічильника");
    await photo(chat, { caption: "Ось лічильник", fileId: "ans-photo" });
    let after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { attachments: true, messages: true } });
    expect(after.status).toBe("IN_PROGRESS");
    expect(after.attachments.map((a) => [a.kind, a.storageKey])).toEqual([["photo", "telegram:ans-photo-2"]]);
    expect(after.messages.some((m) => m.direction === "IN" && m.body === "Ось лічильник")).toBe(true);

    await transitionRequest({ requestId: r.id, to: "WAITING_CITIZEN", actor: { type: "STAFF", id: officer.id }, question: "Опишіть голосом" });
    await voice(chat, { fileId: "ans-voice" });
    after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { attachments: true, messages: true } });
    expect(after.status).toBe("IN_PROGRESS");
    expect(after.attachments.find((a) => a.kind === "voice")).toMatchObject({ storageKey: "telegram:ans-voice", mimeType: "audio/ogg" });

    await transitionRequest({ requestId: r.id, to: "WAITING_CITIZEN", actor: { type: "STAFF", id: officer.id }, question: "Де саме?" });
    await locate(chat);
    after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { attachments: true, messages: true } });
    expect(after.status).toBe("IN_PROGRESS");
    expect(after.messages.some((m) => m.direction === "IN" && m.body.includes(String(POINTS.centre.lat)))).toBe(true);
    expect(await db().request.count({ where: { citizen: { identities: { some: { externalId: String(chat) } } } } })).toBe(1);
  });

  test("several waiting: the bot asks which, with the numbers as buttons", async () => {
    const chat = 555_100_302;
    const a = await waitingRequest(chat, "Питання А");
    const b = await waitingRequest(chat, "Питання Б");
    await say(chat, "Відповідь для другого");
    const labels = inlineLabels(lastSent(chat)).map((x) => x.text);
    expect(labels).toEqual(expect.arrayContaining([a.number, b.number]));
    await press(chat, b.number);
    const after = await db().request.findUniqueOrThrow({ where: { id: b.id }, include: { messages: true } });
    expect(after.status).toBe("IN_PROGRESS");
    expect(after.messages.some((m) => m.body === "Відповідь для другого")).toBe(true);
    expect((await db().request.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("WAITING_CITIZEN");
  });

  test("mid-draft the draft is kept", async () => {
    const chat = 555_100_303;
    const r = await waitingRequest(chat, "Який поверх?");
    await newDraft(chat, ["Категорія roads.pothole"]);
    await say(chat, "Яма біля під'їзду");
    expect((await stateOf(chat))?.draft?.description).toBe("Яма біля під'їзду");
    expect((await db().request.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("WAITING_CITIZEN");
  });

  test("an answer of several photos (an album) goes to the request as a whole, not the rest into a new draft", async () => {
    const chat = 555_100_305;
    const r = await waitingRequest(chat, "Надішліть фото з кількох боків");
    for (const [i, id] of ["alb-1", "alb-2", "alb-3"].entries()) {
      const u = msg(updates.photo(chat), { fileId: id, caption: i === 0 ? "Ось з трьох боків" : undefined });
      (u as Json).message.media_group_id = "13700000000001";
      await bot.handleUpdate(u);
    }
    const after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { attachments: true } });
    expect(after.attachments.map((a) => a.storageKey).sort()).toEqual(["telegram:alb-1-2", "telegram:alb-2-2", "telegram:alb-3-2"]);
    expect((await stateOf(chat))?.draft).toBeUndefined();
    expect(await db().request.count({ where: { citizen: { identities: { some: { externalId: String(chat) } } } } })).toBe(1);
  });

  test("«Answer» pressed in the middle of a draft: the answer goes to the request and the draft continues", async () => {
    const chat = 555_100_306;
    const r = await waitingRequest(chat, "Який номер під'їзду?");
    await newDraft(chat, ["Категорія roads.pothole"]);
    await say(chat, "Яма біля під'їзду");
    await bot.handleUpdate(updates.callback(chat, `i:${r.id}`));
    await say(chat, "Третій під'їзд");
    expect((await db().request.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("IN_PROGRESS");
    const state = await stateOf(chat);
    expect(state?.draft?.description).toBe("Яма біля під'їзду");
    expect(state?.step).toBe("location");
    expect(String(lastSent(chat).body.text)).toContain("Де це?");
  });

  test("after «not solved» the next message goes to the reopened request, not a new draft", async () => {
    const chat = 555_100_304;
    const r = await waitingRequest(chat, "Уточніть адресу");
    await transitionRequest({ requestId: r.id, to: "IN_PROGRESS", actor: { type: "STAFF", id: officer.id } });
    await transitionRequest({ requestId: r.id, to: "RESOLVED", actor: { type: "SYSTEM" }, resultCode: "RESOLVED_POSITIVELY", publicAnswer: "Воду дали" });
    await bot.handleUpdate(updates.callback(chat, `n:${r.id}`));
    await say(chat, "Води досі немає на п'ятому поверсі");
    const after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { attachments: true, messages: true } });
    expect(after.messages.some((m) => m.body === "Води досі немає на п'ятому поверсі")).toBe(true);
    expect((await stateOf(chat))?.draft).toBeUndefined();
  });
});

// --- 5. length, location button, one number, menus -------------------------------------------

describe("what the bot sends", () => {
  test("a 5,000-character description is confirmed in messages Telegram accepts", async () => {
    const chat = 555_100_401;
    await newDraft(chat, ["Категорія roads.pothole"]);
    // 5,000 characters typed as one text reach the bot as Telegram splits them: 4,096 and the rest.
    const long = "Опис проблеми. ".repeat(334).slice(0, 5000);
    await say(chat, long.slice(0, 4096), { date: 1767400000 });
    await say(chat, long.slice(4096), { date: 1767400000 });
    await say(chat, "вул. Шкільна, 5", { date: 1767400060 });
    await press(chat, "Готово");
    await press(chat, "Анонімно");
    expect((await stateOf(chat))?.draft?.description).toBe(long.trim());
    expect(said(chat).some((t) => t.includes("5000 символів"))).toBe(false);
    const texts = said(chat);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(4096);
    // The confirmation reads back all 5,000 characters, over two messages, the buttons on the last.
    const confirmation = tg.sent(String(chat)).slice(-2);
    expect(confirmation.map((c) => String(c.body.text)).join("")).toContain(long.slice(-100).trim());
    expect(inlineLabels(confirmation[1]).map((b) => b.callback_data)).toContain("f:yes");
  });

  test("a long notification is shortened to one message that keeps its end", async () => {
    const chat = 555_100_402;
    const r = await waitingRequest(chat, `${"Дуже довге питання. ".repeat(260)}Кінець.`);
    const n = await db().notification.findFirstOrThrow({ where: { requestId: r.id, template: "question" } });
    const { registerTelegramChannel } = await import("#app/channels/telegram/register-telegram-channel.server.ts");
    registerTelegramChannel({ token: TOKEN });
    await sendNotification({ notificationId: n.id });
    const sent = lastSent(chat);
    expect(String(sent.body.text).length).toBeLessThanOrEqual(4096);
    expect(String(sent.body.text)).toContain(r.number);
  });

  test("the place step offers a button that sends the location", async () => {
    const chat = 555_100_403;
    await newDraft(chat, ["Категорія roads.pothole"]);
    await say(chat, "Яма на дорозі");
    expect(replyButtons(lastSent(chat)).some((b) => b.request_location === true)).toBe(true);
  });

  test("something the bot cannot use is never answered with «use the menu» without the menu or the step's buttons", async () => {
    const chat = 555_100_404;
    const sticker = msg(updates.text(chat, "x"));
    delete (sticker as Json).message.text;
    (sticker as Json).message.sticker = { file_id: "st", file_unique_id: "stu", width: 1, height: 1, is_animated: false, type: "regular" };
    await bot.handleUpdate(sticker);
    expect(hasMenu(lastSent(chat))).toBe(true);
    await newDraft(chat, ["Категорія roads.pothole"]);
    const sticker2 = msg(updates.text(chat, "x"));
    delete (sticker2 as Json).message.text;
    (sticker2 as Json).message.sticker = { file_id: "st", file_unique_id: "stu", width: 1, height: 1, is_animated: false, type: "regular" };
    await bot.handleUpdate(sticker2);
    expect(String(lastSent(chat).body.text)).toContain("Опишіть проблему");
    expect(hasCancel(chat)).toBe(true);
  });
});

// --- 6. attachments --------------------------------------------------------------------------

describe("attachments", () => {
  test("photos and a voice note of a draft become attachments once, with their kind and type", async () => {
    const chat = 555_100_501;
    await newDraft(chat, ["Категорія roads.pothole"]);
    await voice(chat, { fileId: "att-voice" });
    await say(chat, "вул. Шкільна, 5");
    await photo(chat, { fileId: "att-p1" });
    await photo(chat, { fileId: "att-p1" }); // the same photo again
    await photo(chat, { fileId: "att-p2" });
    // Words after a voice note replace its placeholder (speech to text puts the note's own words on the timeline).
    await say(chat, "Яма глибока, на всю смугу");
    await press(chat, "Готово");
    await press(chat, "Анонімно");
    await press(chat, "Надіслати");
    const r = await db().request.findFirstOrThrow({
      where: { citizen: { identities: { some: { externalId: String(chat) } } } },
      include: { attachments: { orderBy: { storageKey: "asc" } } },
    });
    expect(r.description).toBe("Яма глибока, на всю смугу");
    expect(r.attachments.map((a) => [a.kind, a.mimeType, a.storageKey])).toEqual([
      ["photo", "image/jpeg", "telegram:att-p1-2"],
      ["photo", "image/jpeg", "telegram:att-p2-2"],
      ["voice", "audio/ogg", "telegram:att-voice"],
    ]);
  });

  test("«Add information» keeps a voice note as an attachment", async () => {
    const chat = 555_100_502;
    const r = await waitingRequest(chat, "Питання");
    await transitionRequest({ requestId: r.id, to: "IN_PROGRESS", actor: { type: "STAFF", id: officer.id } });
    await bot.handleUpdate(updates.callback(chat, `i:${r.id}`));
    expect(hasCancel(chat)).toBe(true);
    await voice(chat, { fileId: "info-voice" });
    const after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { attachments: true, messages: true } });
    expect(after.attachments.map((a) => [a.kind, a.storageKey])).toEqual([["voice", "telegram:info-voice"]]);
  });
});

// --- 7. suggestion ---------------------------------------------------------------------------

describe("category suggestion", () => {
  test("free text gets the guessed category to confirm, next to the usual tree", async () => {
    const chat = 555_100_601;
    await say(chat, "Нема води в квартирі з самого ранку");
    const labels = inlineLabels(lastSent(chat)).map((b) => b.text);
    expect(labels).toContain("Так, це «Немає води»");
    expect(labels).toContain("Категорія water ›");
    await press(chat, "Так, це «Немає води»");
    const state = await stateOf(chat);
    expect(state?.draft?.categoryCode).toBe("water.no-water");
    expect(state?.step).toBe("location");
  });
});
