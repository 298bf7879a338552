// What a citizen types into the category search (Telegram, the same search SMS and voice
// transcripts go through as a suggestion) over the city's seeded category tree: colloquial
// phrasing, word forms and typos find the right category first; words that say nothing
// about a problem find nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { searchCategories } from "#app/domain/categories/browse-categories.server.ts";
import { suggestCategory } from "#app/domain/categories/suggest-category.server.ts";
import { createTelegramBot } from "#bots/telegram/create-bot.ts";
import { seedDatabase } from "#prisma/seed/seed-database.server.ts";
import { server } from "#tests/mocks/server.ts";
import { BOT_INFO, createTelegramApi } from "#tests/mocks/telegram.ts";
import { lastText, updates } from "#tests/fixtures/telegram/updates.ts";

const PHRASES: [query: string, code: string][] = [
  ["нема води", "water.no-water"],
  ["не горить ліхтар", "lighting.street"],
  ["не горять ліхтарі", "lighting.street"],
  ["освітленя", "lighting.street"],
  ["смітник", "waste.missed-collection"],
  ["переповнений смітник", "waste.missed-collection"],
  ["прорвало трубу", "water.burst-main"],
  ["труби прорвало", "water.burst-main"],
  ["запах газу", "emergency.gas-smell"],
  ["газом пахне", "emergency.gas-smell"],
  ["яма на дорозі", "roads.pothole"],
  ["ями на дорогах", "roads.pothole"],
];

beforeAll(async () => {
  await seedDatabase({ now: new Date("2026-11-26T09:00:00Z") });
});
afterAll(async () => {
  await closeTelegramRedis();
});

describe("category search over the seeded tree", () => {
  test.each(PHRASES)("«%s» finds %s first", async (query, code) => {
    const found = await searchCategories({ query, lang: "uk" });
    expect(found[0]?.code, found.map((c) => c.code).join(", ")).toBe(code);
  });

  test.each(PHRASES)("«%s» is suggested as %s", async (text, code) => {
    const guess = await suggestCategory({ text, fresh: true });
    expect(guess?.categoryCode).toBe(code);
  });

  test.each(["ааааа", "привіт", "ок", "!!!", "12345"])("«%s» finds nothing and suggests nothing", async (query) => {
    expect(await searchCategories({ query, lang: "uk" })).toEqual([]);
    expect(await suggestCategory({ text: query, fresh: true })).toBeNull();
  });

  test("the lighting of a fire is not a street light: «не горить ліхтар» does not offer the fire emergency", async () => {
    const found = await searchCategories({ query: "не горить ліхтар", lang: "uk" });
    expect(found.map((c) => c.code)).not.toContain("emergency.fire-or-danger");
    expect((await searchCategories({ query: "горить будинок", lang: "uk" }))[0]?.code).toBe("emergency.fire-or-danger");
  });

  test("a group's name finds its categories; a leaf name typed exactly still comes first", async () => {
    const lighting = await searchCategories({ query: "освітлення", lang: "uk" });
    expect(
      lighting
        .filter((c) => c.isLeaf)
        .map((c) => c.code)
        .sort(),
    ).toEqual(["lighting.damaged-pole", "lighting.entrance", "lighting.street", "lighting.yard"]);
    expect((await searchCategories({ query: "Не працює ліфт", lang: "uk" }))[0]?.code).toBe("housing.lift-broken");
  });

  test("English names in English; Russian spellings", async () => {
    expect((await searchCategories({ query: "pothole", lang: "en" }))[0]).toMatchObject({ code: "roads.pothole", name: "Pothole" });
    expect((await searchCategories({ query: "street lights", lang: "en" }))[0]?.code).toBe("lighting.street");
    expect((await searchCategories({ query: "нет воды", lang: "uk" }))[0]?.code).toBe("water.no-water");
  });
});

describe("in the Telegram chat", () => {
  const tg = createTelegramApi();
  const bot = createTelegramBot({ token: "123456:TEST-TOKEN", botInfo: BOT_INFO, rethrow: true });
  let chat = 555_400_000;
  /** What the bot answers to words typed at the category step: its text and the button labels. */
  async function typeAtCategoryStep(query: string) {
    server.use(...tg.handlers);
    chat += 1;
    await bot.handleUpdate(updates.callback(chat, "m:new"));
    await bot.handleUpdate(updates.text(chat, query));
    const last = [...tg.calls].reverse().find((c) => c.method === "sendMessage")!;
    const markup = last.body.reply_markup as { inline_keyboard: { text: string }[][] };
    return { text: lastText(tg.calls), buttons: markup.inline_keyboard.flat().map((b) => b.text) };
  }

  test("a typo, a colloquial phrase and a bin find the right category as the first button", async () => {
    for (const [query, name] of [
      ["освітленя", "Не працює вуличне освітлення"],
      ["не горить ліхтар", "Не працює вуличне освітлення"],
      ["смітник", "Не вивезено сміття"],
      ["прорвало трубу", "Порив водогону"],
    ]) {
      const answer = await typeAtCategoryStep(query!);
      expect(answer.text, query).toContain("Знайдено");
      expect(answer.buttons[0], query).toBe(name);
    }
  });

  test("a greeting finds nothing and the tree is offered", async () => {
    const answer = await typeAtCategoryStep("привіт");
    expect(answer.text).toContain("Нічого не знайдено");
    expect(answer.buttons.some((b) => b.startsWith("Освітлення"))).toBe(true);
  });
});
