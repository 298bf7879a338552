import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { applyRouting } from "./apply-routing.server.ts";
import { emptyFollowups, enqueueFollowups } from "./after-commit.server.ts";
import { routeAccepted } from "./route-accepted.server.ts";

/** How many accepted requests one routing job takes at once (one transaction, set statements). */
export const ROUTING_BATCH_SIZE = 100;

/**
 * Routes a request that has not been routed yet (the routing job and the re-drive
 * sweeper call this). An accepted request is routed together with up to a batch of others
 * waiting beside it (routeAccepted); a request written without an intake payload (by an
 * older version) is routed alone. Running it twice does nothing the second time.
 */
export async function routeRequest(options: { requestId: string }) {
  const state = await getDb().request.findUnique({ where: { id: options.requestId }, select: { routed: true, intake: true } });
  if (!state) throw new AppError("NOT_FOUND", "errors:request.notFound");
  if (state.routed) return { alreadyRouted: true as const };
  if (state.intake !== null) {
    const routed = await routeAccepted({ first: options.requestId, limit: ROUTING_BATCH_SIZE });
    return { alreadyRouted: false as const, batch: routed.length };
  }
  const followups = emptyFollowups();
  const result = await getDb().$transaction(async (tx) => {
    // Row lock: two workers racing on one request route it once.
    const locked = await tx.$queryRaw<{ routed: boolean }[]>`
      SELECT routed FROM "Request" WHERE id = ${options.requestId}::uuid FOR UPDATE`;
    if (!locked[0]) throw new AppError("NOT_FOUND", "errors:request.notFound");
    if (locked[0].routed) return { alreadyRouted: true as const };
    return { alreadyRouted: false as const, ...(await applyRouting({ tx, requestId: options.requestId, followups })) };
  });
  await enqueueFollowups(followups);
  return result;
}
