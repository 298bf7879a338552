// Who is signed in to the staff console. Routes call requireStaffUser in their loader and
// action; it redirects to /login when nobody is, and answers 403 for a role not allowed.
import { redirect } from "@remix-run/node";
import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { getDb } from "./db.server.ts";
import { t } from "./i18n.server.ts";
import { getRequestLang } from "./lang.server.ts";
import { getSessionId } from "./session.server.ts";

export type StaffUser = { id: string; name: string; role: StaffRole; departmentId: string | null };

/**
 * Lookups in flight, by cookie: a page's loaders (the staff layout's and the page's) run at
 * the same time for one request and each asks who is signed in; they share one lookup. An
 * entry lives only until its lookup settles, so a sign-out is seen by the next request.
 */
const inFlight = new Map<string, Promise<StaffUser | null>>();

/** The signed-in, active staff user of a live session (not signed out, not expired, not revoked), or null. */
export async function getStaffUser(request: Request): Promise<StaffUser | null> {
  const cookie = request.headers.get("cookie");
  if (!cookie) return null;
  const pending = inFlight.get(cookie);
  if (pending) return pending;
  const lookup = lookUpStaffUser(request).finally(() => inFlight.delete(cookie));
  inFlight.set(cookie, lookup);
  return lookup;
}

async function lookUpStaffUser(request: Request): Promise<StaffUser | null> {
  const sid = await getSessionId(request);
  if (!sid) return null;
  // Checked here on every request, not by the cookie's Max-Age (only a request to the browser);
  // the session and its member in one statement (every staff page waits for it).
  const rows = await getDb().$queryRaw<StaffUser[]>`
    SELECT u.id::text AS id, u.name, u.role::text AS role, u."departmentId"::text AS "departmentId"
    FROM "StaffSession" s JOIN "StaffUser" u ON u.id = s."staffUserId"
    WHERE s.id = ${sid}::uuid AND s."revokedAt" IS NULL AND s."expiresAt" > ${new Date()} AND u.active`;
  return rows[0] ?? null;
}

/**
 * The signed-in staff user; otherwise throws a redirect to /login (coming back here after
 * sign-in), or a 403 Response when `roles` is given and theirs is not among them.
 */
export async function requireStaffUser(request: Request, options?: { roles?: StaffRole[] }): Promise<StaffUser> {
  const user = await getStaffUser(request);
  if (!user) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
    const lang = url.searchParams.get("lang");
    if (lang) params.set("lang", lang);
    throw redirect(`/login?${params}`);
  }
  if (options?.roles && !options.roles.includes(user.role)) {
    throw new Response(t(getRequestLang(request), "staff:errors.forbidden"), {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return user;
}

/**
 * Where to go after sign-in: only a path on this site ("/staff?x=1"), never another origin
 * ("//evil.com", "/\\evil.com", "https://…", "/..//evil.com"); anything else becomes `fallback`.
 */
export function getSafeRedirect(options: { to: FormDataEntryValue | string | null | undefined; fallback?: string }): string {
  const fallback = options.fallback ?? "/staff";
  const to = options.to;
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || /[\\\s\p{Cc}]/u.test(to)) return fallback;
  try {
    const base = "http://slv.invalid";
    const url = new URL(to, base);
    if (url.origin !== base) return fallback;
    // Normalisation can fold dot segments into a new leading "//" ("/..//evil" → "//evil"),
    // which a browser reads as another host; judge the path as it will be sent.
    if (url.pathname.startsWith("//") || url.pathname.startsWith("/\\")) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
