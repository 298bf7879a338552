import { getDb } from "#app/utils/db.server.ts";
import type { Lang } from "#app/utils/i18n.ts";

export type CategoryChoice = { id: string; code: string; name: string; isLeaf: boolean };

const select = { id: true, code: true, nameUk: true, nameEn: true, _count: { select: { children: { where: { active: true } } } } } as const;

function toChoice(c: { id: string; code: string; nameUk: string; nameEn: string; _count: { children: number } }, lang: Lang): CategoryChoice {
  return { id: c.id, code: c.code, name: lang === "en" ? c.nameEn : c.nameUk, isLeaf: c._count.children === 0 };
}

/** One level of the category tree (roots when parentId is null), in the city's order. */
export async function listCategoryChoices(options: { parentId: string | null; lang: Lang }) {
  const db = getDb();
  const rows = await db.category.findMany({
    where: { parentId: options.parentId, active: true },
    orderBy: [{ sortOrder: "asc" }, { nameUk: "asc" }],
    select,
  });
  const parent = options.parentId
    ? await db.category.findUnique({ where: { id: options.parentId }, select: { parentId: true, nameUk: true, nameEn: true } })
    : null;
  return {
    choices: rows.map((r) => toChoice(r, options.lang)),
    parent: parent ? { parentId: parent.parentId, name: options.lang === "en" ? parent.nameEn : parent.nameUk } : null,
  };
}

/** Categories whose name or synonyms contain the words typed (case-insensitive), leaves first. */
export async function searchCategories(options: { query: string; lang: Lang; limit?: number }) {
  const q = options.query.trim().toLowerCase();
  if (q.length < 2) return [];
  const rows = await getDb().category.findMany({ where: { active: true }, select: { ...select, synonyms: true } });
  return rows
    .filter((r) => [r.nameUk, r.nameEn, ...r.synonyms].some((s) => s.toLowerCase().includes(q)))
    .map((r) => toChoice(r, options.lang))
    .sort((a, b) => Number(b.isLeaf) - Number(a.isLeaf) || a.name.localeCompare(b.name))
    .slice(0, options.limit ?? 8);
}

export async function getCategoryForWizard(options: { id?: string; code?: string }) {
  const where = options.id ? { id: options.id } : { code: options.code! };
  return getDb().category.findFirst({
    where: { ...where, active: true },
    select: { id: true, code: true, nameUk: true, nameEn: true, requiresLocation: true, allowsAnonymous: true, statutoryApplies: true, parentId: true },
  });
}
