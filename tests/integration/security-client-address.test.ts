// The client's address in audit rows and in login throttling is taken one trusted way:
// what the web server saw (Express's req.ip), and X-Forwarded-For only behind a proxy we
// were told about (TRUST_PROXY=1). A forged header is never what gets recorded.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { action as loginAction } from "#app/routes/login.tsx";
import { loader as exportLoader } from "#app/routes/staff+/export.ts";
import { action as requestAction } from "#app/routes/staff+/requests.$id.tsx";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { closeThrottle, LOGIN_LIMITS } from "#app/utils/throttle.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { csrf, signInAs } from "#tests/factories/staff-session.ts";

const BASE = "http://localhost:3000";
const FORGED = "6.6.6.6";
let cookie = "";
let requestId = "";

beforeAll(async () => {
  await createSmallCity();
  cookie = (await signInAs("OPERATOR")).cookie;
  const submitted = await submitRequest({
    channel: "WEB",
    description: "Немає води з ранку",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { fullName: "Марія Петренко", phone: "+380501112233" },
  });
  requestId = submitted.request.id;
  await getDb().staffUser.create({
    data: { email: "kappa@slv.test", name: "Kappa", role: "OPERATOR", passwordHash: await hashPassword("a long and correct password") },
  });
});
afterEach(() => {
  delete process.env.TRUST_PROXY;
  resetEnvForTests();
});
afterAll(() => closeThrottle());

const withProxyHeader = (headers: Record<string, string> = {}) => ({ ...headers, "X-Forwarded-For": `${FORGED}, 7.7.7.7` });
const lastAuditIp = async (action: string) => (await getDb().auditLog.findFirstOrThrow({ where: { action }, orderBy: { createdAt: "desc" } })).ip;

describe("getClientAddress", () => {
  it("takes the address the web server saw, and ignores X-Forwarded-For without TRUST_PROXY", () => {
    const request = new Request(BASE, { headers: withProxyHeader() });
    expect(getClientAddress(request, { clientAddress: "192.0.2.10" })).toBe("192.0.2.10");
    expect(getClientAddress(request, {})).toBeNull();
  });

  it("behind a trusted proxy falls back to the hop our proxy appended (the last), never the client's own claims", () => {
    process.env.TRUST_PROXY = "1";
    resetEnvForTests();
    expect(getClientAddress(new Request(BASE, { headers: withProxyHeader() }), {})).toBe("7.7.7.7");
  });
});

describe("audit rows", () => {
  it("a CSV export records the server's address, not a forged X-Forwarded-For", async () => {
    const response = (await exportLoader({
      request: new Request(`${BASE}/staff/export`, { headers: withProxyHeader({ Cookie: cookie }) }),
      params: {},
      context: { clientAddress: "192.0.2.20" },
    } as never)) as Response;
    expect(response.status).toBe(200);
    expect(await lastAuditIp("requests.exported")).toBe("192.0.2.20");
  });

  it("revealing a citizen's contact records the server's address, not the first X-Forwarded-For hop", async () => {
    const body = new URLSearchParams({ csrf: csrf.field, intent: "reveal-contact" });
    const request = new Request(`${BASE}/staff/requests/${requestId}`, {
      method: "POST",
      headers: withProxyHeader({ Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }),
      body,
    });
    await requestAction({ request, params: { id: requestId }, context: { clientAddress: "192.0.2.30" } } as never);
    expect(await lastAuditIp("citizen-contact.viewed")).toBe("192.0.2.30");
  });
});

describe("login throttling", () => {
  it("a different forged X-Forwarded-For on every attempt does not escape the address limit", async () => {
    const attempt = (i: number) =>
      loginAction({
        request: new Request(`${BASE}/login`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrf.cookie, "X-Forwarded-For": `10.9.${i >> 8}.${i & 255}` },
          body: new URLSearchParams({ csrf: csrf.field, email: `guess-${i}@slv.test`, password: "wrong" }),
        }),
        params: {},
        context: { clientAddress: "192.0.2.40" },
      } as never) as Promise<{ init: { status: number } }>;
    for (let i = 0; i < LOGIN_LIMITS.address; i++) expect((await attempt(i)).init.status).toBe(400);
    expect((await attempt(999)).init.status).toBe(429);
  });
});
