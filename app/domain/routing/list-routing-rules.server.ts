import { getDb, type Tx } from "#app/utils/db.server.ts";
import { findShadowedRules, lineageFrom } from "./shadowed-rules.ts";

type Db = Tx | ReturnType<typeof getDb>;

/** For every rule, the earlier rule that leaves it nothing to match (or null); see findShadowedRules. */
export async function loadRuleShadowing(db: Db) {
  const [rules, categories] = await Promise.all([
    db.routingRule.findMany({
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, active: true, categoryId: true, districtId: true, department: { select: { active: true } } },
    }),
    db.category.findMany({ select: { id: true, parentId: true } }),
  ]);
  return findShadowedRules(
    rules.map((r) => ({ ...r, departmentActive: r.department.active })),
    lineageFrom(categories),
  );
}

/**
 * The routing rules in the order they are tried (numbered from 1, each with the earlier
 * rule that hides it, if any), and the choices for a new rule.
 */
export async function listRoutingRules() {
  const db = getDb();
  const [rules, shadowing, categories, districts, departments] = await Promise.all([
    db.routingRule.findMany({
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: {
        id: true,
        position: true,
        active: true,
        note: true,
        coDepartmentCodes: true,
        category: { select: { id: true, code: true, nameUk: true, nameEn: true } },
        district: { select: { id: true, code: true, nameUk: true, nameEn: true } },
        department: { select: { id: true, code: true, nameUk: true, nameEn: true, active: true } },
      },
    }),
    loadRuleShadowing(db),
    db.category.findMany({ where: { active: true }, orderBy: { code: "asc" }, select: { id: true, code: true, nameUk: true, nameEn: true } }),
    db.district.findMany({ orderBy: { nameUk: "asc" }, select: { id: true, code: true, nameUk: true, nameEn: true } }),
    db.department.findMany({ where: { active: true }, orderBy: { nameUk: "asc" }, select: { id: true, code: true, nameUk: true, nameEn: true } }),
  ]);
  return {
    rules: rules.map((r, i) => ({ ...r, n: i + 1, shadowedBy: shadowing.get(r.id) ?? null })),
    categories,
    districts,
    departments,
  };
}
