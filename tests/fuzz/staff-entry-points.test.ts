// Fuzz: every staff and admin route (found on disk), signed in as each role, fed seeded
// hostile query strings, URL params (ids that are not UUIDs, unknown ids) and form posts
// (every intent the route's source names, its fields with plausible or hostile values,
// bodies that are not forms). None may answer 5xx or hang; afterwards an operator still
// sees the inbox and a department officer can still take a request.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { closeThrottle } from "#app/utils/throttle.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";
import { anyIsoDate, fc, FuzzStats, formRequest, fuzz, getRequest, hostileForm, hostileHeaders, hostileQuery, hostileText } from "./harness.ts";
import { staffRouteFiles, urlOf } from "./route-files.ts";
import { signInAs, type SignedIn } from "#tests/factories/staff-session.ts";

process.env.UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), "slv-fuzz-staff-"));
resetEnvForTests();

const routes = staffRouteFiles();
const stats = new FuzzStats();
const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} }) as never;
const LOADER_RUNS = 30;
const ACTION_RUNS = 90;

let staff: SignedIn[] = [];
let ids: string[] = [];
let requestIds: string[] = [];
let categoryIds: string[] = [];
let waterRequestId = "";
let waterOfficer: SignedIn;
let operator: SignedIn;

beforeAll(async () => {
  const city = await createSmallCity();
  const roles: [StaffRole, string | null][] = [
    ["ADMIN", null],
    ["OPERATOR", null],
    ["SUPERVISOR", null],
    ["DEPARTMENT_HEAD", city.water.id],
    ["DEPARTMENT_OFFICER", city.water.id],
    ["DEPARTMENT_OFFICER", city.heating.id],
  ];
  staff = [];
  for (const [role, departmentId] of roles) staff.push(await signInAs(role, { departmentId }));
  operator = staff[1]!;
  waterOfficer = staff[4]!;
  const water = await submitRequest({
    channel: "WEB",
    externalId: "fuzz-staff-1",
    description: "Немає води",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { phone: "+380501230001", fullName: "Іван Водяний" },
  });
  const heating = await submitRequest({
    channel: "WEB",
    externalId: "fuzz-staff-2",
    description: "Холодні батареї",
    categoryCode: "heating.no-heating",
    location: POINTS.centre,
    citizen: { phone: "+380501230002" },
  });
  waterRequestId = water.request.id;
  const db = getDb();
  requestIds = [water.request.id, heating.request.id];
  categoryIds = (await db.category.findMany({ select: { id: true } })).map((r) => r.id);
  ids = [
    water.request.id,
    heating.request.id,
    ...staff.map((s) => s.user.id),
    ...(await db.department.findMany({ select: { id: true } })).map((r) => r.id),
    ...(await db.category.findMany({ select: { id: true } })).map((r) => r.id),
    ...(await db.district.findMany({ select: { id: true } })).map((r) => r.id),
    ...(await db.routingRule.findMany({ select: { id: true } })).map((r) => r.id),
  ];
});

// The iGov catalogue sync ("sync" on /admin/services) talks to iGov; msw answers for it.
beforeEach(() => {
  server.use(...createIgovApi().handlers);
});

afterAll(async () => {
  console.log(stats.table("Staff and admin routes, signed in"));
  await closeThrottle();
});

// Plausible values by the field's name, else hostile ones; each field usually present.
function valueFor(name: string): fc.Arbitrary<string> {
  const plausible = (() => {
    if (/Ids?$|^main$/.test(name)) return fc.oneof(fc.constantFrom(...ids), fc.uuid());
    if (/(code|Code|Codes)$/.test(name))
      return fc.constantFrom("water.no-water", "heating.no-heating", "roads.pothole", "centre", "north", "water", "fuzz-new-code");
    if (/^(until|date|startsAt|plannedEndAt|effectiveFrom)$/.test(name))
      return fc.oneof(anyIsoDate, fc.constantFrom("2026-12-31", "2026-12-31T10:00", "2027-01-07"));
    if (/^(year|slaAmount|score|page)$/.test(name)) return fc.constantFrom("2026", "1", "7", "0", "-3", "100000", "1e9");
    if (/^(role)$/.test(name)) return fc.constantFrom("OPERATOR", "DEPARTMENT_OFFICER", "DEPARTMENT_HEAD", "SUPERVISOR", "ADMIN", "ROOT");
    if (/^(regime)$/.test(name)) return fc.constantFrom("PEACETIME", "MARTIAL_LAW", "peacetime");
    if (/^(email)$/.test(name)) return fc.constantFrom("new@fuzz.slv.test", "not-an-email");
    if (/^(phone|from)$/.test(name)) return fc.constantFrom("+380501234567", "0501234567", "12");
    if (/^(geoJson|extraQuestions|query)$/.test(name))
      return fc.constantFrom(
        '{"type":"Polygon","coordinates":[[[37.5,48.8],[37.7,48.8],[37.7,48.9],[37.5,48.8]]]}',
        "[]",
        '[{"code":"floor","type":"text"}]',
        "status=NEW&overdue=1",
        '{"a":"\\u0000"}',
        "{",
      );
    return fc.constantFrom("Перевірено на місці, все гаразд", "on", "1", "yes", "CLOSED", "RESOLVED_POSITIVELY", "IGOV", "urgent");
  })();
  return fc.oneof({ weight: 2, arbitrary: plausible }, { weight: 1, arbitrary: hostileText });
}

