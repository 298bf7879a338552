import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { releaseLoginAttempt, reserveLoginAttempt } from "#app/utils/throttle.server.ts";
import { authenticateStaff, type AuthenticatedStaff } from "./authenticate-staff.server.ts";

export type SignInResult =
  { ok: true; user: AuthenticatedStaff } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * A staff sign-in attempt: refused outright while the account or the address is throttled
 * (the password is not even checked), otherwise counted; on success the count is given
 * back (the account's counter cleared) and the sign-in audited.
 */
export async function signInStaff(options: { email: string; password: string; address: string | null }): Promise<SignInResult> {
  const { email, password, address } = options;
  // Counted before the password is checked, in one atomic step: parallel guesses cannot
  // all slip past the limit while none has been counted yet.
  const verdict = await reserveLoginAttempt({ email, address });
  if (!verdict.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: verdict.retryAfterSeconds };
  const user = await authenticateStaff({ email, password });
  if (!user) return { ok: false, reason: "invalid" };
  await releaseLoginAttempt({ email, address });
  await recordAudit({ actorId: user.id, action: "staff.sign-in", entityType: "StaffUser", entityId: user.id, ip: address });
  return { ok: true, user };
}
