// A citizen's Telegram conversation as it reaches the running system in webhook mode: each
// update is POSTed to /webhooks/telegram/<path> with the secret header, recorded, and acted
// on by the intake worker's step (in the order the worker happens to take the jobs); photos
// and voice notes are fetched by the maintenance worker (getFile, the download) and voice
// notes go to speech-to-text (the sandbox provider). The Bot API is faked with msw; the
// category tree is the city's seeded one.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Job } from "bullmq";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getChatState } from "#app/channels/telegram/conversation-state.server.ts";
import { registerTelegramChannel } from "#app/channels/telegram/register-telegram-channel.server.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { loader as staffAttachment } from "#app/routes/staff+/attachments.$id.ts";
import { action } from "#app/routes/webhooks+/telegram.$secret.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { SANDBOX_MARKER } from "#integrations/speech/index.ts";
import type { TelegramUpdate } from "#integrations/telegram/schemas.ts";
import { seedDatabase } from "#prisma/seed/seed-database.server.ts";
import { processIntakeJob } from "#workers/process-intake.ts";
import { processMaintenanceJob } from "#workers/process-maintenance.ts";
import { createStaff, POINTS } from "#tests/factories/org.ts";
import { signInAs } from "#tests/factories/staff-session.ts";
import { server } from "#tests/mocks/server.ts";
import { createTelegramApi, type TelegramCall } from "#tests/mocks/telegram.ts";
import { buttonData, updates } from "#tests/fixtures/telegram/updates.ts";

const TOKEN = "7000000001:AAF-citizen-loop-token_0123456789ab";
const SECRET = "loop-secret-0123456789abcdef";
const PATH = "loop-path-9f8e7d6c5b4a3210";
const uploadDir = mkdtempSync(path.join(tmpdir(), "slv-tg-loop-"));
const tg = createTelegramApi();
const db = () => getDb();
let officer: { id: string };

