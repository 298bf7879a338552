import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const CreateDepartmentInputSchema = z.object({
  actorId: z.string().uuid(),
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "errors:department.codeFormat"),
  nameUk: z.string().trim().min(2).max(200),
  nameEn: z.string().trim().min(2).max(200),
  phone: z.string().trim().max(40).optional(),
  email: z.string().trim().email().max(254).optional(),
});

/** A new department; its code is permanent (routing rules and seeds refer to it). */
export async function createDepartment(input: z.input<typeof CreateDepartmentInputSchema>) {
  const data = parseInput(CreateDepartmentInputSchema, input);
  return getDb().$transaction(async (tx) => {
    if (await tx.department.findUnique({ where: { code: data.code } }))
      throw new AppError("CONFLICT", "errors:department.codeTaken", { field: "code", params: { code: data.code } });
    const department = await tx.department.create({
      data: { code: data.code, nameUk: data.nameUk, nameEn: data.nameEn, phone: data.phone || null, email: data.email || null },
    });
    await recordAudit({ tx, actorId: data.actorId, action: "department.create", entityType: "Department", entityId: department.id, data: { code: data.code } });
    return department;
  });
}
