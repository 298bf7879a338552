import { randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "./env.server.ts";

// Double-submit CSRF protection for every state-changing form, signed-in or not: the root
// loader gives each browser a random token in an httpOnly, SameSite=Lax cookie and in the
// page; every action compares the form's `csrf` field with the cookie.
const COOKIE = "__slv_csrf";

function readCookie(request: Request): string | null {
  const m = request.headers.get("cookie")?.match(new RegExp(`(?:^|;\\s*)${COOKIE}=([A-Za-z0-9_-]{20,100})`));
  return m?.[1] ?? null;
}

/** For the root loader: the token for this browser, and a Set-Cookie header when it is new. */
export function getCsrfToken(request: Request): { token: string; setCookie: string | null } {
  const existing = readCookie(request);
  if (existing) return { token: existing, setCookie: null };
  const token = randomBytes(24).toString("base64url");
  const secure = getEnv().NODE_ENV === "production" ? "; Secure" : "";
  return { token, setCookie: `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax${secure}` };
}

export function isValidCsrf(request: Request, formData: FormData): boolean {
  const cookie = readCookie(request);
  const field = formData.get("csrf");
  if (!cookie || typeof field !== "string" || field.length !== cookie.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
}

/** In every action that changes state: throws a 403 the person can act on (reload the page). */
export function requireCsrf(request: Request, formData: FormData) {
  if (!isValidCsrf(request, formData)) {
    throw new Response("Сторінка застаріла: оновіть її та спробуйте ще раз. / The page has expired: reload it and try again.", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

/** Test helper shape: the cookie header and form field that pass requireCsrf. */
export function csrfPairForTests(token = "test-csrf-token-0123456789abcdef") {
  return { cookie: `${COOKIE}=${token}`, field: token };
}
