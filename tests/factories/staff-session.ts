// Signed-in staff for tests, made the way production makes them after a successful
// sign-in: a StaffSession row through createStaffSession and the signed cookie naming it.
// Tests of the sign-in form itself (security-login, security-sessions, web-server, the
// e2e walk) go through the /login action instead.
import { randomUUID } from "node:crypto";
import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createStaffSession } from "#app/utils/session.server.ts";

/** The CSRF pair carried by every `cookie` below: put `csrf.field` in a form body as `csrf`. */
export const csrf = csrfPairForTests();

export type SignedIn<U extends { id: string } = Awaited<ReturnType<typeof createStaffUser>>> = {
  user: U;
  /** The session cookie alone (`__slv_session=…`), for helpers that add the CSRF cookie themselves. */
  session: string;
  /** The session and the CSRF cookie: enough for a GET, and for a POST with `csrf.field` in the body. */
  cookie: string;
  /** `{ Cookie: cookie }`, to spread into a Request's headers. */
  headers: { Cookie: string };
};

export type SignInOptions = { departmentId?: string | null; email?: string; name?: string };

function createStaffUser(role: StaffRole, options: SignInOptions) {
  return getDb().staffUser.create({
    data: {
      email: options.email ?? `${role.toLowerCase()}-${randomUUID()}@slv.test`,
      name: options.name ?? role,
      role,
      departmentId: options.departmentId ?? null,
    },
  });
}

/** A new staff member of `role`, signed in. */
export async function signInAs(role: StaffRole, options: SignInOptions = {}): Promise<SignedIn> {
  return sessionFor(await createStaffUser(role, options));
}

/** A session for a staff member who already exists (made by a fixture, or with a password for the sign-in tests). */
export async function sessionFor<U extends { id: string }>(user: U): Promise<SignedIn<U>> {
  const session = (await createStaffSession({ staffUserId: user.id })).split(";")[0]!;
  const cookie = `${session}; ${csrf.cookie}`;
  return { user, session, cookie, headers: { Cookie: cookie } };
}
