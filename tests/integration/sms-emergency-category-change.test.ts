// Whether an SMS's guessed category is an emergency one is answered from the reference data
// each process keeps in memory. A change the city makes to its categories (an emergency one
// marked or unmarked, a category switched off) must reach the very next SMS's own answer,
// however warm that copy is.
import { describe, expect, test } from "vitest";
import { suggestCategory } from "#app/domain/categories/suggest-category.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { newPhone, text, useSmsSandbox } from "./sms-helpers.ts";

const db = () => getDb();
useSmsSandbox();

const emergencyShort = () => t("uk", "common:emergency.short");
const answersEmergency = async (body: string) => {
  const { twiml } = await text(newPhone(), body);
  return twiml.some((m) => m.startsWith(emergencyShort()));
};

describe("the emergency answer follows the city's categories at once", () => {
  test("an emergency category unmarked, marked again, switched off and on: the next SMS's answer changes each time", async () => {
    const gas = await db().category.findFirstOrThrow({
      where: { active: true, isEmergency: true, children: { none: {} } },
      select: { id: true, synonyms: true },
      orderBy: { code: "asc" },
    });
    const body = `${gas.synonyms[0]}, вул. Шевченка 5`;
    // Warm: the copy in memory says it is an emergency.
    expect(await answersEmergency(body)).toBe(true);

    await db().category.update({ where: { id: gas.id }, data: { isEmergency: false } });
    expect(await answersEmergency(body)).toBe(false);

    await db().category.update({ where: { id: gas.id }, data: { isEmergency: true } });
    expect(await answersEmergency(body)).toBe(true);

    await db().category.update({ where: { id: gas.id }, data: { active: false } });
    expect(await answersEmergency(body)).toBe(false);

    await db().category.update({ where: { id: gas.id }, data: { active: true } });
    expect(await answersEmergency(body)).toBe(true);
  });

  test("an everyday category marked as an emergency: the next SMS about it gets the numbers", async () => {
    const body = "Яма на дорозі біля зупинки на Слов'янській";
    const guess = (await suggestCategory({ text: body }))!;
    expect(guess).toBeTruthy();
    expect(await answersEmergency(body)).toBe(false);

    await db().category.update({ where: { code: guess.categoryCode }, data: { isEmergency: true } });
    expect(await answersEmergency(body)).toBe(true);

    await db().category.update({ where: { code: guess.categoryCode }, data: { isEmergency: false } });
    expect(await answersEmergency(body)).toBe(false);
  });
});
