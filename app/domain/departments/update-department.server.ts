import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const UpdateDepartmentInputSchema = z.object({
  actorId: z.string().uuid(),
  departmentId: z.string().uuid(),
  nameUk: z.string().trim().min(2).max(200),
  nameEn: z.string().trim().min(2).max(200),
  phone: z.string().trim().max(40).optional(),
  email: z.union([z.literal(""), z.string().trim().email().max(254)]).optional(),
});

/** Renames a department and updates its contacts (the code stays). */
export async function updateDepartment(input: z.input<typeof UpdateDepartmentInputSchema>) {
  const data = parseInput(UpdateDepartmentInputSchema, input);
  return getDb().$transaction(async (tx) => {
    const before = await tx.department.findUnique({ where: { id: data.departmentId } });
    if (!before) throw new AppError("NOT_FOUND", "errors:department.notFound", { field: "departmentId" });
    const department = await tx.department.update({
      where: { id: before.id },
      data: { nameUk: data.nameUk, nameEn: data.nameEn, phone: data.phone || null, email: data.email || null },
    });
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "department.update",
      entityType: "Department",
      entityId: before.id,
      data: { before: { nameUk: before.nameUk, nameEn: before.nameEn }, after: { nameUk: data.nameUk, nameEn: data.nameEn } },
    });
    return department;
  });
}
