import { requireRequestAccess, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { sharedRedis } from "#app/utils/redis.server.ts";

/**
 * "Also being viewed by": who else has a request open, so two operators do not answer the
 * same citizen at once. Each open request page sends a heartbeat; Redis keeps, per
 * request, a sorted set of staff ids scored by their last heartbeat, and the key expires
 * shortly after the last one. Presence is a courtesy: if Redis is away the page simply
 * shows nobody (logged), it never fails.
 */
export const PRESENCE_WINDOW_MS = 2 * 60_000;
/** How often an open page says it is still open (well inside the window). */
export const PRESENCE_HEARTBEAT_MS = 30_000;

const log = createLogger("web");
const connection = sharedRedis("presence", "producer");
const keyOf = (requestId: string) => `${getEnv().QUEUE_PREFIX}:presence:request:${requestId}`;

export type Viewer = { id: string; name: string };

/** Closes the presence Redis connection (tests and graceful shutdown). */
export async function closeRequestPresence() {
  await connection.close();
}

/**
 * Records that this staff member has the request open now (they must be allowed to see
 * it: FORBIDDEN otherwise) and returns the others who had it open within the window.
 */
export async function recordRequestViewer(options: { actor: StaffActor; requestId: string; now?: Date }): Promise<Viewer[]> {
  const { actor } = options;
  const access = await requireRequestAccess({ actor, requestId: options.requestId, level: "view" });
  const now = (options.now ?? new Date()).getTime();
  try {
    const redis = await connection.ready();
    const key = keyOf(access.id);
    await redis
      .multi()
      .zadd(key, now, actor.id)
      .zremrangebyscore(key, "-inf", now - PRESENCE_WINDOW_MS)
      .pexpire(key, PRESENCE_WINDOW_MS + PRESENCE_HEARTBEAT_MS)
      .exec();
  } catch (e) {
    log.warn("presence: heartbeat not recorded (Redis unavailable)", { error: String(e) });
    return [];
  }
  return viewersOf({ actor, requestId: access.id, now });
}

/** The other staff who had the request open within the window (names, oldest first). */
export async function listRequestViewers(options: { actor: StaffActor; requestId: string; now?: Date }): Promise<Viewer[]> {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "view" });
  return viewersOf({ actor: options.actor, requestId: access.id, now: (options.now ?? new Date()).getTime() });
}

async function viewersOf(options: { actor: StaffActor; requestId: string; now: number }): Promise<Viewer[]> {
  let ids: string[];
  try {
    const redis = await connection.ready();
    ids = await redis.zrangebyscore(keyOf(options.requestId), options.now - PRESENCE_WINDOW_MS, "+inf");
  } catch (e) {
    log.warn("presence: viewers not read (Redis unavailable)", { error: String(e) });
    return [];
  }
  const others = ids.filter((id) => id !== options.actor.id);
  if (!others.length) return [];
  const staff = await getDb().staffUser.findMany({ where: { id: { in: others }, active: true }, select: { id: true, name: true } });
  const byId = new Map(staff.map((s) => [s.id, s]));
  return others.map((id) => byId.get(id)).filter((s): s is Viewer => Boolean(s));
}
