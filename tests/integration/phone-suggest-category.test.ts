// Category suggestion for free text: accuracy on a held-out third of a labelled set of
// Ukrainian/Russian/surzhyk texts, the model trained on the seed tree (names + synonyms)
// plus the other two thirds as "history"; and the DB-backed suggestCategory.
import { describe, expect, test } from "vitest";
import { buildCategoryModel, categoryExamples, classifyText } from "#app/domain/categories/category-model.ts";
import { parseRequestNumber } from "#app/domain/requests/parse-request-number.ts";
import { parseSmsKeyword } from "#app/domain/intake/parse-sms-keyword.ts";
import { suggestCategory } from "#app/domain/categories/suggest-category.server.ts";
import { flattenCategories } from "#prisma/seed/sloviansk.ts";
import { countSmsSegments, fitSmsSegments } from "#integrations/twilio/segments.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createCategory } from "#tests/factories/org.ts";
import { LABELLED_TEXTS } from "#tests/fixtures/twilio/labelled-texts.ts";

const leaves = flattenCategories().filter((c) => c.children.length === 0);

describe("category suggestion", () => {
  test("labelled set: ≥150 texts, all with seed leaf codes", () => {
    const codes = new Set(leaves.map((c) => c.code));
    expect(LABELLED_TEXTS.length).toBeGreaterThanOrEqual(150);
    expect(LABELLED_TEXTS.filter(([code]) => !codes.has(code))).toEqual([]);
  });

  test("accuracy on the held-out third", () => {
    const train = LABELLED_TEXTS.filter((_, i) => i % 3 !== 0);
    const heldOut = LABELLED_TEXTS.filter((_, i) => i % 3 === 0);
    const namesOnly = buildCategoryModel({ examples: categoryExamples(leaves) });
    const withHistory = buildCategoryModel({ examples: [...categoryExamples(leaves), ...train.map(([categoryCode, text]) => ({ categoryCode, text }))] });
    const accuracy = (model: typeof namesOnly) =>
      heldOut.filter(([code, text]) => classifyText({ model, text })?.categoryCode === code).length / heldOut.length;
    const a0 = accuracy(namesOnly);
    const a1 = accuracy(withHistory);
    console.log(`category suggestion accuracy on ${heldOut.length} held-out texts: names+synonyms ${a0.toFixed(3)}, with history ${a1.toFixed(3)}`);
    expect(a0).toBeGreaterThanOrEqual(0.85);
    expect(a1).toBeGreaterThanOrEqual(0.85);
  });

  test("typos and Russian spellings; confidence and the words that drove it", () => {
    const model = buildCategoryModel({ examples: categoryExamples(leaves) });
    const guess = classifyText({ model, text: "атапления нету, батареи халодные" })!;
    expect(guess.categoryCode).toBe("heating.no-heating");
    expect(guess.confidence).toBeGreaterThan(0.3);
    expect(guess.terms.length).toBeGreaterThan(0);
    expect(classifyText({ model, text: "123 !!!" })).toBeNull();
  });

  test("suggestCategory learns from requests staff categorised", async () => {
    const c = await createCategory({ code: "custom.bench", nameUk: "Лавки в парку", synonyms: ["лавка"] });
    await createCategory({ code: "custom.other", nameUk: "Інше", synonyms: ["інше"] });
    await getDb().request.create({
      data: { number: "SLV-2026-900001", channel: "WEB", description: "зламана лава біля фонтану", categoryId: c.id, accessTokenHash: "x-bench-1" },
    });
    const guess = await suggestCategory({ text: "біля фонтану зламали", fresh: true });
    expect(guess?.categoryCode).toBe("custom.bench");
  });
});

describe("SMS texts and keywords", () => {
  test("segments: UCS-2 70/67, GSM-7 160/153; texts cut to two segments", () => {
    expect(countSmsSegments("a".repeat(160))).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(countSmsSegments("a".repeat(161)).segments).toBe(2);
    expect(countSmsSegments("я".repeat(70))).toMatchObject({ encoding: "UCS-2", segments: 1 });
    expect(countSmsSegments("я".repeat(71)).segments).toBe(2);
    expect(countSmsSegments("я".repeat(135)).segments).toBe(3);
    expect(countSmsSegments(fitSmsSegments("я".repeat(300))).segments).toBe(2);
  });

  test("keywords: case and lookalike insensitive, whole message for STOP/START/HELP", () => {
    expect(parseSmsKeyword("СТОП")).toEqual({ kind: "stop" });
    expect(parseSmsKeyword("stop")).toEqual({ kind: "stop" });
    expect(parseSmsKeyword("CТOП")).toEqual({ kind: "stop" }); // Latin C and O
    expect(parseSmsKeyword("Старт")).toEqual({ kind: "start" });
    expect(parseSmsKeyword("HELP")).toEqual({ kind: "help" });
    expect(parseSmsKeyword("допомога")).toEqual({ kind: "help" });
    expect(parseSmsKeyword("Статус SLV-2026-000123")).toEqual({ kind: "status", rest: "SLV-2026-000123" });
    expect(parseSmsKeyword("стоп, тут яма на дорозі")).toBeNull();
    expect(parseRequestNumber({ text: "SLV-2026-000123" })).toBe("SLV-2026-000123");
    expect(parseRequestNumber({ text: "2026000123" })).toBe("SLV-2026-000123");
    expect(parseRequestNumber({ text: "123", now: new Date("2027-03-01T10:00:00Z") })).toBe("SLV-2027-000123");
  });
});
