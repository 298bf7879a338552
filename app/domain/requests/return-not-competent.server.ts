import { returnRequest } from "#app/domain/requests/return-request.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { DEPARTMENT_ROLES, requireRequestAccess, requireRole, type StaffActor } from "./request-access.server.ts";

/** The executing department answers "not our competence": back to the operators' triage. */
export async function returnNotCompetent(options: { actor: StaffActor; requestId: string; reason: string }) {
  requireRole(options.actor, DEPARTMENT_ROLES);
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "work" });
  if (!options.reason?.trim()) throw new AppError("VALIDATION", "errors:request.returnReasonRequired", { field: "reason" });
  return returnRequest({ requestId: access.id, actorId: options.actor.id, departmentId: options.actor.departmentId!, reason: options.reason });
}
