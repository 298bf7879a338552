// /admin/routing as an admin sets up the city's routing: where a new rule goes in the order,
// a rule that can never match, deleting only after a confirmation, and "which rule would
// route this?" answered by the core's own routing and deadline code.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as routing from "#app/routes/admin+/routing.tsx";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createCategory, createDepartment, createDistrict, rect } from "#tests/factories/org.ts";
import { args, asResult, createAdminAndOperator, expectInvalid, expectOk, getRequest, lastAudit, postRequest, thrown } from "./admin-helpers.ts";

let ctx: Awaited<ReturnType<typeof createAdminAndOperator>>;
beforeAll(async () => {
  ctx = await createAdminAndOperator();
});
beforeEach(async () => {
  await getDb().$executeRawUnsafe(`TRUNCATE "RoutingRule" CASCADE`);
});

const post = (fields: Record<string, string | string[]>) => routing.action(args(postRequest("/admin/routing", ctx.adminCookie, fields)));
const page = (query = "") => routing.loader(args(getRequest(`/admin/routing${query}`, ctx.adminCookie)));
const order = async () => (await page()).rules.map((r) => r.department.code);

describe("placing a new rule", () => {
  it("puts the new rule before the rule the admin picks, or at the end; positions stay 10, 20, 30…", async () => {
    const [a, b, c] = [await createDepartment("pl-a"), await createDepartment("pl-b"), await createDepartment("pl-c")];
    expectOk(await post({ intent: "create", departmentId: a.id, beforeRuleId: "" }));
    expectOk(await post({ intent: "create", departmentId: b.id }));
    const ruleB = (await page()).rules.find((r) => r.department.code === "pl-b")!;
    expectOk(await post({ intent: "create", departmentId: c.id, beforeRuleId: ruleB.id }));
    expect(await order()).toEqual(["pl-a", "pl-c", "pl-b"]);
    expect((await page()).rules.map((r) => r.position)).toEqual([10, 20, 30]);
    expect(await lastAudit("routing-rule.create")).toMatchObject({ actorId: ctx.admin.id });

    // A rule picked a moment ago and deleted since: said so, nothing added.
    const gone = "00000000-0000-4000-8000-000000000000";
    expectInvalid(await post({ intent: "create", departmentId: c.id, beforeRuleId: gone }), "beforeRuleId", 404);
    expect((await page()).rules).toHaveLength(3);
  });

  it("gives rules added at the same moment distinct places (one renumbering at a time)", async () => {
    const deps = await Promise.all(["cc-1", "cc-2", "cc-3", "cc-4", "cc-5", "cc-6"].map((code) => createDepartment(code)));
    const results = await Promise.all(deps.map((d) => post({ intent: "create", departmentId: d.id })));
    for (const r of results) expectOk(r);
    const positions = (await getDb().routingRule.findMany({ select: { position: true } })).map((r) => r.position);
    expect(positions).toHaveLength(6);
    expect(new Set(positions).size).toBe(6);
  });
});

describe("a rule that can never match", () => {
  it("is flagged in the list and when saved; moving it above the wider rule clears the flag", async () => {
    const wide = await createDepartment("sh-wide");
    const narrow = await createDepartment("sh-narrow");
    const utilities = await createCategory({ code: "sh-utilities" });
    const water = await createCategory({ code: "sh-utilities.water", parentId: utilities.id });
    const centre = await createDistrict("sh-centre", rect(37.58, 48.84, 37.62, 48.87));

    expectOk(await post({ intent: "create", departmentId: wide.id, categoryId: utilities.id }));
    // Water in the centre is a case of "utilities, any district": rule 1 always wins.
    const saved = asResult(await post({ intent: "create", departmentId: narrow.id, categoryId: water.id, districtId: centre.id }));
    expect(saved.data).toMatchObject({ ok: true });
    expect((saved.data as { warning?: string }).warning).toMatch(/ніколи не спрацює.*правило 1/i);

    let p = await page();
    expect(p.rules.map((r) => r.shadowedBy)).toEqual([null, { id: p.rules[0]!.id, n: 1 }]);

    expectOk(await post({ intent: "up", ruleId: p.rules[1]!.id }));
    p = await page();
    expect(p.rules.map((r) => r.department.code)).toEqual(["sh-narrow", "sh-wide"]);
    expect(p.rules.map((r) => r.shadowedBy)).toEqual([null, null]);
  });

  it("is not flagged when an earlier rule is narrower, elsewhere, or switched off", async () => {
    const a = await createDepartment("ns-a");
    const b = await createDepartment("ns-b");
    const utilities = await createCategory({ code: "ns-utilities" });
    const water = await createCategory({ code: "ns-utilities.water", parentId: utilities.id });
    const roads = await createCategory({ code: "ns-roads" });
    const centre = await createDistrict("ns-centre", rect(36.58, 47.84, 36.62, 47.87));
    const north = await createDistrict("ns-north", rect(36.58, 47.87, 36.62, 47.9));
    const create = async (fields: Record<string, string>) => {
      const r = asResult(await post({ intent: "create", ...fields }));
      expect(r.data).toMatchObject({ ok: true });
      return (r.data as { warning?: string }).warning;
    };
    expect(await create({ departmentId: a.id, categoryId: water.id, districtId: north.id })).toBeUndefined();
    expect(await create({ departmentId: b.id, categoryId: water.id, districtId: centre.id })).toBeUndefined(); // another district
    expect(await create({ departmentId: b.id, categoryId: roads.id, districtId: north.id })).toBeUndefined(); // another category
    expect(await create({ departmentId: b.id, categoryId: utilities.id, districtId: north.id })).toBeUndefined(); // wider than rule 1
    expect((await page()).rules.every((r) => r.shadowedBy === null)).toBe(true);

    // Routing skips a switched-off rule, so it hides nothing; switched on again, it does.
    const [first, second] = (await page()).rules;
    await getDb().routingRule.update({ where: { id: first!.id }, data: { active: false } });
    expect(await create({ departmentId: b.id, categoryId: water.id, districtId: north.id, beforeRuleId: second!.id })).toBeUndefined();
    expect((await page()).rules.every((r) => r.shadowedBy === null)).toBe(true);
    await getDb().routingRule.update({ where: { id: first!.id }, data: { active: true } });
    expect((await page()).rules[1]!.shadowedBy).toEqual({ id: first!.id, n: 1 });
  });

  it("a catch-all rule hides everything after it, in English too", async () => {
    const all = await createDepartment("ca-all");
    const later = await createDepartment("ca-later");
    expectOk(await post({ intent: "create", departmentId: all.id }));
    const r = asResult(await routing.action(args(postRequest("/admin/routing?lang=en", ctx.adminCookie, { intent: "create", departmentId: later.id }))));
    expect((r.data as { warning?: string }).warning).toMatch(/never match.*rule 1/i);
  });
});

