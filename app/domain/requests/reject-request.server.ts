import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireRequestAccess, type StaffActor } from "./request-access.server.ts";

/** Rejects a request (spam, not a city matter…); the citizen is told why. */
export async function rejectRequest(options: { actor: StaffActor; requestId: string; reason: string }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "work" });
  const reason = options.reason?.trim() ?? "";
  if (!reason) throw new AppError("VALIDATION", "errors:request.rejectReasonRequired", { field: "reason" });
  return transitionRequest({ requestId: access.id, to: "REJECTED", publicAnswer: reason, actor: { type: "STAFF", id: options.actor.id } });
}
