import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { applyRouting } from "./apply-routing.server.ts";
import { emptyFollowups, enqueueFollowups } from "./after-commit.server.ts";

/**
 * Routes a request that has not been routed yet (the routing job and the re-drive
 * sweeper call this). Running it twice does nothing the second time.
 */
export async function routeRequest(options: { requestId: string }) {
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
