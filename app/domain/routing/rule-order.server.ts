import type { Tx } from "#app/utils/db.server.ts";

/**
 * Takes the routing order for the rest of the transaction: whoever adds, moves or deletes a
 * rule goes one at a time, so two admins saving at the same moment never leave two rules on
 * the same position (a tie would make the order depend on creation time alone).
 */
export async function lockRuleOrder(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('routing-rule-order'))`;
}

/** The rules' ids in the order they are tried. */
export async function ruleIdsInOrder(tx: Tx): Promise<string[]> {
  const rules = await tx.routingRule.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true } });
  return rules.map((r) => r.id);
}

/** Writes positions 10, 20, 30… in the given order (only the rows that change). */
export async function renumberRules(tx: Tx, ids: string[]) {
  const current = await tx.routingRule.findMany({ where: { id: { in: ids } }, select: { id: true, position: true } });
  const was = new Map(current.map((r) => [r.id, r.position]));
  for (const [k, id] of ids.entries()) {
    const position = (k + 1) * 10;
    if (was.get(id) !== position) await tx.routingRule.update({ where: { id }, data: { position } });
  }
}
