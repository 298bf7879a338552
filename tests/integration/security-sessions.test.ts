// Server-side staff sessions: the cookie carries only a session id, and signing out, a
// password change or deactivation ends the session for every copy of the cookie.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as loginAction } from "#app/routes/login.tsx";
import { action as logoutAction } from "#app/routes/logout.ts";
import { action as adminStaffAction } from "#app/routes/admin+/staff.tsx";
import { loader as staffLoader } from "#app/routes/staff+/_index.tsx";
import { ENDED_SESSION_RETENTION_DAYS, pruneStaffSessions } from "#app/domain/staff/prune-staff-sessions.server.ts";
import { getStaffUser } from "#app/utils/auth.server.ts";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { closeThrottle } from "#app/utils/throttle.server.ts";

const BASE = "http://localhost:3000";
const PASSWORD = "a long and correct password";
const NEW_PASSWORD = "another long and correct password";
const csrf = csrfPairForTests();
type AnyArgs = { request: Request; params: Record<string, string>; context: Record<string, unknown> };
const args = (request: Request) => ({ request, params: {}, context: {} }) as AnyArgs;

let adminCookie = "";

beforeAll(async () => {
  const passwordHash = await hashPassword(PASSWORD);
  for (const [email, role] of [
    ["admin@slv.test", "ADMIN"],
    ["olena@slv.test", "OPERATOR"],
    ["petro@slv.test", "OPERATOR"],
    ["ivan@slv.test", "OPERATOR"],
  ] as const)
    await getDb().staffUser.create({ data: { email, name: email, role, passwordHash } });
  adminCookie = await signIn("admin@slv.test");
});
afterAll(() => closeThrottle());

