import type { Tx } from "#app/utils/db.server.ts";

/**
 * Ordered routing rules: the first active rule (lowest position) whose category is the
 * request's category or one of its ancestors, and whose district is the request's
 * district, wins; a rule with no category or no district matches any. A more specific
 * rule must therefore come first. No match → null (operators' triage queue).
 */
export async function resolveRoute(options: { tx: Tx; categoryId: string | null; districtId: string | null }) {
  const { tx, categoryId, districtId } = options;
  const lineage = categoryId ? await categoryLineage({ tx, categoryId }) : [];
  const rules = await tx.routingRule.findMany({
    where: {
      active: true,
      AND: [
        { OR: [{ categoryId: null }, ...(lineage.length ? [{ categoryId: { in: lineage } }] : [])] },
        { OR: [{ districtId: null }, ...(districtId ? [{ districtId }] : [])] },
      ],
    },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    include: { department: { select: { id: true, active: true } } },
  });
  // A catch-all rule (no category, no district) is allowed but must be explicit.
  const rule = rules.find((r) => r.department.active);
  if (!rule) return null;
  const coDepartments = rule.coDepartmentCodes.length
    ? await tx.department.findMany({ where: { code: { in: rule.coDepartmentCodes }, active: true }, select: { id: true } })
    : [];
  return {
    ruleId: rule.id,
    departmentId: rule.departmentId,
    coDepartmentIds: coDepartments.map((d) => d.id).filter((id) => id !== rule.departmentId),
  };
}

/** The category and its ancestors, nearest first. */
export async function categoryLineage(options: { tx: Tx; categoryId: string }): Promise<string[]> {
  const rows = await options.tx.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE up AS (
      SELECT id, "parentId", 0 AS depth FROM "Category" WHERE id = ${options.categoryId}::uuid
      UNION ALL
      SELECT c.id, c."parentId", up.depth + 1 FROM "Category" c JOIN up ON c.id = up."parentId" WHERE up.depth < 20
    ) SELECT id::text AS id FROM up ORDER BY depth`;
  return rows.map((r) => r.id);
}