describe("deleting a rule", () => {
  it("asks for confirmation first (a page of its own, no script needed); deletes only when confirmed", async () => {
    const dep = await createDepartment("del-a");
    expectOk(await post({ intent: "create", departmentId: dep.id }));
    const rule = (await page()).rules[0]!;

    expectInvalid(await post({ intent: "delete", ruleId: rule.id }), "confirm");
    expect(await getDb().routingRule.count({ where: { id: rule.id } })).toBe(1);

    const confirm = await page(`?delete=${rule.id}`);
    expect(confirm.confirmDelete).toMatchObject({ id: rule.id, n: 1, department: { code: "del-a" } });
    expect((await page(`?delete=not-a-rule`)).confirmDelete).toBeNull();

    expectOk(await post({ intent: "delete", ruleId: rule.id, confirm: "yes" }));
    expect(await getDb().routingRule.count({ where: { id: rule.id } })).toBe(0);
    expect(await lastAudit("routing-rule.delete")).toMatchObject({ entityId: rule.id, actorId: ctx.admin.id });
  });
});

describe("which rule would route this?", () => {
  it("answers with the rule, department and due date a submitted request really gets", async () => {
    const water = await createDepartment("tb-water");
    const north = await createDepartment("tb-north");
    const utilities = await createCategory({ code: "tb-utilities", slaAmount: 3, slaUnit: "WORKING_DAYS" });
    const leak = await createCategory({ code: "tb-utilities.leak", parentId: utilities.id, slaAmount: 2, slaUnit: "CALENDAR_DAYS" });
    const centreDistrict = await createDistrict("tb-centre", rect(30.0, 50.0, 30.1, 50.1));
    const northDistrict = await createDistrict("tb-north", rect(30.0, 50.1, 30.1, 50.2));
    expectOk(await post({ intent: "create", departmentId: north.id, categoryId: utilities.id, districtId: northDistrict.id }));
    expectOk(await post({ intent: "create", departmentId: water.id, categoryId: utilities.id }));

    expect((await thrown(routing.loader(args(getRequest(`/admin/routing?testCategory=${leak.id}`, ctx.operatorCookie))))).status).toBe(403);

    // A leak in the centre: not the north rule, the second one, by its parent category.
    const p = await page(`?testCategory=${leak.id}&testDistrict=${centreDistrict.id}`);
    expect(p.test).toMatchObject({ rule: { n: 2 }, department: { code: "tb-water" } });
    const sla = p.test!.deadlines.find((d) => d.kind === "SLA")!;
    const submitted = await submitRequest({ channel: "WEB", description: "Тече труба", categoryCode: leak.code, location: { lat: 50.05, lon: 30.05 } });
    const row = await getDb().request.findUniqueOrThrow({ where: { id: submitted.request.id }, include: { deadlines: { where: { active: true } } } });
    expect(row.departmentId).toBe(water.id);
    const realSla = row.deadlines.find((d) => d.kind === "SLA")!;
    expect(Math.abs(new Date(sla.dueAt).getTime() - realSla.dueAt.getTime())).toBeLessThan(60_000);

    // By a point instead of a district: the district is found as for a real request.
    const byPoint = await page(`?testCategory=${leak.id}&testLat=50.15&testLon=30.05`);
    expect(byPoint.test).toMatchObject({ district: { code: "tb-north" }, rule: { n: 1 }, department: { code: "tb-north" } });

    // No rule for it: the operators' triage queue, said so.
    const roads = await createCategory({ code: "tb-roads" });
    const none = await page(`?testCategory=${roads.id}&testDistrict=${centreDistrict.id}`);
    expect(none.test).toMatchObject({ rule: null, department: null });

    // Unanswerable questions are said so, next to the control to fix.
    expect((await page(`?testCategory=`)).testError).toMatchObject({ field: "testCategory" });
    const badPoint = await page(`?testCategory=${leak.id}&testLat=north&testLon=30.05`);
    expect(badPoint.testError).toMatchObject({ field: "testLat" });
    expect(badPoint.testError!.message).toMatch(/широта від -90 до 90/);
  });
});
