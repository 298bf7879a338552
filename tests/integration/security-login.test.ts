// Login throttling (per account and per address, in the real Redis), CSRF on the sign-in
// and sign-out forms, and the session cookie's flags.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as loginAction } from "#app/routes/login.tsx";
import { action as logoutAction } from "#app/routes/logout.ts";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { resetSessionSecretForTests } from "#app/utils/session-secret.server.ts";
import { createStaffSession, resetSessionStorageForTests } from "#app/utils/session.server.ts";
import { closeThrottle, LOGIN_LIMITS } from "#app/utils/throttle.server.ts";

const BASE = "http://localhost:3000";
const PASSWORD = "a long and correct password";
const csrf = csrfPairForTests();

type Args = Parameters<typeof loginAction>[0];
type DataResult = { init: ResponseInit & { headers?: Record<string, string> }; data: { error: string } };
const args = (request: Request, clientAddress?: string) => ({ request, params: {}, context: clientAddress ? { clientAddress } : {} }) as Args;

beforeAll(async () => {
  const passwordHash = await hashPassword(PASSWORD);
  for (const email of ["alpha@slv.test", "beta@slv.test", "gamma@slv.test", "delta@slv.test", "epsilon@slv.test", "zeta@slv.test"])
    await getDb().staffUser.create({ data: { email, name: email, role: "OPERATOR", passwordHash } });
});
afterAll(() => closeThrottle());

function loginRequest(fields: Record<string, string>, options: { ip?: string; withCsrf?: boolean; query?: string } = {}) {
  const withCsrf = options.withCsrf ?? true;
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (withCsrf) headers.Cookie = csrf.cookie;
  return new Request(`${BASE}/login${options.query ?? ""}`, {
    method: "POST",
    headers,
    body: new URLSearchParams({ ...(withCsrf ? { csrf: csrf.field } : {}), ...fields }),
  });
}
const login = (fields: Record<string, string>, options?: Parameters<typeof loginRequest>[1]) =>
  loginAction(args(loginRequest(fields, options), options?.ip)) as Promise<unknown>;

async function caught(p: Promise<unknown>): Promise<Response> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("expected a thrown Response");
}

describe("login throttling", () => {
  it(`locks an account after ${LOGIN_LIMITS.account} failures: 429 in Ukrainian, even with the right password`, async () => {
    for (let i = 0; i < LOGIN_LIMITS.account; i++) {
      const r = (await login({ email: "alpha@slv.test", password: `wrong-${i}` })) as DataResult;
      expect(r.init.status).toBe(400);
    }
    const locked = (await login({ email: "ALPHA@slv.test", password: PASSWORD })) as DataResult;
    expect(locked.init.status).toBe(429);
    expect(locked.data.error).toMatch(/^Забагато невдалих спроб входу\. Спробуйте знову через 15 хв \(о \d\d:\d\d за київським часом\)\.$/);
    expect(Number(new Headers(locked.init.headers).get("Retry-After"))).toBeGreaterThan(800);
    // Another account is not affected.
    expect(await login({ email: "beta@slv.test", password: PASSWORD })).toBeInstanceOf(Response);
  });

  it("speaks English with ?lang=en", async () => {
    const locked = (await login({ email: "alpha@slv.test", password: PASSWORD }, { query: "?lang=en" })) as DataResult;
    expect(locked.init.status).toBe(429);
    expect(locked.data.error).toMatch(/^Too many failed sign-in attempts\. Try again in 15 min/);
  });

  it("a successful sign-in resets the account's counter", async () => {
    for (let i = 0; i < LOGIN_LIMITS.account - 1; i++) await login({ email: "gamma@slv.test", password: "wrong" });
    const ok = await login({ email: "gamma@slv.test", password: PASSWORD });
    expect(ok).toBeInstanceOf(Response);
    expect((ok as Response).status).toBe(302);
    for (let i = 0; i < LOGIN_LIMITS.account - 1; i++) {
      const r = (await login({ email: "gamma@slv.test", password: "wrong" })) as DataResult;
      expect(r.init.status).toBe(400);
    }
    expect(await login({ email: "gamma@slv.test", password: PASSWORD })).toBeInstanceOf(Response);
    const audit = await getDb().auditLog.count({ where: { action: "staff.sign-in" } });
    expect(audit).toBeGreaterThanOrEqual(2);
  });

  it(`locks an address after ${LOGIN_LIMITS.address} failures across accounts`, async () => {
    const ip = "198.51.100.7";
    for (let i = 0; i < LOGIN_LIMITS.address; i++) {
      const r = (await login({ email: `guess-${i}@slv.test`, password: "wrong" }, { ip })) as DataResult;
      expect(r.init.status).toBe(400);
    }
    const locked = (await login({ email: "delta@slv.test", password: PASSWORD }, { ip })) as DataResult;
    expect(locked.init.status).toBe(429);
    // The same account from elsewhere still signs in.
    expect(await login({ email: "delta@slv.test", password: PASSWORD }, { ip: "198.51.100.8" })).toBeInstanceOf(Response);
  });
});

