import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { requireDepartmentForRole, STAFF_ROLES } from "./staff-role-rules.ts";

export const UpdateStaffAccountInputSchema = z.object({
  actorId: z.string().uuid(),
  staffUserId: z.string().uuid(),
  role: z.enum(STAFF_ROLES),
  departmentId: z.string().uuid().nullish(),
});

/** Changes a staff member's role and department. An admin cannot take away their own admin role. */
export async function updateStaffAccount(input: z.input<typeof UpdateStaffAccountInputSchema>) {
  const data = parseInput(UpdateStaffAccountInputSchema, input);
  requireDepartmentForRole({ role: data.role, departmentId: data.departmentId });
  if (data.staffUserId === data.actorId && data.role !== "ADMIN") throw new AppError("FORBIDDEN", "errors:staff.selfDemote", { field: "role" });
  return getDb().$transaction(async (tx) => {
    const before = await tx.staffUser.findUnique({ where: { id: data.staffUserId } });
    if (!before) throw new AppError("NOT_FOUND", "errors:staff.notFound", { field: "staffUserId" });
    if (data.departmentId && !(await tx.department.findFirst({ where: { id: data.departmentId, active: true } })))
      throw new AppError("VALIDATION", "errors:department.notActive", { field: "departmentId" });
    const user = await tx.staffUser.update({
      where: { id: before.id },
      data: { role: data.role, departmentId: data.departmentId ?? null },
      select: { id: true, role: true, departmentId: true },
    });
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "staff.update",
      entityType: "StaffUser",
      entityId: before.id,
      data: { before: { role: before.role, departmentId: before.departmentId }, after: { role: user.role, departmentId: user.departmentId } },
    });
    return user;
  });
}
