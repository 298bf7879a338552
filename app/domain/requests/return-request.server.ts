import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { emptyFollowups, enqueueFollowups } from "./after-commit.server.ts";
import { transitionWithin } from "./transition-request.server.ts";

/**
 * A department answers "not our competence": the request leaves its queue and goes back
 * to the operators' triage (status RETURNED) with the reason; the clocks keep running.
 */
export async function returnRequest(options: { requestId: string; actorId: string; departmentId: string; reason: string }) {
  if (!options.reason?.trim()) throw new AppError("VALIDATION", "errors:request.returnReasonRequired", { field: "reason" });
  const followups = emptyFollowups();
  const result = await getDb().$transaction(async (tx) => {
    const request = await tx.request.findUnique({ where: { id: options.requestId } });
    if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");
    if (request.departmentId !== options.departmentId) throw new AppError("FORBIDDEN", "errors:request.returnNotExecutor");
    const moved = await transitionWithin({
      tx,
      followups,
      requestId: request.id,
      to: "RETURNED",
      actor: { type: "STAFF", id: options.actorId },
      eventType: "returned",
      extraData: { departmentId: request.departmentId, reason: options.reason.trim() },
    });
    await tx.request.update({ where: { id: request.id }, data: { departmentId: null, assigneeId: null } });
    await tx.requestCoExecutor.deleteMany({ where: { requestId: request.id } });
    return moved;
  });
  await enqueueFollowups(followups);
  return result;
}
