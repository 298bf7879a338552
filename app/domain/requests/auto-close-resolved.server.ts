import { getDb } from "#app/utils/db.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { getSetting } from "#app/domain/settings/get-setting.server.ts";
import { emptyFollowups, enqueueFollowups } from "./after-commit.server.ts";
import { transitionWithin } from "./transition-request.server.ts";

/** Closes requests whose citizen stayed silent for the configured days after resolution. */
export async function autoCloseResolved(options: { now?: Date; limit?: number } = {}) {
  const now = options.now ?? new Date();
  const days = await getSetting("requests.autoCloseDays");
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const db = getDb();
  const due = await db.request.findMany({
    where: { status: "RESOLVED", resolvedAt: { lte: cutoff } },
    select: { id: true },
    orderBy: { resolvedAt: "asc" },
    take: options.limit ?? 500,
  });
  let closed = 0;
  for (const { id } of due) {
    const followups = emptyFollowups();
    try {
      await db.$transaction((tx) =>
        transitionWithin({
          tx,
          followups,
          requestId: id,
          to: "CLOSED",
          actor: { type: "SYSTEM" },
          eventType: "auto-closed",
          extraData: { silenceDays: days },
          now,
        }),
      );
      closed++;
      await enqueueFollowups(followups);
    } catch (e) {
      // Someone acted on it meanwhile (confirmed, reopened): nothing to do.
      if (!isAppError(e)) throw e;
    }
  }
  return { closed };
}
