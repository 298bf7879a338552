// "My requests" on the web: once a citizen proved a phone with a texted code, the browser
// keeps that proof for half an hour in a signed, httpOnly cookie (SameSite=Lax, Secure in
// production). It holds the phone and its own expiry, signed with the server secret, so
// an altered or copied-and-edited cookie proves nothing and an old one ends on time even if
// the browser keeps it. Nothing is stored on the server; "leave" clears it.
import { createCookie } from "@remix-run/node";
import { getEnv } from "./env.server.ts";
import { getSessionSecret } from "./session-secret.server.ts";

/** How long a proven phone keeps "my requests" open in the browser. */
export const MY_REQUESTS_SECONDS = 30 * 60;

let cookie: ReturnType<typeof createCookie> | undefined;

function phoneCookie() {
  return (cookie ??= createCookie("__slv_my", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: getEnv().NODE_ENV === "production",
    secrets: [`citizen-phone:${getSessionSecret()}`],
    maxAge: MY_REQUESTS_SECONDS,
  }));
}

/** The Set-Cookie value that keeps a proven phone for MY_REQUESTS_SECONDS. */
export async function provenPhoneCookie(phone: string, now = new Date()) {
  return phoneCookie().serialize({ phone, until: now.getTime() + MY_REQUESTS_SECONDS * 1000 });
}

/** The phone this browser proved, while the proof lasts; null otherwise (no cookie, a bad signature, expired). */
export async function readProvenPhone(request: Request, now = new Date()): Promise<string | null> {
  const value = (await phoneCookie()
    .parse(request.headers.get("cookie"))
    .catch(() => null)) as { phone?: unknown; until?: unknown } | null;
  if (!value || typeof value.phone !== "string" || typeof value.until !== "number" || value.until <= now.getTime()) return null;
  return /^\+\d{8,15}$/.test(value.phone) ? value.phone : null;
}

/** The Set-Cookie value that forgets the proof. */
export async function forgetProvenPhone() {
  return phoneCookie().serialize("", { maxAge: 0 });
}