beforeAll(async () => {
  Object.assign(process.env, {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_MODE: "webhook",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_WEBHOOK_PATH: PATH,
    UPLOAD_DIR: uploadDir,
    SPEECH_PROVIDER: "sandbox",
  });
  resetEnvForTests();
  registerTelegramChannel({ token: TOKEN });
  await seedDatabase({ now: new Date("2026-11-26T09:00:00Z") });
  const department = await db().department.findFirstOrThrow({ orderBy: { code: "asc" } });
  officer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: department.id });
});
beforeEach(() => {
  server.use(...tg.handlers);
  tg.clear();
});
afterEach(() => {
  // Telegram refuses a text over 4,096 characters: nothing the bot sent or edited was longer.
  for (const c of tg.calls.filter((x) => ["sendMessage", "editMessageText"].includes(x.method))) expect(String(c.body.text).length).toBeLessThanOrEqual(4096);
});
afterAll(async () => {
  for (const k of ["TELEGRAM_BOT_TOKEN", "TELEGRAM_MODE", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_PATH", "UPLOAD_DIR", "SPEECH_PROVIDER"])
    delete process.env[k];
  resetEnvForTests();
  await closeTelegramRedis();
});

// --- the webhook and the workers ---------------------------------------------------------------

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let nextMessageId = 70_000;

/** Telegram's delivery: POST with the secret header; the route records the update and answers 200 at once. */
async function post(update: TelegramUpdate) {
  const request = new Request(`http://127.0.0.1/webhooks/telegram/${PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify(update),
  });
  const res = await action({ request, params: { secret: PATH }, context: {} });
  expect(res.status).toBe(200);
  return update;
}

/** The intake worker's job for a recorded update. */
async function work(update: TelegramUpdate) {
  const event = await db().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "TELEGRAM", externalId: String(update.update_id) } } });
  await processIntakeJob({ data: { inboundEventId: event.id } } as Job);
}

/** One update delivered and acted on, as the running system does it. */
async function deliver(update: TelegramUpdate) {
  await work(await post(update));
}

/** The maintenance worker's media step: Telegram files fetched (getFile, download), then speech to text. */
const fetchMedia = () => processMaintenanceJob({ data: { task: "fetch-media" } } as Job);

function withMessage(u: TelegramUpdate, o: { date?: number; caption?: string; fileId?: string } = {}) {
  const m = (u as Json).message as Json;
  m.message_id = ++nextMessageId;
  if (o.date !== undefined) m.date = o.date;
  if (o.caption !== undefined) m.caption = o.caption;
  if (o.fileId && m.photo) m.photo = m.photo.map((p: Json, i: number) => ({ ...p, file_id: `${o.fileId}-${i}`, file_unique_id: `${o.fileId}-u${i}` }));
  if (o.fileId && m.voice) m.voice = { ...m.voice, file_id: o.fileId, file_unique_id: `${o.fileId}-u` };
  return u;
}
const textUpdate = (chat: number, text: string, o: { date?: number } = {}) => withMessage(updates.text(chat, text), o);
const say = (chat: number, text: string, o: { date?: number } = {}) => deliver(textUpdate(chat, text, o));
const press = (chat: number, label: string) => deliver(updates.callback(chat, buttonData(tg.calls, label)));
const photo = (chat: number, o: { caption?: string; fileId?: string } = {}) => deliver(withMessage(updates.photo(chat), o));
const voice = (chat: number, o: { caption?: string; fileId?: string } = {}) => deliver(withMessage(updates.voice(chat), o));
const locate = (chat: number, p = POINTS.centre) => deliver(withMessage(updates.location(chat, p.lat, p.lon)));

/** Everything the bot said to the chat (sent or edited), in order. */
const said = (chat: number) =>
  tg.calls.filter((c) => ["sendMessage", "editMessageText"].includes(c.method) && String(c.body.chat_id) === String(chat)).map((c) => String(c.body.text));
const lastSent = (chat: number) => tg.sent(String(chat)).at(-1)!;
const inline = (call: TelegramCall | undefined) =>
  ((call?.body.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat();
const replyButtons = (call: TelegramCall | undefined) =>
  ((call?.body.reply_markup as { keyboard?: { text: string; request_location?: boolean }[][] } | undefined)?.keyboard ?? []).flat();
/** A Cancel on what the bot last said: the inline button, or the reply keyboard's. */
const offersCancel = (chat: number) =>
  inline(lastSent(chat)).some((b) => b.callback_data === "f:no") || replyButtons(lastSent(chat)).some((b) => b.text.includes("Скасувати"));
const stateOf = (chat: number) => getChatState({ chatId: String(chat) });
const requestsOf = (chat: number) =>
  db().request.findMany({
    where: { citizen: { identities: { some: { channel: "TELEGRAM", externalId: String(chat) } } } },
    include: { attachments: true, messages: true, category: true },
    orderBy: { createdAt: "asc" },
  });

/** A request of this chat (made through the core, as any door would) on which staff ask the citizen a question. */
async function waitingRequest(chat: number, question: string) {
  const { request } = await submitRequest({
    channel: "TELEGRAM",
    externalId: `loop-${chat}-${Math.random()}`,
    description: "Немає води у під'їзді",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { identity: { channel: "TELEGRAM", externalId: String(chat) } },
  });
  await transitionRequest({ requestId: request.id, to: "IN_PROGRESS", actor: { type: "STAFF", id: officer.id } });
  await transitionRequest({ requestId: request.id, to: "WAITING_CITIZEN", actor: { type: "STAFF", id: officer.id }, question });
  return request;
}

// --- life safety --------------------------------------------------------------------------------

describe("a gas smell", () => {
  test("«Пахне газом у під'їзді»: the first answer is the emergency notice, the emergency entry comes first, no description is asked and no date is promised", async () => {
    const chat = 556_200_001;
    await say(chat, "Пахне газом у під'їзді");
    const first = said(chat);
    expect(first[0]).toContain("104");
    expect(first[0]).toContain("101");
    expect(first.join("\n")).not.toContain("Опишіть проблему");
    const offer = inline(lastSent(chat)).map((b) => b.text);
    expect(offer[0]).toBe("Так, це «Запах газу»");
    expect(offer[1]).toBe("⚠️ Аварія, загроза життю");

    await press(chat, "Так, це «Запах газу»");
    expect(said(chat).join("\n")).not.toContain("Опишіть проблему");
    expect(replyButtons(lastSent(chat)).some((b) => b.request_location === true)).toBe(true);
    await locate(chat);
    await press(chat, "Готово");
    if (inline(lastSent(chat)).some((b) => b.text.includes("Анонімно"))) await press(chat, "Анонімно");
    else await deliver(withMessage(updates.contact(chat, "380501112233")));
    await press(chat, "Надіслати");

    const [r] = await requestsOf(chat);
    expect(r!.category?.code).toBe("emergency.gas-smell");
    const all = said(chat);
    const submitted = all.filter((t) => t.includes(r!.number));
    // The number is said once, with the numbers to call again and no date.
    expect(submitted).toHaveLength(1);
    expect(submitted[0]).toContain("104");
    expect(all.join("\n")).not.toMatch(/Очікуваний термін|Орієнтовний термін|до \d{2}\.\d{2}\.\d{4}/);
  });

  test.each([
    ["Сильно смердить газом на сходах третього поверху", "Запах газу"],
    ["Відкритий люк посеред тротуару біля школи", "Відкритий або пошкоджений люк"],
    ["Обірваний дріт висить над дорогою, іскрить", "Пошкоджена опора або обірваний дріт"],
    ["Застрягли в ліфті з дитиною між поверхами", "Люди застрягли в ліфті"],
  ])("«%s»: the emergency notice first, then «%s» offered to confirm", async (words, name) => {
    const chat = 556_200_010 + Math.floor(Math.random() * 900);
    await say(chat, words);
    const [first] = said(chat);
    expect(first).toContain("104");
    expect(first).toContain("112");
    expect(inline(lastSent(chat))[0]!.text).toContain(name);
  });

  test("the category choice opens with the emergency entry, which lists the emergency categories under the numbers", async () => {
    const chat = 556_200_002;
    await deliver(updates.callback(chat, "m:new"));
    expect(inline(lastSent(chat))[0]!.text).toBe("⚠️ Аварія, загроза життю");
    await press(chat, "Аварія, загроза життю");
    expect(String(lastSent(chat).body.text)).toContain("104");
    expect(inline(lastSent(chat)).map((b) => b.text)).toContain("Запах газу");
    const gas = updates.callback(chat, buttonData(tg.calls, "Запах газу"));
    tg.clear();
    await deliver(gas);
    // The notice (numbers and what to do now) at once, before anything is asked.
    const [notice, ...rest] = tg.sent(String(chat)).map((c) => String(c.body.text));
    expect(notice).toContain("104");
    expect(notice).toMatch(/газ/i);
    expect(rest.join("\n")).not.toContain("104");
  });
});

// --- cancel and commands ------------------------------------------------------------------------

describe("cancel and commands", () => {
  test("/cancel in the middle drops the draft and shows the menu; every step offered Cancel; a command is never the description or the address", async () => {
    const chat = 556_200_101;
    await deliver(updates.callback(chat, "m:new"));
    expect(offersCancel(chat)).toBe(true);
    await say(chat, "яма на дорозі");
    await press(chat, "Яма на дорозі");
    expect(offersCancel(chat)).toBe(true);
    await say(chat, "/status");
    expect((await stateOf(chat))?.draft?.description).toBeUndefined();
    await say(chat, "Глибока яма біля школи №5");
    expect(offersCancel(chat)).toBe(true);
    await say(chat, "/help");
    expect((await stateOf(chat))?.draft?.address).toBeUndefined();
    expect((await stateOf(chat))?.step).toBe("location");
    await say(chat, "/cancel");
    expect(said(chat).at(-2)).toContain("скасовано");
    expect(inline(lastSent(chat)).map((b) => b.text)).toContain("📝 Нове звернення");
    expect((await stateOf(chat))?.draft).toBeUndefined();
    expect(await requestsOf(chat)).toHaveLength(0);
  });

  test("the Cancel button (inline at the photos step, on the reply keyboard at the contact step) cancels too", async () => {
    for (const [chat, atContact] of [
      [556_200_102, false],
      [556_200_103, true],
    ] as const) {
      await deliver(updates.callback(chat, "m:new"));
      await say(chat, "яма на дорозі");
      await press(chat, "Яма на дорозі");
      await say(chat, "Глибока яма біля школи №5");
      await say(chat, "вул. Шкільна, 5");
      if (atContact) {
        await press(chat, "Готово");
        const label = tg
          .sent(String(chat))
          .flatMap((c) => replyButtons(c))
          .find((b) => b.text.includes("Скасувати"))!.text;
        await say(chat, label);
      } else await press(chat, "Скасувати");
      expect(said(chat).at(-2)).toBe("Звернення скасовано.");
      expect(inline(lastSent(chat)).map((b) => b.text)).toContain("📝 Нове звернення");
      expect((await stateOf(chat))?.draft).toBeUndefined();
      expect(await requestsOf(chat)).toHaveLength(0);
    }
  });
});

// --- nothing the citizen says is lost -----------------------------------------------------------

describe("words and media wherever they come", () => {
  async function toConfirmation(chat: number) {
    await deliver(updates.callback(chat, "m:new"));
    await say(chat, "яма на дорозі");
    await press(chat, "Яма на дорозі");
    await say(chat, "Глибока яма біля школи №5");
    await say(chat, "вул. Шкільна, 5");
    await press(chat, "Готово");
    if (inline(lastSent(chat)).some((b) => b.text.includes("Анонімно"))) await press(chat, "Анонімно");
    else await deliver(withMessage(updates.contact(chat, "380501112244")));
    expect(String(lastSent(chat).body.text)).toContain("Перевірте звернення");
  }

  test("text typed at the confirmation joins the description of the same draft, which is read back with Send", async () => {
    const chat = 556_200_201;
    await toConfirmation(chat);
    await say(chat, "Там уже двоє впали з велосипеда");
    expect(String(lastSent(chat).body.text)).toContain("Глибока яма біля школи №5");
    expect(String(lastSent(chat).body.text)).toContain("Там уже двоє впали з велосипеда");
    await press(chat, "Надіслати");
    const rs = await requestsOf(chat);
    expect(rs).toHaveLength(1);
    expect(rs[0]!.description).toBe("Глибока яма біля школи №5\n\nТам уже двоє впали з велосипеда");
  });

  test("a photo with a caption at the description step is kept, its caption is the description, and the next question follows; text at the photo step is added", async () => {
    const chat = 556_200_202;
    await deliver(updates.callback(chat, "m:new"));
    await say(chat, "смітник");
    await press(chat, "Не вивезено сміття");
    await photo(chat, { caption: "Контейнери переповнені третій день", fileId: "loop-cap" });
    expect(String(lastSent(chat).body.text)).toContain("Де це?");
    await locate(chat);
    await say(chat, "Біля під'їзду 2");
    await press(chat, "Готово");
    if (inline(lastSent(chat)).some((b) => b.text.includes("Анонімно"))) await press(chat, "Анонімно");
    else await deliver(withMessage(updates.contact(chat, "380501112255")));
    await press(chat, "Надіслати");
    const [r] = await requestsOf(chat);
    expect(r!.description).toBe("Контейнери переповнені третій день\n\nБіля під'їзду 2");
    expect(r!.attachments.map((a) => [a.kind, a.storageKey])).toEqual([["photo", "telegram:loop-cap-2"]]);
  });

  test.each([
    ["in the order Telegram sent them", false],
    ["when the worker takes the second part first", true],
  ])("a long text Telegram split in two (4,096 characters, then the rest, the same second) is one description, %s", async (_, reversed) => {
    const chat = reversed ? 556_200_204 : 556_200_203;
    await deliver(updates.callback(chat, "m:new"));
    await say(chat, "яма на дорозі");
    await press(chat, "Яма на дорозі");
    const long = Array.from({ length: 400 }, (_, i) => `Речення ${i + 1} про яму.`).join(" ");
    const cut = long.lastIndexOf(" ", 4096) + 1;
    const part1 = long.slice(0, 4096);
    const part2 = long.slice(4096);
    expect(part1).toHaveLength(4096);
    expect(cut).toBeGreaterThan(0);
    const date = Math.floor(Date.now() / 1000);
    const first = await post(textUpdate(chat, part1, { date }));
    const second = await post(textUpdate(chat, part2, { date: date + 1 }));
    // Two intake jobs for the same chat: the worker may take them in either order.
    if (reversed) await Promise.all([work(second), new Promise((r) => setTimeout(r, 20)).then(() => work(first))]);
    else await Promise.all([work(first), new Promise((r) => setTimeout(r, 20)).then(() => work(second))]);
    const state = await stateOf(chat);
    expect(state?.draft?.address).toBeUndefined();
    expect(state?.draft?.description).toBe(long.slice(0, 5000));
    expect(state?.step).toBe("location");
  });
});

// --- answers to staff ---------------------------------------------------------------------------

describe("answers to staff without a button", () => {
  test("text, a photo, a voice note and a place sent while a request waits for the citizen go to that request", async () => {
    const chat = 556_200_301;
    const r = await waitingRequest(chat, "Надішліть фото лічильника, будь ласка");
    await say(chat, "Лічильник у підвалі");
    let after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { messages: true, attachments: true } });
    expect(after.status).toBe("IN_PROGRESS");
    expect(after.messages.some((m) => m.direction === "IN" && m.body === "Лічильник у підвалі")).toBe(true);
    expect(said(chat).at(-1)).toContain(r.number);

    await transitionRequest({ requestId: r.id, to: "WAITING_CITIZEN", actor: { type: "STAFF", id: officer.id }, question: "А фото?" });
    await photo(chat, { fileId: "loop-answer-photo" });
    await transitionRequest({ requestId: r.id, to: "WAITING_CITIZEN", actor: { type: "STAFF", id: officer.id }, question: "Розкажіть голосом" });
    await voice(chat, { fileId: "loop-answer-voice" });
    await transitionRequest({ requestId: r.id, to: "WAITING_CITIZEN", actor: { type: "STAFF", id: officer.id }, question: "Де саме?" });
    await locate(chat);
    after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { messages: true, attachments: true } });
    expect(after.status).toBe("IN_PROGRESS");
    expect(after.attachments.map((a) => [a.kind, a.storageKey]).sort()).toEqual([
      ["photo", "telegram:loop-answer-photo-2"],
      ["voice", "telegram:loop-answer-voice"],
    ]);
    expect(after.messages.some((m) => m.direction === "IN" && m.body.includes(String(POINTS.centre.lat)))).toBe(true);
    expect(await requestsOf(chat)).toHaveLength(1);
    expect((await stateOf(chat))?.draft).toBeUndefined();
  });

  test("an answer in several messages (the words, then the photo asked for) goes to the request as a whole, not the photo into a new report", async () => {
    const chat = 556_200_304;
    const r = await waitingRequest(chat, "Надішліть, будь ласка, фото лічильника");
    await say(chat, "Лічильник у підвалі, ось фото");
    await photo(chat, { fileId: "loop-follow-photo" });
    expect(said(chat).at(-1)).toContain(r.number);
    expect(said(chat).at(-1)).toContain("Нове звернення");
    expect(inline(lastSent(chat)).map((b) => b.text)).toContain("📝 Нове звернення");
    const after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { attachments: true } });
    expect(after.attachments.map((a) => a.storageKey)).toEqual(["telegram:loop-follow-photo-2"]);
    expect((await stateOf(chat))?.draft).toBeUndefined();
    expect(await requestsOf(chat)).toHaveLength(1);
    // «New request» still starts a new one.
    await press(chat, "Нове звернення");
    await say(chat, "смітник");
    expect((await stateOf(chat))?.step).toBe("category");
  });

  test("two requests wait: the bot asks which, and the answer goes to the one chosen", async () => {
    const chat = 556_200_302;
    const a = await waitingRequest(chat, "Питання А");
    const b = await waitingRequest(chat, "Питання Б");
    await say(chat, "Вода є, але слабкий тиск");
    expect(inline(lastSent(chat)).map((x) => x.text)).toEqual(expect.arrayContaining([a.number, b.number]));
    await press(chat, b.number);
    expect(
      (await db().request.findUniqueOrThrow({ where: { id: b.id }, include: { messages: true } })).messages.some((m) => m.body === "Вода є, але слабкий тиск"),
    ).toBe(true);
    expect((await db().request.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("WAITING_CITIZEN");
  });

  test("after «not resolved» the next message goes to the reopened request", async () => {
    const chat = 556_200_303;
    const r = await waitingRequest(chat, "Уточніть під'їзд");
    await transitionRequest({ requestId: r.id, to: "IN_PROGRESS", actor: { type: "STAFF", id: officer.id } });
    await transitionRequest({ requestId: r.id, to: "RESOLVED", actor: { type: "SYSTEM" }, resultCode: "RESOLVED_POSITIVELY", publicAnswer: "Воду дали" });
    await deliver(updates.callback(chat, `n:${r.id}`));
    await say(chat, "Води досі немає на п'ятому поверсі");
    const after = await db().request.findUniqueOrThrow({ where: { id: r.id }, include: { messages: true } });
    expect(after.messages.some((m) => m.body === "Води досі немає на п'ятому поверсі")).toBe(true);
    expect((await stateOf(chat))?.draft).toBeUndefined();
    expect(await requestsOf(chat)).toHaveLength(1);
  });
});

// --- Telegram's length limit --------------------------------------------------------------------

describe("what the bot sends fits Telegram", () => {
  test("a staff question longer than Telegram takes reaches the chat as one message, its beginning and the tracking link where all of it is", async () => {
    const chat = 556_200_350;
    const question = `Уточніть, будь ласка. ${"Опишіть детально стан труб у підвалі та на кожному поверсі. ".repeat(90)}Дякуємо.`;
    const r = await waitingRequest(chat, question);
    const n = await db().notification.findFirstOrThrow({ where: { requestId: r.id, template: "question" } });
    await sendNotification({ notificationId: n.id });
    const sent = String(lastSent(chat).body.text);
    expect(sent.length).toBeLessThanOrEqual(4096);
    expect(sent).toContain("Уточніть, будь ласка.");
    expect(sent.split("\n").at(-1)).toMatch(/\/t\/\d{4}-\d+-[A-Za-z0-9_-]{10}$/);
    expect(inline(lastSent(chat)).length).toBeGreaterThan(0);
  });
});

// --- what was sent is kept and heard ------------------------------------------------------------

describe("photos and voice notes are fetched and heard", () => {
  test("a voice-only report with a photo: the files are fetched with getFile and stored, the voice note's words replace «[Голосове повідомлення]», staff see and hear both", async () => {
    const chat = 556_200_401;
    const words = "Не горить ліхтар біля будинку номер сім";
    const oggWithWords = Buffer.concat([
      Buffer.from("OggS"),
      Buffer.from([0, 2]),
      Buffer.alloc(22, 0),
      Buffer.from([1, 19]),
      Buffer.from("OpusHead"),
      Buffer.alloc(64, 7),
      Buffer.from(`${SANDBOX_MARKER}${words}`, "utf8"),
      Buffer.alloc(1),
    ]);
    tg.files.set("loop-voice", { path: "voice/file_401.oga", bytes: oggWithWords });
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#336699" } })
      .jpeg()
      .toBuffer();
    tg.files.set("loop-lamp-2", { path: "photos/file_402.jpg", bytes: jpeg });
    await voice(chat, { fileId: "loop-voice" });
    // A draft from the voice note; the category is asked, the tree with the emergency entry first.
    expect(inline(lastSent(chat))[0]!.text).toBe("⚠️ Аварія, загроза життю");
    await say(chat, "не горить ліхтар");
    await press(chat, "Не працює вуличне освітлення");
    await locate(chat);
    await photo(chat, { fileId: "loop-lamp" });
    await press(chat, "Готово");
    if (inline(lastSent(chat)).some((b) => b.text.includes("Анонімно"))) await press(chat, "Анонімно");
    else await deliver(withMessage(updates.contact(chat, "380501112266")));
    await press(chat, "Надіслати");
    let [r] = await requestsOf(chat);
    expect(r!.description).toBe("[Голосове повідомлення]");

    await fetchMedia();
    expect(tg.calls.some((c) => c.method === "getFile" && c.body.file_id === "loop-voice")).toBe(true);
    [r] = await requestsOf(chat);
    const note = r!.attachments.find((a) => a.kind === "voice")!;
    expect(note.mimeType).toBe("audio/ogg");
    expect(readFileSync(path.join(uploadDir, note.storageKey)).equals(oggWithWords)).toBe(true);
    expect(note.transcript).toBe(words);
    expect(r!.description).toBe(words);

    // Staff see the photo and hear the voice note.
    const operator = await signInAs("OPERATOR");
    const picture = r!.attachments.find((a) => a.kind === "photo")!;
    for (const [a, type] of [
      [note, "audio/ogg"],
      [picture, "image/jpeg"],
    ] as const) {
      const res = (await staffAttachment({
        request: new Request(`http://localhost:3000/staff/attachments/${a.id}`, { headers: operator.headers }),
        params: { id: a.id },
        context: {},
      } as never)) as Response;
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe(type);
      expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(path.join(uploadDir, a.storageKey)))).toBe(true);
    }
  });
});