async function caught(p: unknown): Promise<Response> {
  try {
    const r = await p;
    if (r instanceof Response) return r;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("expected a Response");
}

/** Signs in through the real login form; returns the session cookie ("name=value"). */
async function signIn(email: string, password = PASSWORD) {
  const request = new Request(`${BASE}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrf.cookie },
    body: new URLSearchParams({ csrf: csrf.field, email, password }),
  });
  const response = await caught(loginAction(args(request) as never));
  expect(response.status).toBe(302);
  return response.headers.get("Set-Cookie")!.split(";")[0]!;
}

const asCookie = (cookie: string) => new Request(`${BASE}/staff`, { headers: { Cookie: cookie } });
const userId = async (email: string) => (await getDb().staffUser.findUniqueOrThrow({ where: { email } })).id;

function adminPost(fields: Record<string, string>) {
  return new Request(`${BASE}/admin/staff`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `${adminCookie}; ${csrf.cookie}` },
    body: new URLSearchParams({ csrf: csrf.field, ...fields }),
  });
}

describe("staff sessions", () => {
  it("the cookie carries only the session's id, not who is signed in", async () => {
    const cookie = await signIn("olena@slv.test");
    const value = decodeURIComponent(cookie.split("=").slice(1).join("="));
    const payload = JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8"));
    expect(Object.keys(payload)).toEqual(["sid"]);
    expect(JSON.stringify(payload)).not.toContain(await userId("olena@slv.test"));
    const row = await getDb().staffSession.findUniqueOrThrow({ where: { id: payload.sid } });
    expect(row.revokedAt).toBeNull();
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(12 * 3600_000);
  });

  it("a cookie copied before sign-out no longer works after it", async () => {
    const cookie = await signIn("olena@slv.test");
    const other = await signIn("olena@slv.test"); // the same person on another computer
    expect(await getStaffUser(asCookie(cookie))).toMatchObject({ role: "OPERATOR" });

    const out = await caught(
      logoutAction(
        args(
          new Request(`${BASE}/logout`, { method: "POST", headers: { Cookie: `${cookie}; ${csrf.cookie}` }, body: new URLSearchParams({ csrf: csrf.field }) }),
        ) as never,
      ),
    );
    expect(out.status).toBe(302);
    expect(await getStaffUser(asCookie(cookie))).toBeNull();
    const redirect = await caught(staffLoader(args(asCookie(cookie)) as never));
    expect(redirect.headers.get("Location")).toMatch(/^\/login\?/);
    // Signing out here does not sign out the other computer.
    expect(await getStaffUser(asCookie(other))).not.toBeNull();
  });

  it("an admin's password change ends every session of that person; the new password signs in", async () => {
    const first = await signIn("petro@slv.test");
    const second = await signIn("petro@slv.test");
    const response = await adminStaffAction(
      args(adminPost({ intent: "password", staffUserId: await userId("petro@slv.test"), password: NEW_PASSWORD })) as never,
    );
    expect((response as { init: ResponseInit | null }).init?.status ?? 200).toBe(200);
    expect((response as { data: { message: string } }).data.message).toMatch(/Пароль змінено/);
    expect(await getStaffUser(asCookie(first))).toBeNull();
    expect(await getStaffUser(asCookie(second))).toBeNull();
    // The admin's own session is untouched.
    expect(await getStaffUser(asCookie(adminCookie))).toMatchObject({ role: "ADMIN" });
    const fresh = await signIn("petro@slv.test", NEW_PASSWORD);
    expect(await getStaffUser(asCookie(fresh))).not.toBeNull();
    const audit = await getDb().auditLog.findFirst({ where: { action: "staff.password-change", entityId: await userId("petro@slv.test") } });
    expect(audit).not.toBeNull();
    expect(JSON.stringify(audit!.data)).not.toContain(NEW_PASSWORD);
  });

  it("refuses a short new password, naming the field", async () => {
    const response = await adminStaffAction(args(adminPost({ intent: "password", staffUserId: await userId("petro@slv.test"), password: "short" })) as never);
    expect((response as { init: ResponseInit | null }).init?.status).toBe(400);
  });

  it("deactivation ends the sessions for good: reactivating does not bring an old cookie back", async () => {
    const cookie = await signIn("ivan@slv.test");
    const id = await userId("ivan@slv.test");
    await adminStaffAction(args(adminPost({ intent: "deactivate", staffUserId: id })) as never);
    expect(await getStaffUser(asCookie(cookie))).toBeNull();
    await adminStaffAction(args(adminPost({ intent: "activate", staffUserId: id })) as never);
    expect(await getStaffUser(asCookie(cookie))).toBeNull();
    expect(await getStaffUser(asCookie(await signIn("ivan@slv.test")))).not.toBeNull();
  });

  it("an expired session does not work even if the browser still sends the cookie", async () => {
    const cookie = await signIn("olena@slv.test");
    await getDb().staffSession.updateMany({
      where: { staffUserId: await userId("olena@slv.test"), revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await getStaffUser(asCookie(cookie))).toBeNull();
  });

  it("ended sessions are kept for the audit period, then pruned; a live one never is", async () => {
    const db = getDb();
    const staffUserId = await userId("olena@slv.test");
    const live = await signIn("olena@slv.test");
    const day = 24 * 3600_000;
    const old = new Date(Date.now() - (ENDED_SESSION_RETENTION_DAYS + 1) * day);
    const recent = new Date(Date.now() - 2 * day);
    const rows = await Promise.all([
      db.staffSession.create({ data: { staffUserId, createdAt: old, expiresAt: old } }),
      db.staffSession.create({ data: { staffUserId, createdAt: old, expiresAt: new Date(Date.now() + day), revokedAt: old } }),
      db.staffSession.create({ data: { staffUserId, createdAt: recent, expiresAt: recent } }),
    ]);
    const { deleted } = await pruneStaffSessions({});
    expect(deleted).toBeGreaterThanOrEqual(2);
    const left = new Set((await db.staffSession.findMany({ select: { id: true } })).map((r) => r.id));
    expect([left.has(rows[0].id), left.has(rows[1].id), left.has(rows[2].id)]).toEqual([false, false, true]);
    expect(await getStaffUser(asCookie(live))).not.toBeNull();
  });

  it("a forged or garbled cookie is nobody", async () => {
    for (const cookie of [
      "__slv_session=garbage",
      "__slv_session=a.b",
      `__slv_session=${Buffer.from(JSON.stringify({ sid: "00000000-0000-4000-8000-000000000000" })).toString("base64")}.x`,
    ])
      expect(await getStaffUser(asCookie(cookie))).toBeNull();
  });
});
