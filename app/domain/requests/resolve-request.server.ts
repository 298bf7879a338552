import type { ResultCode } from "#app/generated/prisma/enums.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { requireRequestAccess, type StaffActor } from "./request-access.server.ts";

/** Resolves a request with a result code (classifier 858) and a public answer. */
export async function resolveRequest(options: { actor: StaffActor; requestId: string; resultCode?: ResultCode; publicAnswer?: string; note?: string }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "work" });
  return transitionRequest({
    requestId: access.id,
    to: "RESOLVED",
    resultCode: options.resultCode,
    publicAnswer: options.publicAnswer,
    note: options.note,
    actor: { type: "STAFF", id: options.actor.id },
  });
}
