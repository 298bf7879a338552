import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { emptyFollowups, enqueueFollowups } from "./after-commit.server.ts";
import { transitionWithin, type Actor } from "./transition-request.server.ts";

/**
 * The citizen (or an operator after a confirmation call-back) says whether the problem is
 * really solved: yes closes the request, no sends it back to the executor for rework.
 */
export async function confirmResolution(options: { requestId: string; resolved: boolean; actor: Actor; comment?: string }) {
  const followups = emptyFollowups();
  const result = await getDb().$transaction(async (tx) => {
    const request = await tx.request.findUnique({ where: { id: options.requestId }, select: { status: true } });
    if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");
    if (request.status !== "RESOLVED")
      throw new AppError("INVALID_TRANSITION", "errors:tracking.notResolvedYet", {
        details: { from: request.status },
      });
    return transitionWithin({
      tx,
      followups,
      requestId: options.requestId,
      to: options.resolved ? "CLOSED" : "IN_PROGRESS",
      actor: options.actor,
      eventType: options.resolved ? "confirmed" : "reopened",
      extraData: options.comment?.trim() ? { comment: options.comment.trim() } : {},
    });
  });
  await enqueueFollowups(followups);
  return result;
}
