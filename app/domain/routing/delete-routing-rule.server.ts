import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { lockRuleOrder } from "./rule-order.server.ts";

export const DeleteRoutingRuleInputSchema = z.object({ actorId: z.string().uuid(), ruleId: z.string().uuid() });

/** Deletes a rule (requests already routed by it keep their department); the audit row keeps what it was. */
export async function deleteRoutingRule(input: z.input<typeof DeleteRoutingRuleInputSchema>) {
  const data = parseInput(DeleteRoutingRuleInputSchema, input);
  return getDb().$transaction(async (tx) => {
    await lockRuleOrder(tx);
    const rule = await tx.routingRule.findUnique({ where: { id: data.ruleId } });
    if (!rule) throw new AppError("NOT_FOUND", "errors:routing.ruleNotFound", { field: "ruleId" });
    await tx.routingRule.delete({ where: { id: rule.id } });
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "routing-rule.delete",
      entityType: "RoutingRule",
      entityId: rule.id,
      data: {
        position: rule.position,
        categoryId: rule.categoryId,
        districtId: rule.districtId,
        departmentId: rule.departmentId,
        coDepartmentCodes: rule.coDepartmentCodes,
      },
    });
  });
}