describe("login throttling under parallel attempts", () => {
  it(`lets at most ${LOGIN_LIMITS.account} of 30 parallel wrong passwords reach the password check; the rest get 429 with Retry-After`, async () => {
    const results = (await Promise.all(Array.from({ length: 30 }, (_, i) => login({ email: "epsilon@slv.test", password: `wrong-${i}` })))) as DataResult[];
    const checked = results.filter((r) => r.init.status !== 429);
    const throttled = results.filter((r) => r.init.status === 429);
    expect(checked.length).toBeLessThanOrEqual(LOGIN_LIMITS.account);
    expect(checked.every((r) => r.init.status === 400)).toBe(true);
    expect(throttled.length).toBeGreaterThanOrEqual(30 - LOGIN_LIMITS.account);
    for (const r of throttled) expect(Number(new Headers(r.init.headers).get("Retry-After"))).toBeGreaterThan(0);
    // Even the right password now waits for the window.
    expect(((await login({ email: "epsilon@slv.test", password: PASSWORD })) as DataResult).init.status).toBe(429);
  });

  it("successful sign-ins from one address (an office) do not use up that address's allowance", async () => {
    const ip = "198.51.100.42";
    for (let i = 0; i < LOGIN_LIMITS.address + 2; i++) {
      const r = await login({ email: "zeta@slv.test", password: PASSWORD }, { ip });
      expect(r instanceof Response && r.status, `sign-in ${i + 1}`).toBe(302);
    }
    expect(((await login({ email: "zeta@slv.test", password: "wrong" }, { ip })) as DataResult).init.status).toBe(400);
  });
});

describe("CSRF", () => {
  it("refuses a sign-in without the token (403), before anything else", async () => {
    const response = await caught(login({ email: "beta@slv.test", password: PASSWORD }, { withCsrf: false }));
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/^Сторінка застаріла/);
  });

  it("refuses a sign-in whose token does not match the cookie", async () => {
    const request = new Request(`${BASE}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrf.cookie },
      body: new URLSearchParams({ csrf: "x".repeat(csrf.field.length), email: "beta@slv.test", password: PASSWORD }),
    });
    expect((await caught(Promise.resolve(loginAction(args(request))))).status).toBe(403);
  });

  it("refuses a sign-out without the token and keeps the session", async () => {
    const response = await caught(Promise.resolve(logoutAction(args(new Request(`${BASE}/logout`, { method: "POST", body: new URLSearchParams() })))));
    expect(response.status).toBe(403);
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("session cookie", () => {
  it("is httpOnly and SameSite=Lax, and Secure in production", async () => {
    const build = async () => {
      const { id } = await getDb().staffUser.findUniqueOrThrow({ where: { email: "beta@slv.test" } });
      return createStaffSession({ staffUserId: id });
    };
    const dev = await build();
    expect(dev).toMatch(/HttpOnly/i);
    expect(dev).toMatch(/SameSite=Lax/i);
    expect(dev).not.toMatch(/Secure/i);

    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    process.env.SESSION_SECRET = "q7Yb2kR9vX4mN8pL3sT6wZ1cF5hJ0dGaE";
    resetEnvForTests();
    resetSessionSecretForTests();
    resetSessionStorageForTests();
    try {
      const prod = await build();
      expect(prod).toMatch(/; Secure/i);
      expect(prod).toMatch(/HttpOnly/i);
      expect(prod).toMatch(/SameSite=Lax/i);
    } finally {
      process.env.NODE_ENV = previous;
      delete process.env.SESSION_SECRET;
      resetEnvForTests();
      resetSessionSecretForTests();
      resetSessionStorageForTests();
    }
  });
});
