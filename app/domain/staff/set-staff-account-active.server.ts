import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { endAllStaffSessions } from "#app/utils/session.server.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const SetStaffAccountActiveInputSchema = z.object({
  actorId: z.string().uuid(),
  staffUserId: z.string().uuid(),
  active: z.boolean(),
});

/** Deactivates (or reactivates) an account; their sessions stop working at once. Never yourself. */
export async function setStaffAccountActive(input: z.input<typeof SetStaffAccountActiveInputSchema>) {
  const data = parseInput(SetStaffAccountActiveInputSchema, input);
  if (data.staffUserId === data.actorId && !data.active) throw new AppError("FORBIDDEN", "errors:staff.selfDeactivate", { field: "staffUserId" });
  return getDb().$transaction(async (tx) => {
    const user = await tx.staffUser.findUnique({ where: { id: data.staffUserId } });
    if (!user) throw new AppError("NOT_FOUND", "errors:staff.notFound", { field: "staffUserId" });
    const updated = await tx.staffUser.update({ where: { id: user.id }, data: { active: data.active }, select: { id: true, active: true } });
    // Revoked, not just hidden while inactive: reactivating must not revive an old cookie.
    if (!data.active) await endAllStaffSessions({ staffUserId: user.id, tx });
    await recordAudit({ tx, actorId: data.actorId, action: data.active ? "staff.activate" : "staff.deactivate", entityType: "StaffUser", entityId: user.id });
    return updated;
  });
}
