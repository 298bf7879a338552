// Route-level tests: loaders and actions called directly with a built Request (Epic Stack style).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as loginAction, loader as loginLoader } from "#app/routes/login.tsx";
import { action as logoutAction } from "#app/routes/logout.ts";
import { loader as staffLoader } from "#app/routes/staff+/_index.tsx";
import { getSafeRedirect, getStaffUser, requireStaffUser } from "#app/utils/auth.server.ts";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { hashPassword, verifyPassword } from "#app/utils/password.server.ts";
import { closeThrottle } from "#app/utils/throttle.server.ts";
import { sessionFor } from "#tests/factories/staff-session.ts";

const BASE = "http://localhost:3000";
const PASSWORD = "correct horse battery staple";
let operatorId: string;

const csrf = csrfPairForTests();
afterAll(() => closeThrottle());

beforeAll(async () => {
  const db = getDb();
  const department = await db.department.create({ data: { code: "vodokanal", nameUk: "КП «Словміськводоканал»", nameEn: "Water utility" } });
  const passwordHash = await hashPassword(PASSWORD);
  operatorId = (await db.staffUser.create({ data: { email: "operator@slv.test", name: "Олена Оператор", role: "OPERATOR", passwordHash } })).id;
  await db.staffUser.create({
    data: { email: "officer@slv.test", name: "Сергій Виконавець", role: "DEPARTMENT_OFFICER", passwordHash, departmentId: department.id },
  });
  await db.staffUser.create({ data: { email: "former@slv.test", name: "Колишній працівник", role: "OPERATOR", passwordHash, active: false } });
  await db.staffUser.create({ data: { email: "nopassword@slv.test", name: "Без пароля", role: "OPERATOR" } });
});

type ActionArgs = Parameters<typeof loginAction>[0];
const args = (request: Request) => ({ request, params: {}, context: {} }) as ActionArgs;

