import { getDb } from "#app/utils/db.server.ts";
import { foldText } from "./category-questions.ts";

export type ReportCategoryLeaf = { code: string; name: string; isEmergency: boolean; synonyms: string[] };
export type ReportCategoryGroup = { code: string; name: string; leaves: ReportCategoryLeaf[] };

/**
 * The category tree for the report form: top-level groups, each with the categories a
 * citizen can choose (leaves). With `q`, only leaves whose name (either language) or a
 * synonym contains every word of the query, and groups that still have some.
 */
export async function listReportCategories(options: { lang: "uk" | "en"; q?: string }): Promise<ReportCategoryGroup[]> {
  const rows = await getDb().category.findMany({
    where: { active: true },
    select: { id: true, code: true, parentId: true, nameUk: true, nameEn: true, synonyms: true, isEmergency: true, sortOrder: true },
    orderBy: [{ sortOrder: "asc" }, { nameUk: "asc" }],
  });
  const byParent = new Map<string | null, typeof rows>();
  for (const r of rows) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  const name = (r: (typeof rows)[number]) => (options.lang === "en" ? r.nameEn : r.nameUk);
  const words = options.q ? foldText(options.q).split(" ").filter(Boolean) : [];
  const matches = (r: (typeof rows)[number]) => {
    if (!words.length) return true;
    const hay = foldText([r.nameUk, r.nameEn, ...r.synonyms].join(" | "));
    return words.every((w) => hay.includes(w));
  };
  const leavesOf = (id: string): (typeof rows)[number][] => (byParent.get(id) ?? []).flatMap((c) => (byParent.get(c.id)?.length ? leavesOf(c.id) : [c]));

  const groups: ReportCategoryGroup[] = [];
  for (const root of byParent.get(null) ?? []) {
    const children = byParent.get(root.id) ?? [];
    // A top-level category without children is its own one-item group.
    const leaves = (children.length ? leavesOf(root.id) : [root]).filter(matches);
    if (!leaves.length) continue;
    groups.push({
      code: root.code,
      name: name(root),
      leaves: leaves.map((l) => ({ code: l.code, name: name(l), isEmergency: l.isEmergency, synonyms: l.synonyms })),
    });
  }
  return groups;
}
