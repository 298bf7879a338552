import { confirmResolution } from "#app/domain/requests/confirm-resolution.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireTrackedRequest } from "./require-tracked-request.server.ts";

/** The citizen, through their tracking link, confirms the resolution or says it is not resolved (reopens). */
export async function respondToResolution(options: { token: string; resolved: boolean; comment?: string }) {
  const r = await requireTrackedRequest({ token: options.token });
  if (!options.resolved && (options.comment?.trim().length ?? 0) > 2000)
    throw new AppError("VALIDATION", "errors:tracking.commentTooLong", { field: "comment", params: { max: 2000 }, details: { reason: "long" } });
  return confirmResolution({
    requestId: r.id,
    resolved: options.resolved,
    actor: { type: "CITIZEN", id: r.citizenId ?? undefined },
    comment: options.comment,
  });
}