function loginRequest(fields: Record<string, string>, query = "") {
  return new Request(`${BASE}/login${query}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrf.cookie },
    body: new URLSearchParams({ csrf: csrf.field, ...fields }),
  });
}

async function login(fields: Record<string, string>, query = "") {
  return loginAction(args(loginRequest(fields, query)));
}

function cookieOf(response: Response) {
  return response.headers.get("Set-Cookie")!.split(";")[0]!;
}

/** The session cookie of an existing account, made as a successful sign-in makes it (the sign-in itself is tested above). */
async function signIn(email: string) {
  return (await sessionFor(await getDb().staffUser.findUniqueOrThrow({ where: { email } }))).session;
}

async function caught(p: Promise<unknown>): Promise<Response> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("expected a thrown Response");
}

describe("passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("секрет-123");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword({ hash, plain: "секрет-123" })).toBe(true);
    expect(await verifyPassword({ hash, plain: "секрет-124" })).toBe(false);
    expect(await verifyPassword({ hash: "not-a-hash", plain: "x" })).toBe(false);
  });
});

describe("login", () => {
  it("with the right password sets an httpOnly session cookie and goes to redirectTo", async () => {
    const result = await login({ email: " Operator@SLV.test ", password: PASSWORD, redirectTo: "/staff/sandbox-outbox?page=2" });
    expect(result).toBeInstanceOf(Response);
    const response = result as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/staff/sandbox-outbox?page=2");
    const setCookie = response.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^__slv_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=43200/);
    expect(setCookie).not.toContain(PASSWORD);

    const user = await getStaffUser(new Request(`${BASE}/staff`, { headers: { Cookie: cookieOf(response) } }));
    expect(user).toEqual({ id: operatorId, name: "Олена Оператор", role: "OPERATOR", departmentId: null });
  });

  it("with a wrong password answers 400 in Ukrainian without saying which part was wrong", async () => {
    const wrong = (await login({ email: "operator@slv.test", password: "nope" })) as unknown as { init: ResponseInit; data: { error: string; email: string } };
    expect(wrong.init.status).toBe(400);
    expect(wrong.data.error).toBe("Невірна електронна пошта або пароль. Перевірте дані та спробуйте ще раз.");
    expect(wrong.data.error).toBe(t("uk", "staff:login.invalid"));
    expect(wrong.data.email).toBe("operator@slv.test");
    expect(JSON.stringify(wrong)).not.toContain("nope");

    const unknown = (await login({ email: "nobody@slv.test", password: "nope" })) as unknown as { init: ResponseInit; data: { error: string } };
    expect(unknown.init.status).toBe(400);
    expect(unknown.data.error).toBe(wrong.data.error);

    const noPassword = (await login({ email: "nopassword@slv.test", password: "" })) as unknown as { init: ResponseInit; data: { error: string } };
    expect(noPassword.init.status).toBe(400);
    const neverSet = (await login({ email: "nopassword@slv.test", password: "anything" })) as unknown as { init: ResponseInit; data: { error: string } };
    expect(neverSet.data.error).toBe(wrong.data.error);
  });

  it("answers in English with ?lang=en", async () => {
    const wrong = (await login({ email: "operator@slv.test", password: "nope" }, "?lang=en")) as unknown as { init: ResponseInit; data: { error: string } };
    expect(wrong.init.status).toBe(400);
    expect(wrong.data.error).toBe("Wrong e-mail or password. Check them and try again.");
  });

  it("refuses an inactive user with the same message", async () => {
    const result = (await login({ email: "former@slv.test", password: PASSWORD })) as unknown as { init: ResponseInit; data: { error: string } };
    expect(result.init.status).toBe(400);
    expect(result.data.error).toBe(t("uk", "staff:login.invalid"));
  });

  it.each([
    "//evil.com",
    "//evil.com/staff",
    "https://evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "javascript:alert(1)",
    "/%0d%0aLocation:%20https://evil.com",
    "staff",
    // Dot segments that URL normalisation folds into a protocol-relative "//host".
    "/..//evil.example",
    "/%2e%2e//evil.example",
    "/%2E%2E//evil.example",
    "/.%2e//evil.example",
    "/.//evil.example",
    "/a/../..//evil.example",
    "/staff/../..//evil.example/x?y",
    "/../\\evil.example",
    "/%2e%2e/\\evil.example",
    "/\tevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/%5c%5cevil.example",
    "/%5C/evil.example",
    "/%2f%2fevil.example",
    "///evil.example",
    "/\u3000/evil.example",
  ])("never redirects off the site: %s", async (redirectTo) => {
    const response = (await login({ email: "operator@slv.test", password: PASSWORD, redirectTo })) as Response;
    const location = response.headers.get("Location")!;
    expect(new URL(location, BASE).origin).toBe(BASE);
    expect(location.startsWith("/") && !location.startsWith("//")).toBe(true);
  });

  it("getSafeRedirect keeps same-site paths and drops the rest", () => {
    expect(getSafeRedirect({ to: "/staff/requests?status=NEW#top" })).toBe("/staff/requests?status=NEW#top");
    expect(getSafeRedirect({ to: "//evil.com" })).toBe("/staff");
    expect(getSafeRedirect({ to: "/..//evil.example" })).toBe("/staff");
    expect(getSafeRedirect({ to: "/%2e%2e//evil.example" })).toBe("/staff");
    expect(getSafeRedirect({ to: "/staff/../admin?x=1" })).toBe("/admin?x=1");
    expect(getSafeRedirect({ to: null, fallback: "/" })).toBe("/");
  });

  it("sends a signed-in user straight on from the login page", async () => {
    const cookie = await signIn("operator@slv.test");
    const response = await caught(Promise.resolve(loginLoader(args(new Request(`${BASE}/login?redirectTo=/staff/x`, { headers: { Cookie: cookie } })))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/staff/x");
  });
});

describe("requireStaffUser", () => {
  it("redirects to /login with the page to come back to when signed out", async () => {
    const response = await caught(requireStaffUser(new Request(`${BASE}/staff/requests?status=NEW`)));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!, BASE);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("redirectTo")).toBe("/staff/requests?status=NEW");
  });

  it("ignores a forged cookie", async () => {
    const response = await caught(
      requireStaffUser(new Request(`${BASE}/staff`, { headers: { Cookie: "__slv_session=eyJzdGFmZlVzZXJJZCI6IngifQ%3D%3D.forged" } })),
    );
    expect(response.status).toBe(302);
  });

  it("answers 403 for a role that is not allowed, and lets an allowed one through", async () => {
    const cookie = await signIn("officer@slv.test");
    const request = () => new Request(`${BASE}/staff/admin`, { headers: { Cookie: cookie } });
    const forbidden = await caught(requireStaffUser(request(), { roles: ["ADMIN", "SUPERVISOR"] }));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toBe(t("uk", "staff:errors.forbidden"));
    const user = await requireStaffUser(request(), { roles: ["DEPARTMENT_OFFICER", "DEPARTMENT_HEAD"] });
    expect(user.role).toBe("DEPARTMENT_OFFICER");
    expect(user.departmentId).not.toBeNull();
  });

  it("drops a session whose user was deactivated, or that is older than 12 hours", async () => {
    const db = getDb();
    const user = await db.staffUser.create({
      data: { email: "leaving@slv.test", name: "Звільняється", role: "OPERATOR", passwordHash: await hashPassword(PASSWORD) },
    });
    const cookie = await signIn("leaving@slv.test");
    const request = () => new Request(`${BASE}/staff`, { headers: { Cookie: cookie } });
    expect(await getStaffUser(request())).not.toBeNull();
    await db.staffUser.update({ where: { id: user.id }, data: { active: false } });
    expect(await getStaffUser(request())).toBeNull();

    const old = (await sessionFor({ id: operatorId })).session;
    await getDb().staffSession.updateMany({
      where: { staffUserId: operatorId },
      data: { createdAt: new Date(Date.now() - 13 * 3_600_000), expiresAt: new Date(Date.now() - 3_600_000) },
    });
    expect(await getStaffUser(new Request(`${BASE}/staff`, { headers: { Cookie: old } }))).toBeNull();
  });
});

describe("staff home and logout", () => {
  it("shows who is signed in, and logout (POST) clears the cookie", async () => {
    const cookie = await signIn("officer@slv.test");
    const data = await staffLoader(args(new Request(`${BASE}/staff`, { headers: { Cookie: cookie } })));
    expect(data.profile).toMatchObject({ name: "Сергій Виконавець", role: "DEPARTMENT_OFFICER", department: { code: "vodokanal" } });
    expect(data.lang).toBe("uk");

    const out = await caught(
      Promise.resolve(
        logoutAction(
          args(
            new Request(`${BASE}/logout`, {
              method: "POST",
              headers: { Cookie: `${cookie}; ${csrf.cookie}` },
              body: new URLSearchParams({ csrf: csrf.field }),
            }),
          ),
        ),
      ),
    );
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/login");
    expect(out.headers.get("Set-Cookie")).toMatch(/__slv_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
  });
});
