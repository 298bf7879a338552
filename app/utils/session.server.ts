// Staff sessions are rows in StaffSession; the signed cookie carries only the row's id.
// Any web process can check it (one PostgreSQL), and ending a session — sign-out, a
// password change, deactivation — takes effect for every copy of the cookie at once
// (docs/decisions/008-server-side-sessions.md).
import { createCookieSessionStorage, type Session } from "@remix-run/node";
import { getDb, type Tx } from "./db.server.ts";
import { getEnv } from "./env.server.ts";
import { getSessionSecret } from "./session-secret.server.ts";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export type StaffSessionCookieData = { sid: string };
export type StaffSessionCookie = Session<StaffSessionCookieData>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let storage: ReturnType<typeof createStorage> | undefined;

function createStorage() {
  const env = getEnv();
  return createCookieSessionStorage<StaffSessionCookieData>({
    cookie: {
      name: "__slv_session",
      httpOnly: true,
      // Lax, not Strict: a link from an e-mail to a request page must arrive signed in.
      // Cross-site POSTs carry no cookie, and every form is CSRF-checked besides.
      sameSite: "lax",
      path: "/",
      secure: env.NODE_ENV === "production",
      secrets: [getSessionSecret()],
      maxAge: SESSION_MAX_AGE_SECONDS,
    },
  });
}

/** Created on first use, after the environment is validated (tests set theirs first). */
export function getSessionStorage() {
  return (storage ??= createStorage());
}

/** Tests switch NODE_ENV (e.g. to check the Secure flag); production never calls this. */
export function resetSessionStorageForTests() {
  storage = undefined;
}

/** The session id the request's (validly signed) cookie names, or null. */
export async function getSessionId(request: Request): Promise<string | null> {
  const session = await getSessionStorage().getSession(request.headers.get("cookie"));
  const sid = session.get("sid");
  return typeof sid === "string" && UUID.test(sid) ? sid : null;
}

/** Starts a session for a signed-in staff member; returns the Set-Cookie header value. */
export async function createStaffSession(options: { staffUserId: string; ip?: string | null }): Promise<string> {
  // One clock for both ends, so a session lasts exactly its maximum age.
  const createdAt = new Date();
  const row = await getDb().staffSession.create({
    data: { staffUserId: options.staffUserId, ip: options.ip ?? null, createdAt, expiresAt: new Date(createdAt.getTime() + SESSION_MAX_AGE_SECONDS * 1000) },
    select: { id: true },
  });
  const session = await getSessionStorage().getSession();
  session.set("sid", row.id);
  return getSessionStorage().commitSession(session);
}

/** Ends the request's session (sign-out); returns the Set-Cookie header value that clears the cookie. */
export async function endStaffSession(request: Request): Promise<string> {
  const sid = await getSessionId(request);
  if (sid) await getDb().staffSession.updateMany({ where: { id: sid, revokedAt: null }, data: { revokedAt: new Date() } });
  return getSessionStorage().destroySession(await getSessionStorage().getSession());
}

/** Ends every session of a staff member (password change, deactivation). */
export async function endAllStaffSessions(options: { staffUserId: string; tx?: Tx }) {
  const db = options.tx ?? getDb();
  await db.staffSession.updateMany({ where: { staffUserId: options.staffUserId, revokedAt: null }, data: { revokedAt: new Date() } });
}
