import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { normaliseEmail } from "#app/domain/staff/authenticate-staff.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { requireDepartmentForRole, STAFF_ROLES } from "./staff-role-rules.ts";

export const CreateStaffAccountInputSchema = z.object({
  actorId: z.string().uuid(),
  email: z.string().trim().email().max(254),
  name: z.string().trim().min(2).max(200),
  role: z.enum(STAFF_ROLES),
  departmentId: z.string().uuid().nullish(),
  // Long passphrases over complexity rules (NIST SP 800-63B); 1024 caps argon2's input.
  password: z.string().min(12).max(1024),
});

/** A staff account with an initial password (argon2id); the person changes it with the admin later. */
export async function createStaffAccount(input: z.input<typeof CreateStaffAccountInputSchema>) {
  const data = parseInput(CreateStaffAccountInputSchema, input);
  requireDepartmentForRole({ role: data.role, departmentId: data.departmentId });
  const email = normaliseEmail(data.email);
  const passwordHash = await hashPassword(data.password);
  return getDb().$transaction(async (tx) => {
    if (await tx.staffUser.findFirst({ where: { email: { equals: email, mode: "insensitive" } } }))
      throw new AppError("CONFLICT", "errors:staff.emailTaken", { field: "email" });
    if (data.departmentId && !(await tx.department.findFirst({ where: { id: data.departmentId, active: true } })))
      throw new AppError("VALIDATION", "errors:department.notActive", { field: "departmentId" });
    const user = await tx.staffUser.create({
      data: { email, name: data.name, role: data.role, departmentId: data.departmentId ?? null, passwordHash },
      select: { id: true, email: true, name: true, role: true, departmentId: true },
    });
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "staff.create",
      entityType: "StaffUser",
      entityId: user.id,
      data: { role: data.role, departmentId: user.departmentId },
    });
    return user;
  });
}
