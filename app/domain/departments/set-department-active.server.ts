import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const SetDepartmentActiveInputSchema = z.object({
  actorId: z.string().uuid(),
  departmentId: z.string().uuid(),
  active: z.boolean(),
});

/**
 * Deactivates (or reactivates) a department. Refused while an active routing rule still
 * sends requests to it: those would land with nobody to work them.
 */
export async function setDepartmentActive(input: z.input<typeof SetDepartmentActiveInputSchema>) {
  const data = parseInput(SetDepartmentActiveInputSchema, input);
  return getDb().$transaction(async (tx) => {
    const department = await tx.department.findUnique({ where: { id: data.departmentId } });
    if (!department) throw new AppError("NOT_FOUND", "errors:department.notFound", { field: "departmentId" });
    if (!data.active) {
      const rules = await tx.routingRule.count({ where: { departmentId: department.id, active: true } });
      if (rules > 0) throw new AppError("CONFLICT", "errors:department.hasRules", { field: "departmentId", params: { count: rules } });
    }
    const updated = await tx.department.update({ where: { id: department.id }, data: { active: data.active } });
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: data.active ? "department.activate" : "department.deactivate",
      entityType: "Department",
      entityId: department.id,
    });
    return updated;
  });
}
