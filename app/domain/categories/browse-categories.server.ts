import { getDb } from "#app/utils/db.server.ts";
import type { Lang } from "#app/utils/i18n.ts";
import { searchCategoryIndex, tokenize } from "./category-model.ts";
import { getCategoryModel } from "./suggest-category.server.ts";

export type CategoryChoice = { id: string; code: string; name: string; isLeaf: boolean };

const select = { id: true, code: true, nameUk: true, nameEn: true, _count: { select: { children: { where: { active: true } } } } } as const;

function toChoice(c: { id: string; code: string; nameUk: string; nameEn: string; _count: { children: number } }, lang: Lang): CategoryChoice {
  return { id: c.id, code: c.code, name: lang === "en" ? c.nameEn : c.nameUk, isLeaf: c._count.children === 0 };
}

/** One level of the category tree (roots when parentId is null), in the city's order. */
export async function listCategoryChoices(options: {
  parentId: string | null;
  lang: Lang;
  /** Shown under an "emergency" entry that lists every emergency category: a group holding only those is left out, not offered twice. */
  besideEmergencyEntry?: boolean;
}) {
  const db = getDb();
  let rows = await db.category.findMany({
    where: { parentId: options.parentId, active: true },
    orderBy: [{ sortOrder: "asc" }, { nameUk: "asc" }],
    select,
  });
  if (options.besideEmergencyEntry) {
    const onlyEmergencies = await db.category.findMany({
      where: { id: { in: rows.map((r) => r.id) }, children: { some: { active: true }, none: { active: true, isEmergency: false } } },
      select: { id: true },
    });
    const hidden = new Set(onlyEmergencies.map((c) => c.id));
    rows = rows.filter((r) => !hidden.has(r.id));
  }
  const parent = options.parentId
    ? await db.category.findUnique({ where: { id: options.parentId }, select: { parentId: true, nameUk: true, nameEn: true } })
    : null;
  return {
    choices: rows.map((r) => toChoice(r, options.lang)),
    parent: parent ? { parentId: parent.parentId, name: options.lang === "en" ? parent.nameEn : parent.nameUk } : null,
  };
}

/**
 * Categories for words a citizen typed, best first: the same reading of the words as the
 * free-text suggestion (folded spellings, word forms, typos, "не …"), matched against each
 * category's names, synonyms and its group's name, ranked with the suggestion model's
 * probability. Nothing when no word says anything about a problem.
 */
export async function searchCategories(options: { query: string; lang: Lang; limit?: number }): Promise<CategoryChoice[]> {
  const query = options.query.slice(0, 200);
  if (!tokenize(query).length) return [];
  const rows = await getDb().category.findMany({
    where: { active: true },
    select: { ...select, synonyms: true, parent: { select: { nameUk: true, nameEn: true } } },
  });
  const model = await getCategoryModel();
  const hits = searchCategoryIndex({
    model,
    query,
    categories: rows.map((r) => ({
      code: r.code,
      isLeaf: r._count.children === 0,
      names: [r.nameUk, r.nameEn],
      synonyms: r.synonyms,
      parentNames: r.parent ? [r.parent.nameUk, r.parent.nameEn] : [],
    })),
  });
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return hits.slice(0, options.limit ?? 8).map((h) => toChoice(byCode.get(h.code)!, options.lang));
}

export async function getCategoryForWizard(options: { id?: string; code?: string }) {
  const where = options.id ? { id: options.id } : { code: options.code! };
  return getDb().category.findFirst({
    where: { ...where, active: true },
    select: { id: true, code: true, nameUk: true, nameEn: true, requiresLocation: true, allowsAnonymous: true, statutoryApplies: true, parentId: true },
  });
}
