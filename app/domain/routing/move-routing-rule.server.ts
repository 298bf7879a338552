import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { lockRuleOrder } from "./rule-order.server.ts";

export const MoveRoutingRuleInputSchema = z.object({ actorId: z.string().uuid(), ruleId: z.string().uuid(), direction: z.enum(["up", "down"]) });

/**
 * Moves a rule one place up or down. Positions are renumbered 10, 20, 30… in the new order,
 * so ties and gaps left by older edits never make the order ambiguous.
 */
export async function moveRoutingRule(input: z.input<typeof MoveRoutingRuleInputSchema>) {
  const data = parseInput(MoveRoutingRuleInputSchema, input);
  return getDb().$transaction(async (tx) => {
    await lockRuleOrder(tx);
    const rules = await tx.routingRule.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true, position: true } });
    const i = rules.findIndex((r) => r.id === data.ruleId);
    if (i < 0) throw new AppError("NOT_FOUND", "errors:routing.ruleNotFound", { field: "ruleId" });
    const j = data.direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= rules.length) return { moved: false };
    [rules[i], rules[j]] = [rules[j]!, rules[i]!];
    for (const [k, r] of rules.entries()) {
      const position = (k + 1) * 10;
      if (r.position !== position) await tx.routingRule.update({ where: { id: r.id }, data: { position } });
    }
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "routing-rule.move",
      entityType: "RoutingRule",
      entityId: data.ruleId,
      data: { direction: data.direction, from: i + 1, to: j + 1 },
    });
    return { moved: true };
  });
}
