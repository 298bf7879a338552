import { getDb } from "#app/utils/db.server.ts";

/** The routing rules in the order they are tried, and the choices for a new rule. */
export async function listRoutingRules() {
  const db = getDb();
  const [rules, categories, districts, departments] = await Promise.all([
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
        department: { select: { id: true, code: true, nameUk: true, nameEn: true } },
      },
    }),
    db.category.findMany({ where: { active: true }, orderBy: { code: "asc" }, select: { id: true, code: true, nameUk: true, nameEn: true } }),
    db.district.findMany({ orderBy: { nameUk: "asc" }, select: { id: true, code: true, nameUk: true, nameEn: true } }),
    db.department.findMany({ where: { active: true }, orderBy: { nameUk: "asc" }, select: { id: true, code: true, nameUk: true, nameEn: true } }),
  ]);
  return { rules, categories, districts, departments };
}
