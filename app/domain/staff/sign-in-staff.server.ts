import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { checkLoginThrottle, recordLoginFailure, resetLoginThrottle } from "#app/utils/throttle.server.ts";
import { authenticateStaff, type AuthenticatedStaff } from "./authenticate-staff.server.ts";

export type SignInResult =
  | { ok: true; user: AuthenticatedStaff }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * A staff sign-in attempt: refused outright while the account or the address is throttled
 * (the password is not even checked), counted when it fails, and on success the account's
 * counter is cleared and the sign-in audited.
 */
export async function signInStaff(options: { email: string; password: string; address: string | null }): Promise<SignInResult> {
  const { email, password, address } = options;
  const verdict = await checkLoginThrottle({ email, address });
  if (!verdict.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: verdict.retryAfterSeconds };
  const user = await authenticateStaff({ email, password });
  if (!user) {
    await recordLoginFailure({ email, address });
    return { ok: false, reason: "invalid" };
  }
  await resetLoginThrottle({ email });
  await recordAudit({ actorId: user.id, action: "staff.sign-in", entityType: "StaffUser", entityId: user.id, ip: address });
  return { ok: true, user };
}
