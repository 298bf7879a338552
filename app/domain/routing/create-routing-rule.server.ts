import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const CreateRoutingRuleInputSchema = z.object({
  actorId: z.string().uuid(),
  categoryId: z.string().uuid().nullish(),
  districtId: z.string().uuid().nullish(),
  departmentId: z.string().uuid(),
  coDepartmentCodes: z.array(z.string().min(1)).max(10).default([]),
  note: z.string().trim().max(500).optional(),
});

/** Adds a rule at the end of the list (tried last); move it up afterwards if it must win earlier. */
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
    const last = await tx.routingRule.aggregate({ _max: { position: true } });
    const rule = await tx.routingRule.create({
      data: {
        position: (last._max.position ?? 0) + 10,
        categoryId: data.categoryId ?? null,
        districtId: data.districtId ?? null,
        departmentId: department.id,
        coDepartmentCodes: co,
        note: data.note || null,
      },
    });
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "routing-rule.create",
      entityType: "RoutingRule",
      entityId: rule.id,
      data: { position: rule.position, departmentCode: department.code, coDepartmentCodes: co },
    });
    return rule;
  });
}
