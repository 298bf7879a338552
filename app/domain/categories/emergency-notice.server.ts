// What every door tells a citizen whose problem may threaten life or health (a gas smell,
// people stuck in a lift, an open manhole, a fallen wire): call the emergency services now,
// and what to do until they come. The contact centre is not an emergency service; its
// deadlines are hours or days, so a door must never answer such a report with a date alone.
// The texts are the city's: the category's own notices (Category.extraQuestions with
// `variable: false`) and the national emergency numbers (common:emergency.*).
import { getReferenceData } from "#app/domain/requests/reference-data.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { readQuestions } from "./category-questions.ts";

export type EmergencyNotice = {
  categoryCode: string;
  categoryName: string;
  /** The category's own advice (what to do now), in the citizen's language; may be empty. */
  advice: string[];
  /** The whole notice as one text: the numbers first, then the advice, then "we do not replace 101–104". */
  text: string;
  /** The same, short enough for one SMS segment or a spoken sentence: the numbers only. */
  short: string;
};

/** The emergency numbers as one text a person reads (chat, SMS, web). */
export function emergencyNumbersText(lang: Lang): string {
  return `${t(lang, "common:emergency.title")}\n${t(lang, "common:emergency.numbers")}`;
}

/**
 * Whether the category of this code is an active emergency one: what getEmergencyNotice
 * answers null to. Every SMS asks it of its guessed category, and almost none is an
 * emergency, so it is answered from the reference data held in memory, current as of the
 * call (a change an admin saved before it is seen: reference-data.server.ts).
 */
export async function isEmergencyCategory(code: string): Promise<boolean> {
  const category = (await getReferenceData()).categoryByCode.get(code);
  return Boolean(category?.active && category.isEmergency);
}

/** The notice of an emergency category, or null when the category is not one (or unknown, or inactive). */
export async function getEmergencyNotice(options: { code?: string | null; id?: string | null; lang: Lang }): Promise<EmergencyNotice | null> {
  const where = options.id ? { id: options.id } : options.code ? { code: options.code } : null;
  if (!where) return null;
  const c = await getDb().category.findFirst({
    where: { ...where, active: true, isEmergency: true },
    select: { code: true, nameUk: true, nameEn: true, extraQuestions: true },
  });
  if (!c) return null;
  const { lang } = options;
  const advice = readQuestions(c.extraQuestions, lang).notices.map((n) => n.text);
  return {
    categoryCode: c.code,
    categoryName: lang === "en" ? c.nameEn : c.nameUk,
    advice,
    text: [`⚠️ ${emergencyNumbersText(lang)}`, ...advice, t(lang, "common:emergency.after")].join("\n\n"),
    short: t(lang, "common:emergency.short"),
  };
}

/** The active emergency categories (leaves), in the city's order: the "emergency" entry lists these first. */
export async function listEmergencyCategories(options: { lang: Lang }) {
  const rows = await getDb().category.findMany({
    where: { active: true, isEmergency: true, children: { none: {} } },
    orderBy: [{ sortOrder: "asc" }, { nameUk: "asc" }],
    select: { id: true, code: true, nameUk: true, nameEn: true },
  });
  return rows.map((r) => ({ id: r.id, code: r.code, name: options.lang === "en" ? r.nameEn : r.nameUk, isLeaf: true }));
}
