import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { loadRuleShadowing } from "./list-routing-rules.server.ts";
import { lockRuleOrder, renumberRules, ruleIdsInOrder } from "./rule-order.server.ts";

export const CreateRoutingRuleInputSchema = z.object({
  actorId: z.string().uuid(),
  categoryId: z.string().uuid().nullish(),
  districtId: z.string().uuid().nullish(),
  departmentId: z.string().uuid(),
  coDepartmentCodes: z.array(z.string().min(1)).max(10).default([]),
  note: z.string().trim().max(500).optional(),
  /** The rule the new one goes before (tried just ahead of it); none: at the end, tried last. */
  beforeRuleId: z.string().uuid().nullish(),
});

/**
 * Adds a rule where the admin puts it: before a chosen rule, or at the end. The order is
 * renumbered 10, 20, 30… in the same transaction, one admin at a time (lockRuleOrder).
 * Also says which earlier rule, if any, leaves the new one nothing to match.
 */
export async function createRoutingRule(input: z.input<typeof CreateRoutingRuleInputSchema>) {
  const data = parseInput(CreateRoutingRuleInputSchema, input);
  return getDb().$transaction(async (tx) => {
    const department = await tx.department.findFirst({ where: { id: data.departmentId, active: true } });
    if (!department) throw new AppError("VALIDATION", "errors:department.notActive", { field: "departmentId" });
    if (data.categoryId && !(await tx.category.findUnique({ where: { id: data.categoryId } })))
      throw new AppError("VALIDATION", "errors:category.notFound", { field: "categoryId" });
    if (data.districtId && !(await tx.district.findUnique({ where: { id: data.districtId } })))
      throw new AppError("VALIDATION", "errors:district.notFound", { field: "districtId" });
    const co = [...new Set(data.coDepartmentCodes)].filter((c) => c !== department.code);
    const known = await tx.department.findMany({ where: { code: { in: co }, active: true }, select: { code: true } });
    const unknown = co.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length)
      throw new AppError("VALIDATION", "errors:routing.coExecutorsUnknown", { field: "coDepartmentCodes", params: { codes: unknown.join(", ") } });
    await lockRuleOrder(tx);
    const order = await ruleIdsInOrder(tx);
    const at = data.beforeRuleId ? order.indexOf(data.beforeRuleId) : order.length;
    if (at < 0) throw new AppError("NOT_FOUND", "errors:routing.beforeRuleNotFound", { field: "beforeRuleId" });
    const rule = await tx.routingRule.create({
      data: {
        position: (at + 1) * 10,
        categoryId: data.categoryId ?? null,
        districtId: data.districtId ?? null,
        departmentId: department.id,
        coDepartmentCodes: co,
        note: data.note || null,
      },
    });
    order.splice(at, 0, rule.id);
    await renumberRules(tx, order);
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "routing-rule.create",
      entityType: "RoutingRule",
      entityId: rule.id,
      data: { position: at + 1, departmentCode: department.code, coDepartmentCodes: co },
    });
    const shadowedBy = (await loadRuleShadowing(tx)).get(rule.id) ?? null;
    return { rule, n: at + 1, shadowedBy };
  });
}