// --- category search ----------------------------------------------------------------------------

describe("category search that forgives", () => {
  test.each([
    ["нема води", "Немає холодної води"],
    ["не горить ліхтар", "Не працює вуличне освітлення"],
    ["освітленя", "Не працює вуличне освітлення"],
    ["смітник", "Не вивезено сміття"],
  ])("«%s» typed at the category step gives «%s» as the first button", async (query, name) => {
    const chat = 556_200_500 + Math.floor(Math.random() * 99);
    await deliver(updates.callback(chat, "m:new"));
    await say(chat, query);
    expect(inline(lastSent(chat))[0]!.text).toBe(name);
  });

  test("a whole story typed at the category step (here, one Telegram split in two) is kept as the description, its category offered to confirm", async () => {
    const chat = 556_200_602;
    await deliver(updates.callback(chat, "m:new"));
    const story = Array.from({ length: 150 }, (_, i) => `День ${i + 1}: у квартирі нема води з самого ранку.`).join(" ");
    const date = Math.floor(Date.now() / 1000);
    await say(chat, story.slice(0, 4096), { date });
    await say(chat, story.slice(4096, 5000), { date: date + 1 });
    expect(said(chat).some((t) => t.startsWith("Нічого не знайдено"))).toBe(false);
    expect((await stateOf(chat))?.draft?.description).toBe(story.slice(0, 5000));
    await press(chat, "Так, це «");
    expect((await stateOf(chat))?.draft?.categoryCode).toBe("water.no-water");
    // The description is there: the place is asked next, not the description again.
    expect((await stateOf(chat))?.step).toBe("location");

    // A few words are still a search.
    const other = 556_200_603;
    await deliver(updates.callback(other, "m:new"));
    await say(other, "переповнений смітник");
    expect(String(lastSent(other).body.text)).toContain("Знайдено");
    expect((await stateOf(other))?.draft?.description).toBeUndefined();
  });

  test("words typed after «New request» that describe a gas smell: the notice at once", async () => {
    const chat = 556_200_604;
    await deliver(updates.callback(chat, "m:new"));
    tg.clear();
    await say(chat, "Сильно пахне газом у під'їзді на третьому поверсі");
    expect(said(chat)[0]).toContain("104");
    expect(inline(lastSent(chat))[0]!.text).toBe("Так, це «Запах газу»");
    expect((await stateOf(chat))?.draft?.description).toBe("Сильно пахне газом у під'їзді на третьому поверсі");
  });

  test("free text suggests its category with a confirm button, next to the tree", async () => {
    const chat = 556_200_601;
    await say(chat, "Нема води в квартирі з самого ранку");
    const labels = inline(lastSent(chat)).map((b) => b.text);
    expect(labels[0]).toMatch(/^Так, це «/);
    await press(chat, "Так, це «");
    expect((await stateOf(chat))?.draft?.categoryCode).toBe("water.no-water");
    expect((await stateOf(chat))?.draft?.description).toBe("Нема води в квартирі з самого ранку");
  });
});