/** URL params: mostly real ids of the kind the route shows, else unknown UUIDs, other ids, or noise. */
function paramsArb(names: string[]) {
  const real = (n: string) => (n === "id" ? requestIds : n === "categoryId" ? categoryIds : ids);
  return fc.record(
    Object.fromEntries(
      names.map((n) => [
        n,
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...real(n)) },
          { weight: 1, arbitrary: fc.constantFrom(...ids) },
          { weight: 1, arbitrary: fc.uuid() },
          { weight: 2, arbitrary: hostileText },
        ),
      ]),
    ),
  );
}

/** Who sends it: on /admin mostly the admin (so input gets past the role check), elsewhere anyone. */
const who = (pattern: string) => fc.nat({ max: 99 }).map((n) => (pattern.startsWith("/admin") && n < 80 ? staff[0]! : staff[n % staff.length]!));

describe("staff and admin routes answer hostile input from a signed-in user with 2xx–4xx", () => {
  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(10);
  });

  for (const route of routes) {
    it(route.file, async () => {
      const mod = await route.load();
      if (mod.loader) {
        const entry = `GET ${route.pattern}`;
        const arb = fc.record({
          user: who(route.pattern),
          params: paramsArb(route.params),
          q: hostileQuery(route.query.length ? route.query : ["x"]),
          h: hostileHeaders,
        });
        await fuzz(stats, entry, arb, LOADER_RUNS, ({ user, params, q, h }, signal) =>
          mod.loader!(args(getRequest(`${urlOf(route, params)}?${q}`, h, { cookie: user.cookie, signal }), params)),
        );
        expect(stats.failures(entry).length, `${entry}\n${stats.summary(entry)}`).toBe(0);
      }
      if (mod.action) {
        const entry = `POST ${route.pattern}`;
        const fixed: Record<string, fc.Arbitrary<string>> = Object.fromEntries(route.fields.map((f) => [f, valueFor(f)]));
        if (route.intents.length) fixed.intent = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...route.intents) }, { weight: 1, arbitrary: hostileText });
        const arb = fc.record({
          user: who(route.pattern),
          params: paramsArb(route.params),
          form: hostileForm([...route.fields, "intent"], fixed, { files: route.fields.some((f) => /File$/.test(f)) }),
        });
        await fuzz(stats, entry, arb, ACTION_RUNS, ({ user, params, form }, signal) =>
          mod.action!(args(formRequest(`${urlOf(route, params)}?lang=uk`, form, { cookie: user.cookie.replace(/;?\s*__slv_csrf=[^;]*/, ""), signal }), params)),
        );
        expect(stats.failures(entry).length, `${entry}\n${stats.summary(entry)}`).toBe(0);
      }
    });
  }

  it("still serves staff afterwards: the inbox lists requests and an officer can take one", async () => {
    const inbox = await import("#app/routes/staff+/inbox.tsx");
    const list = await inbox.loader(args(new Request("http://localhost:3000/staff/inbox", { headers: { Cookie: operator.cookie } }), {}));
    expect(JSON.stringify(list)).toContain("SLV-");
    const page = await import("#app/routes/staff+/requests.$id.tsx");
    const { field } = csrfPairForTests();
    const res = await Promise.resolve(
      page.action(
        args(
          new Request(`http://localhost:3000/staff/requests/${waterRequestId}`, {
            method: "POST",
            headers: { Cookie: waterOfficer.cookie, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ csrf: field, intent: "note", text: "Після фазу: виїхали на місце" }),
          }),
          { id: waterRequestId },
        ),
      ),
    ).catch((e: unknown) => e);
    expect(res instanceof Response ? res.status : 200).toBeLessThan(400);
    expect(stats.total()).toBeGreaterThanOrEqual(1500);
  });
});
