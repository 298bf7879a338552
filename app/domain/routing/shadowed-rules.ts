/** What deciding whether a rule can ever match needs to know of each rule. */
export type RuleCoverage = {
  id: string;
  active: boolean;
  /** Routing skips a rule whose department is switched off. */
  departmentActive: boolean;
  categoryId: string | null;
  districtId: string | null;
};

/**
 * For each rule (in the order they are tried), the earliest earlier rule that takes every
 * request it could take, or null. Routing takes the first active rule whose category is the
 * request's category or an ancestor and whose district is the request's (an empty category
 * or district matches any), so an earlier rule covers a later one when its category is empty
 * or the later rule's category or one of its ancestors, and its district is empty or the
 * same. Such a later rule can never match. `lineage(categoryId)` is the category and its
 * ancestors. Switched-off rules are neither reported nor counted as covering.
 */
export function findShadowedRules(rules: RuleCoverage[], lineage: (categoryId: string) => string[]): Map<string, { id: string; n: number } | null> {
  const out = new Map<string, { id: string; n: number } | null>();
  const covers = (earlier: RuleCoverage, later: RuleCoverage) => {
    const category = earlier.categoryId === null || (later.categoryId !== null && lineage(later.categoryId).includes(earlier.categoryId));
    const district = earlier.districtId === null || earlier.districtId === later.districtId;
    return category && district;
  };
  rules.forEach((rule, i) => {
    const live = (r: RuleCoverage) => r.active && r.departmentActive;
    const by = live(rule) ? rules.slice(0, i).findIndex((earlier) => live(earlier) && covers(earlier, rule)) : -1;
    out.set(rule.id, by >= 0 ? { id: rules[by]!.id, n: by + 1 } : null);
  });
  return out;
}

/** The category and its ancestors, nearest first, from the whole classifier's parent links. */
export function lineageFrom(categories: { id: string; parentId: string | null }[]) {
  const parent = new Map(categories.map((c) => [c.id, c.parentId]));
  return (categoryId: string) => {
    const line: string[] = [];
    for (let id: string | null | undefined = categoryId; id && line.length < 20 && !line.includes(id); id = parent.get(id)) line.push(id);
    return line;
  };
}
