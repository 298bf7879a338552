import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { endAllStaffSessions } from "#app/utils/session.server.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const SetStaffPasswordInputSchema = z.object({
  actorId: z.string().uuid(),
  staffUserId: z.string().uuid(),
  // The same rule as a new account's initial password.
  password: z.string().min(12).max(1024),
});

/**
 * An admin sets a new password for a staff member (forgotten, or possibly known to someone
 * else): every session of that person ends, so whoever held one must sign in again.
 */
export async function setStaffPassword(input: z.input<typeof SetStaffPasswordInputSchema>) {
  const data = parseInput(SetStaffPasswordInputSchema, input);
  const passwordHash = await hashPassword(data.password);
  await getDb().$transaction(async (tx) => {
    const user = await tx.staffUser.findUnique({ where: { id: data.staffUserId }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND", "errors:staff.notFound", { field: "staffUserId" });
    await tx.staffUser.update({ where: { id: user.id }, data: { passwordHash } });
    await endAllStaffSessions({ staffUserId: user.id, tx });
    await recordAudit({ tx, actorId: data.actorId, action: "staff.password-change", entityType: "StaffUser", entityId: user.id });
  });
}
