import { getDb } from "#app/utils/db.server.ts";

/// Ended sessions stay this long: their sign-in address and times answer "who was signed in
/// when" questions for an audit, then they go.
export const ENDED_SESSION_RETENTION_DAYS = 90;

/** Deletes sessions that expired or were revoked more than the retention ago; returns how many. */
export async function pruneStaffSessions(options: { now?: Date } = {}): Promise<{ deleted: number }> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - ENDED_SESSION_RETENTION_DAYS * 24 * 3600_000);
  const { count } = await getDb().staffSession.deleteMany({
    where: { OR: [{ expiresAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] },
  });
  return { deleted: count };
}
