// Telegram bot flows the main bot test leaves out: a known outage told at once and linked,
// and the bot's language (language_code, the language button, kept across a restart).
// Real update JSON through bot.handleUpdate, msw as the Bot API, real Postgres and Redis.
// (Free text outside a flow — the answer to a WAITING_CITIZEN request and a new draft —
// is covered in telegram-bot.test.ts.)
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { formatKyivMoment } from "#app/domain/calendar/kyiv-time.ts";
import { recordOutage } from "#app/domain/outages/record-outage.server.ts";
import { getChatState } from "#app/channels/telegram/conversation-state.server.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createTelegramBot } from "#bots/telegram/create-bot.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { server } from "#tests/mocks/server.ts";
import { BOT_INFO, createTelegramApi, type TelegramCall } from "#tests/mocks/telegram.ts";
import { buttonData, updates } from "#tests/fixtures/telegram/updates.ts";

const TOKEN = "123456:TEST-TOKEN";
const tg = createTelegramApi();
let city: Awaited<ReturnType<typeof createSmallCity>>;
const newBot = () => createTelegramBot({ token: TOKEN, botInfo: BOT_INFO, rethrow: true });
let bot = newBot();
const db = () => getDb();

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

const texts = (chatId: number) => tg.sent(String(chatId)).map((c) => String(c.body.text));
const buttonLabels = (call: TelegramCall | undefined) =>
  ((call?.body.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.text);
const requestOf = (chatId: number) =>
  db().request.findFirstOrThrow({
    where: { channel: "TELEGRAM", citizen: { identities: { some: { externalId: String(chatId) } } } },
    include: { events: true },
  });

describe("known outages in the bot", () => {
  const cause = "Пошкодження магістрального водогону на вул. Центральній";
  const plannedEndAt = new Date(Date.now() + 26 * 3600_000);
  let outageId: string;

  beforeAll(async () => {
    const outage = await recordOutage({
      kind: "OUTAGE",
      titleUk: "Відключення водопостачання в центрі",
      titleEn: "Water cut in the centre",
      causeUk: cause,
      causeEn: "Damaged water main on Tsentralna St",
      districtCode: "centre",
      // The parent category: the outage covers every water problem below it.
      categoryCodes: ["water"],
      startsAt: new Date(Date.now() - 3600_000),
      plannedEndAt,
    });
    outageId = outage.id;
  });

  async function walkToLocation(chatId: number, point: { lat: number; lon: number }, languageCode?: string) {
    const o = { languageCode };
    await bot.handleUpdate(updates.text(chatId, "/start", o));
    await bot.handleUpdate(updates.callback(chatId, "m:new", o));
    await bot.handleUpdate(updates.callback(chatId, `c:${city.waterRoot.id}`, o));
    await bot.handleUpdate(updates.callback(chatId, `c:${city.noWater.id}`, o));
    await bot.handleUpdate(updates.text(chatId, "Немає води у під'їзді з ранку", o));
    await bot.handleUpdate(updates.location(chatId, point.lat, point.lon));
  }

  test("a location inside the outage's district: told at once (cause, planned end), and the request is linked", async () => {
    const chat = 555_000_301;
    await walkToLocation(chat, POINTS.centre);
    // Told right after the place, before photos and contact.
    const sent = texts(chat);
    const saved = sent.findIndex((t) => t.includes("Місце збережено"));
    expect(saved).toBeGreaterThanOrEqual(0);
    const told = sent[saved + 1]!;
    expect(told).toContain("Про цю проблему вже відомо");
    expect(told).toContain("Відключення водопостачання в центрі");
    expect(told).toContain(cause);
    expect(told).toContain(`Планове завершення: ${formatKyivMoment(plannedEndAt, "uk")}`);
    expect(sent.at(-1)).toContain("Додайте до 5 фото");

    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Готово")));
    await bot.handleUpdate(updates.contact(chat, "380501112200"));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Надіслати")));

    const r = await requestOf(chat);
    expect(r.outageId).toBe(outageId);
    expect(r.districtId).toBe(city.centre.id);
    expect(r.events.some((e) => e.type === "outage-linked" && e.isPublic)).toBe(true);
    // The confirmation says it is linked, with the cause again.
    const confirmed = String(tg.calls.filter((c) => c.method === "editMessageText").at(-1)!.body.text);
    expect(confirmed).toContain(r.number);
    expect(confirmed).toContain(cause);
    expect(confirmed).toContain("Ваше звернення пов'язано з цим відключенням");
  });

  test("an English-speaking citizen is told in English", async () => {
    const chat = 555_000_302;
    await walkToLocation(chat, POINTS.centre, "en");
    const told = texts(chat).find((t) => t.includes("This problem is already known"));
    expect(told).toContain("Damaged water main on Tsentralna St");
    expect(told).toContain(`Planned end: ${formatKyivMoment(plannedEndAt, "en")}`);
  });

  test("a location in another district: nothing is said and nothing is linked", async () => {
    const chat = 555_000_303;
    await walkToLocation(chat, POINTS.north);
    expect(texts(chat).some((t) => t.includes(cause) || t.includes("вже відомо"))).toBe(false);
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Готово")));
    await bot.handleUpdate(updates.contact(chat, "380501112201"));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Надіслати")));
    const r = await requestOf(chat);
    expect(r.districtId).toBe(city.north.id);
    expect(r.outageId).toBeNull();
  });
});

describe("language", () => {
  test('language_code "en": greeting, menu and categories in English', async () => {
    const chat = 555_000_311;
    await bot.handleUpdate(updates.text(chat, "/start", { languageCode: "en" }));
    const [greeting, menu] = tg.sent(String(chat));
    expect(String(greeting!.body.text)).toContain("Welcome!");
    expect(String(menu!.body.text)).toBe("Choose an action:");
    expect(buttonLabels(menu)).toEqual(["📝 New request", "📋 My requests", "🌐 Українська"]);

    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "New request"), { languageCode: "en" }));
    const categories = tg.sent(String(chat)).at(-1);
    expect(String(categories!.body.text)).toContain("Choose the kind of problem");
    expect(buttonLabels(categories)).toEqual(expect.arrayContaining(["Category water ›", "Category roads.pothole"]));
  });

  test('language_code "uk" (and anything else) gets Ukrainian', async () => {
    for (const [chat, code] of [
      [555_000_312, "uk"],
      [555_000_313, "de"],
    ] as const) {
      await bot.handleUpdate(updates.text(chat, "/start", { languageCode: code }));
      const [greeting, menu] = tg.sent(String(chat));
      expect(String(greeting!.body.text)).toContain("Вітаємо!");
      expect(String(menu!.body.text)).toBe("Оберіть дію:");
      expect(buttonLabels(menu)).toEqual(["📝 Нове звернення", "📋 Мої звернення", "🌐 English"]);
    }
  });

  test("the language button switches, and the choice survives a new bot instance (state in Redis)", async () => {
    const chat = 555_000_314;
    await bot.handleUpdate(updates.text(chat, "/start", { languageCode: "uk" }));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "🌐 English")));
    const [changed, menu] = tg.sent(String(chat)).slice(-2);
    expect(String(changed!.body.text)).toBe("Language changed to English.");
    expect(buttonLabels(menu)).toEqual(["📝 New request", "📋 My requests", "🌐 Українська"]);
    expect((await getChatState({ chatId: String(chat) }))?.lang).toBe("en");

    // The process restarts; Telegram still says "uk", the chosen language wins.
    await closeTelegramRedis();
    bot = newBot();
    tg.clear();
    await bot.handleUpdate(updates.text(chat, "/start", { languageCode: "uk" }));
    const [greeting, menuAfter] = tg.sent(String(chat));
    expect(String(greeting!.body.text)).toContain("Welcome!");
    expect(buttonLabels(menuAfter)).toEqual(["📝 New request", "📋 My requests", "🌐 Українська"]);

    // And back.
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "🌐 Українська")));
    expect(String(tg.sent(String(chat)).at(-2)!.body.text)).toBe("Мову змінено на українську.");
    expect((await getChatState({ chatId: String(chat) }))?.lang).toBe("uk");
  });

  test("a citizen who switched language gets the submitted request in that language", async () => {
    const chat = 555_000_315;
    await bot.handleUpdate(updates.text(chat, "/start", { languageCode: "uk" }));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "🌐 English")));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "New request")));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Category roads.pothole")));
    await bot.handleUpdate(updates.text(chat, "A deep pothole by school No. 5"));
    await bot.handleUpdate(updates.location(chat, POINTS.centre.lat, POINTS.centre.lon));
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Done")));
    await bot.handleUpdate(updates.contact(chat, "380501112202"));
    expect(String(tg.sent(String(chat)).at(-1)!.body.text)).toContain("Category: Category roads.pothole");
    await bot.handleUpdate(updates.callback(chat, buttonData(tg.calls, "Send")));
    const r = await db().request.findFirstOrThrow({
      where: { channel: "TELEGRAM", citizen: { identities: { some: { externalId: String(chat) } } } },
      include: { citizen: true },
    });
    expect(r.citizen?.language).toBe("en");
    const submitted = String(tg.calls.filter((c) => c.method === "editMessageText").at(-1)!.body.text);
    expect(submitted).toContain(r.number);
    // The first answer carries the short tracking link, so the request can be followed from anywhere.
    expect(submitted).toMatch(/Follow your request: http\S+\/t\/\d{4}-\d+-[A-Za-z0-9_-]{10}/);
  });
});
