// Staff sessions live in a signed cookie (no server-side store: any web process can read
// it). It holds the staff user's id and when they signed in, nothing else.
import { createCookieSessionStorage, type Session } from "@remix-run/node";
import { getEnv } from "./env.server.ts";
import { getSessionSecret } from "./session-secret.server.ts";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export type StaffSessionData = { staffUserId: string; signedInAt: number };
export type StaffSession = Session<StaffSessionData>;

let storage: ReturnType<typeof createStorage> | undefined;

function createStorage() {
  const env = getEnv();
  return createCookieSessionStorage<StaffSessionData>({
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

export async function getSession(request: Request): Promise<StaffSession> {
  return getSessionStorage().getSession(request.headers.get("cookie"));
}

export async function commitSession(session: StaffSession): Promise<string> {
  return getSessionStorage().commitSession(session);
}

export async function destroySession(session: StaffSession): Promise<string> {
  return getSessionStorage().destroySession(session);
}
