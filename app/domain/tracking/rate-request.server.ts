import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { isAnswered } from "#app/domain/requests/status-machine.ts";
import { requireTrackedRequest } from "./require-tracked-request.server.ts";

/** The citizen's 1–5 rating of the answer; only once there is an answer; may be revised. */
export async function rateRequest(options: { token: string; score: number; comment?: string | null }) {
  if (!Number.isInteger(options.score) || options.score < 1 || options.score > 5)
    throw new AppError("VALIDATION", "errors:tracking.scoreRange", { field: "score", details: { reason: "range" } });
  const comment = options.comment?.trim() || null;
  if (comment && comment.length > 2000)
    throw new AppError("VALIDATION", "errors:tracking.commentTooLong", { field: "ratingComment", params: { max: 2000 }, details: { reason: "long" } });
  const r = await requireTrackedRequest({ token: options.token });
  if (!isAnswered(r.status)) throw new AppError("CONFLICT", "errors:tracking.rateNotResolved", { field: "score", details: { reason: "notResolved" } });
  await getDb().rating.upsert({
    where: { requestId: r.id },
    create: { requestId: r.id, score: options.score, comment },
    update: { score: options.score, comment },
  });
  return { number: r.number, score: options.score };
}
