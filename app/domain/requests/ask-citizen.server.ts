import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireRequestAccess, type StaffActor } from "./request-access.server.ts";

/** Asks the citizen a question; the request waits for the answer (WAITING_CITIZEN). */
export async function askCitizen(options: { actor: StaffActor; requestId: string; question: string }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "work" });
  if (!options.question?.trim()) throw new AppError("VALIDATION", "errors:request.questionRequired", { field: "question" });
  return transitionRequest({ requestId: access.id, to: "WAITING_CITIZEN", question: options.question, actor: { type: "STAFF", id: options.actor.id } });
}
