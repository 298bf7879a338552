import { describe, expect, it } from "vitest";
import { containsPoint, type GeoJsonGeometry } from "#app/domain/routing/geo.ts";
import { resolveRoute } from "#app/domain/routing/resolve-route.server.ts";
import { DEMO_STAFF } from "#app/domain/staff/demo-staff.ts";
import { planDemoRequests } from "#prisma/seed/seed-demo-requests.server.ts";
import { seedDatabase } from "#prisma/seed/seed-database.server.ts";
import { CATEGORY_TREE, DEPARTMENTS, DISTRICTS, flattenCategories } from "#prisma/seed/sloviansk.ts";
import { authenticateStaff } from "#app/domain/staff/authenticate-staff.server.ts";
import { getDb } from "#app/utils/db.server.ts";

const NOW = new Date("2026-11-26T09:00:00Z");
const CYRILLIC = /[а-щьюяіїєґ]/i;

describe("seedDatabase: static data", () => {
  it("is idempotent: a second run creates nothing and leaves one copy of everything", async () => {
    const first = await seedDatabase({ now: NOW, withDemoStaff: true });
    const second = await seedDatabase({ now: NOW, withDemoStaff: true });
    const db = getDb();
    expect(await db.department.count()).toBe(DEPARTMENTS.length);
    expect(await db.category.count()).toBe(flattenCategories().length);
    expect(await db.district.count()).toBe(DISTRICTS.length);
    expect(first.categories.created).toBe(flattenCategories().length);
    expect(first.demoRequests).toBe("skipped");
    expect(second).toMatchObject({
      departments: { created: 0, total: DEPARTMENTS.length },
      categories: { created: 0 },
      districts: { created: 0 },
      routingRules: { created: 0, total: first.routingRules.total },
      demoStaff: { created: 0, total: DEMO_STAFF.length },
    });
    expect(await db.routingRule.count()).toBe(first.routingRules.total);
    expect(await db.staffUser.count()).toBe(DEMO_STAFF.length);
    expect(await db.calendarDay.count()).toBeGreaterThan(0);
  });

  it("never overwrites what the city edited", async () => {
    const db = getDb();
    await seedDatabase({ now: NOW });
    await db.category.update({ where: { code: "water.no-water" }, data: { nameUk: "Немає води (змінено містом)", slaAmount: 12 } });
    await seedDatabase({ now: NOW });
    expect(await db.category.findUniqueOrThrow({ where: { code: "water.no-water" } })).toMatchObject({ nameUk: "Немає води (змінено містом)", slaAmount: 12 });
  });

  it("gives every leaf category an executor, a term and names in Ukrainian and English", async () => {
    await seedDatabase({ now: NOW });
    const categories = await getDb().category.findMany({ include: { children: { select: { id: true } }, department: true } });
    const leaves = categories.filter((c) => c.children.length === 0);
    expect(leaves.length).toBeGreaterThanOrEqual(30);
    expect(leaves.length).toBeLessThanOrEqual(60);
    expect(
      categories
        .filter((c) => c.parentId === null)
        .map((c) => c.code)
        .sort(),
    ).toEqual(CATEGORY_TREE.map((c) => c.code).sort());
    for (const c of categories) {
      expect(c.nameUk, c.code).toMatch(CYRILLIC);
      expect(c.nameEn, c.code).not.toMatch(CYRILLIC);
      expect(c.departmentId, c.code).not.toBeNull();
    }
    for (const c of leaves) {
      const hasSla = c.slaAmount !== null && c.slaAmount > 0 && c.slaUnit !== null;
      const hasStatutory = c.statutoryApplies && c.statutoryTerm !== null;
      expect(hasSla || hasStatutory, `${c.code} has no term`).toBe(true);
      expect(c.open311Code, c.code).toMatch(/^[A-Z]{4}\d{2}$/);
      expect(c.synonyms.length, c.code).toBeGreaterThan(0);
      expect(c.department!.active).toBe(true);
    }
    // Appeal-type categories need a named author (Law 393/96 art. 5).
    for (const c of leaves.filter((x) => x.statutoryApplies)) expect(c.allowsAnonymous, c.code).toBe(false);
    const emergencies = leaves.filter((c) => c.isEmergency).map((c) => c.code);
    expect(emergencies).toEqual(expect.arrayContaining(["emergency.gas-smell", "emergency.fire-or-danger"]));
    const gas = leaves.find((c) => c.code === "emergency.gas-smell")!;
    expect(JSON.stringify(gas.extraQuestions)).toContain("104");
    expect(leaves.filter((c) => c.isAdminService).every((c) => c.department!.code === "cnap")).toBe(true);
  });

  it("stores extra questions in the Open311 attribute shape", async () => {
    await seedDatabase({ now: NOW });
    const categories = await getDb().category.findMany({ select: { code: true, extraQuestions: true } });
    let questions = 0;
    for (const c of categories) {
      expect(Array.isArray(c.extraQuestions), c.code).toBe(true);
      for (const q of c.extraQuestions as Record<string, unknown>[]) {
        questions++;
        expect(q, c.code).toMatchObject({
          code: expect.any(String),
          variable: expect.any(Boolean),
          required: expect.any(Boolean),
          descriptionUk: expect.stringMatching(CYRILLIC),
          descriptionEn: expect.any(String),
        });
        expect(["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]).toContain(q.datatype);
        if (String(q.datatype).endsWith("valuelist")) expect((q.values as unknown[]).length).toBeGreaterThan(1);
      }
    }
    expect(questions).toBeGreaterThan(5);
  });

  it("routes every leaf category to its executor through real routing rules", async () => {
    await seedDatabase({ now: NOW });
    const db = getDb();
    const departments = await db.department.findMany();
    const departmentIds = new Set(departments.map((d) => d.id));
    const codes = new Set(departments.map((d) => d.code));
    for (const rule of await db.routingRule.findMany()) {
      expect(departmentIds.has(rule.departmentId)).toBe(true);
      for (const code of rule.coDepartmentCodes) expect(codes.has(code), code).toBe(true);
    }
    const seeded = new Map(flattenCategories().map((c) => [c.code, c]));
    const codeOf = new Map(departments.map((d) => [d.id, d.code]));
    const leaves = await db.category.findMany({ where: { children: { none: {} } } });
    await db.$transaction(async (tx) => {
      for (const leaf of leaves) {
        const route = await resolveRoute({ tx, categoryId: leaf.id, districtId: null });
        expect(route && codeOf.get(route.departmentId), leaf.code).toBe(seeded.get(leaf.code)!.departmentCode);
      }
      // District-specific housing rules come first and still reach the management companies.
      const lift = leaves.find((c) => c.code === "housing.lift-broken")!;
      const centre = await tx.district.findUniqueOrThrow({ where: { code: "centre" } });
      const route = await resolveRoute({ tx, categoryId: lift.id, districtId: centre.id });
      const rule = await tx.routingRule.findUniqueOrThrow({ where: { id: route!.ruleId } });
      expect(rule.districtId).toBe(centre.id);
      expect(codeOf.get(route!.departmentId)).toBe("housing-mc");
    });
  });

  it("lays out districts that do not overlap, with bounding boxes that fit", async () => {
    await seedDatabase({ now: NOW });
    const districts = await getDb().district.findMany();
    for (const d of districts) {
      expect(d.nameUk).toMatch(CYRILLIC);
      const ring = (d.geometry as { coordinates: [number, number][][] }).coordinates[0]!;
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(Math.min(...ring.map((p) => p[0]))).toBe(d.minLon);
      expect(Math.max(...ring.map((p) => p[1]))).toBe(d.maxLat);
    }
    const at = (lat: number, lon: number) => districts.filter((d) => containsPoint(d.geometry as GeoJsonGeometry, { lat, lon })).map((d) => d.code);
    expect(at(48.852, 37.605)).toEqual(["centre"]);
    for (let lat = 48.8105; lat < 48.91; lat += 0.0037)
      for (let lon = 37.5405; lon < 37.68; lon += 0.0041) expect(at(lat, lon).length, `${lat},${lon}`).toBeLessThanOrEqual(1);
  });

  it("lets every demo staff member sign in with the printed password", async () => {
    await seedDatabase({ now: NOW, withDemoStaff: true });
    const roles = new Set<string>();
    for (const s of DEMO_STAFF) {
      const user = await authenticateStaff({ email: s.email, password: s.password });
      expect(user, s.email).toMatchObject({ email: s.email, role: s.role });
      roles.add(s.role);
    }
    expect([...roles].sort()).toEqual(["ADMIN", "DEPARTMENT_HEAD", "DEPARTMENT_OFFICER", "OPERATOR", "SUPERVISOR"]);
    expect(await authenticateStaff({ email: DEMO_STAFF[0]!.email, password: "wrong" })).toBeNull();
  });

  it("puts every demo staff member in a department the seed creates", () => {
    const codes = new Set<string>(DEPARTMENTS.map((d) => d.code));
    for (const s of DEMO_STAFF) if (s.departmentCode) expect(codes.has(s.departmentCode), s.email).toBe(true);
  });
});

describe("seedDatabase: demo requests", () => {
  it("plans the same requests every time", () => {
    const a = planDemoRequests({ count: 50, days: 60, now: NOW, seed: 7 });
    const b = planDemoRequests({ count: 50, days: 60, now: NOW, seed: 7 });
    expect(a).toEqual(b);
    expect(planDemoRequests({ count: 50, days: 60, now: NOW, seed: 8 })).not.toEqual(a);
  });

  it("submits them through the core across statuses, channels and districts, only into an empty table", async () => {
    const result = await seedDatabase({ withDemoStaff: true, withDemoRequests: true, demoRequestCount: 80, now: NOW });
    const db = getDb();
    expect(result.demoRequests).toMatchObject({ created: 80 });
    const requests = await db.request.findMany({ include: { events: true } });
    expect(requests).toHaveLength(80);
    const distinct = <T>(xs: T[]) => new Set(xs).size;
    expect(distinct(requests.map((r) => r.status))).toBeGreaterThanOrEqual(5);
    expect(distinct(requests.map((r) => r.channel))).toBeGreaterThanOrEqual(4);
    expect(distinct(requests.filter((r) => r.districtId).map((r) => r.districtId))).toBeGreaterThanOrEqual(4);
    expect(requests.filter((r) => r.isAppeal).length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.isAnonymous).length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(r.number).toMatch(/^SLV-2026-\d{6}$/);
      expect(r.receivedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(r.receivedAt.getTime()).toBeGreaterThan(NOW.getTime() - 61 * 86_400_000);
      expect(r.events.some((e) => e.type === "received")).toBe(true);
      // Closed after resolution carries the result; closed after a hand-off (ЦНАП) does not.
      if (r.events.some((e) => e.toStatus === "RESOLVED")) expect(r.resultCode).not.toBeNull();
    }
    // Numbers grow with the time of receipt, as real ones would.
    const byNumber = [...requests].sort((a, b) => a.number.localeCompare(b.number));
    expect(byNumber.map((r) => r.receivedAt.getTime())).toEqual([...byNumber.map((r) => r.receivedAt.getTime())].sort((a, b) => a - b));
    // Demo citizens are reachable only on a non-existent domain: no phone numbers, no chats.
    expect(await db.citizen.count({ where: { phone: { not: null } } })).toBe(0);
    expect(await db.channelIdentity.count({ where: { channel: { not: "EMAIL" } } })).toBe(0);

    const again = await seedDatabase({ withDemoRequests: true, now: NOW });
    expect(again.demoRequests).toBe("not-empty");
    expect(await db.request.count()).toBe(80);
  });
});
