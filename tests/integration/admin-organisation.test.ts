// /admin: departments, staff accounts, categories, routing rules, districts.
// Each route: non-admin → 403, bad input → 400 naming the field, good input → DB + AuditLog.
import { beforeAll, describe, expect, it } from "vitest";
import * as layout from "#app/routes/admin+/_layout.tsx";
import * as home from "#app/routes/admin+/_index.tsx";
import * as categories from "#app/routes/admin+/categories.tsx";
import * as category from "#app/routes/admin+/categories_.$categoryId.tsx";
import * as departments from "#app/routes/admin+/departments.tsx";
import * as districts from "#app/routes/admin+/districts.tsx";
import * as routing from "#app/routes/admin+/routing.tsx";
import * as staff from "#app/routes/admin+/staff.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { verifyPassword } from "#app/utils/password.server.ts";
import { createCategory, createDepartment, createDistrict, rect } from "#tests/factories/org.ts";
import { args, BASE, createAdminAndOperator, expectInvalid, expectOk, getRequest, lastAudit, postRequest, thrown } from "./admin-helpers.ts";

let ctx: Awaited<ReturnType<typeof createAdminAndOperator>>;
beforeAll(async () => {
  ctx = await createAdminAndOperator();
});

describe("admin layout and home", () => {
  it("lets an admin in, refuses others with 403, sends the signed-out to /login", async () => {
    expect(await layout.loader(args(getRequest("/admin", ctx.adminCookie)))).toMatchObject({ lang: "uk" });
    expect(await home.loader(args(getRequest("/admin", ctx.adminCookie)))).toMatchObject({ name: "Адмін" });
    expect((await thrown(layout.loader(args(getRequest("/admin", ctx.operatorCookie))))).status).toBe(403);
    const out = await thrown(layout.loader(args(new Request(`${BASE}/admin/staff`))));
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fadmin%2Fstaff/);
  });
});

describe("departments", () => {
  it("refuses a non-admin", async () => {
    expect((await thrown(departments.loader(args(getRequest("/admin/departments", ctx.operatorCookie))))).status).toBe(403);
    const r = await thrown(
      departments.action(args(postRequest("/admin/departments", ctx.operatorCookie, { intent: "create", code: "x1", nameUk: "Відділ", nameEn: "Dept" }))),
    );
    expect(r.status).toBe(403);
    expect(await getDb().department.count({ where: { code: "x1" } })).toBe(0);
  });

  it("refuses a POST without the CSRF token", async () => {
    const request = new Request(`${BASE}/admin/departments`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: ctx.adminCookie },
      body: new URLSearchParams({ intent: "create", code: "nocsrf", nameUk: "Відділ", nameEn: "Dept" }),
    });
    expect((await thrown(departments.action(args(request)))).status).toBe(403);
  });

  it("validates: a bad code is a 400 naming the field", async () => {
    const r = await departments.action(
      args(postRequest("/admin/departments", ctx.adminCookie, { intent: "create", code: "Bad Code!", nameUk: "Відділ", nameEn: "Dept" })),
    );
    // The message names the field and what a code may hold.
    expect(expectInvalid(r, "code")).toMatch(/^Код має складатися з .*латинських літер/);
  });

  it("creates, renames and deactivates a department, auditing each", async () => {
    expectOk(
      await departments.action(
        args(
          postRequest("/admin/departments", ctx.adminCookie, { intent: "create", code: "parks", nameUk: "Парки", nameEn: "Parks", email: "parks@slv.test" }),
        ),
      ),
    );
    const dep = await getDb().department.findUniqueOrThrow({ where: { code: "parks" } });
    expect(await lastAudit("department.create")).toMatchObject({ actorId: ctx.admin.id, entityId: dep.id });
    const dup = await departments.action(
      args(postRequest("/admin/departments", ctx.adminCookie, { intent: "create", code: "parks", nameUk: "Парки", nameEn: "Parks" })),
    );
    expectInvalid(dup, "code", 409);

    expectOk(
      await departments.action(
        args(
          postRequest("/admin/departments", ctx.adminCookie, { intent: "update", departmentId: dep.id, nameUk: "Парки і сквери", nameEn: "Parks and squares" }),
        ),
      ),
    );
    expect((await getDb().department.findUniqueOrThrow({ where: { id: dep.id } })).nameUk).toBe("Парки і сквери");
    expect(await lastAudit("department.update")).toMatchObject({ entityId: dep.id });

    expectOk(await departments.action(args(postRequest("/admin/departments", ctx.adminCookie, { intent: "deactivate", departmentId: dep.id }))));
    expect((await getDb().department.findUniqueOrThrow({ where: { id: dep.id } })).active).toBe(false);
    expect(await lastAudit("department.deactivate")).toMatchObject({ entityId: dep.id });

    const list = await departments.loader(args(getRequest("/admin/departments", ctx.adminCookie)));
    expect(list.departments.map((d) => d.code)).toContain("parks");
  });

  it("will not deactivate a department an active routing rule still uses", async () => {
    const dep = await createDepartment("busy");
    await getDb().routingRule.create({ data: { position: 1, departmentId: dep.id } });
    const r = await departments.action(args(postRequest("/admin/departments", ctx.adminCookie, { intent: "deactivate", departmentId: dep.id })));
    expectInvalid(r, "departmentId", 409);
  });
});

describe("staff accounts", () => {
  it("refuses a non-admin", async () => {
    expect((await thrown(staff.loader(args(getRequest("/admin/staff", ctx.operatorCookie))))).status).toBe(403);
    expect(
      (await thrown(staff.action(args(postRequest("/admin/staff", ctx.operatorCookie, { intent: "deactivate", staffUserId: ctx.admin.id }))))).status,
    ).toBe(403);
  });

  it("validates role/department, password length, and never lets an admin deactivate themselves", async () => {
    const dep = await createDepartment("water-x");
    expectInvalid(
      await staff.action(
        args(
          postRequest("/admin/staff", ctx.adminCookie, {
            intent: "create",
            name: "Нова Особа",
            email: "new@slv.test",
            role: "DEPARTMENT_OFFICER",
            password: "a very long password",
          }),
        ),
      ),
      "departmentId",
    );
    expectInvalid(
      await staff.action(
        args(
          postRequest("/admin/staff", ctx.adminCookie, {
            intent: "create",
            name: "Нова Особа",
            email: "new@slv.test",
            role: "OPERATOR",
            departmentId: dep.id,
            password: "short",
          }),
        ),
      ),
      "password",
    );
    expectInvalid(
      await staff.action(
        args(
          postRequest("/admin/staff", ctx.adminCookie, {
            intent: "create",
            name: "Нова Особа",
            email: "new@slv.test",
            role: "KING",
            password: "a very long password",
          }),
        ),
      ),
      "role",
    );
    expectInvalid(
      await staff.action(args(postRequest("/admin/staff", ctx.adminCookie, { intent: "deactivate", staffUserId: ctx.admin.id }))),
      "staffUserId",
      403,
    );
    expectInvalid(
      await staff.action(args(postRequest("/admin/staff", ctx.adminCookie, { intent: "update", staffUserId: ctx.admin.id, role: "OPERATOR" }))),
      "role",
      403,
    );
    expect((await getDb().staffUser.findUniqueOrThrow({ where: { id: ctx.admin.id } })).active).toBe(true);
  });

  it("creates an account with an argon2 password, changes its role and department, deactivates it", async () => {
    const dep = await createDepartment("heat-x");
    expectOk(
      await staff.action(
        args(
          postRequest("/admin/staff", ctx.adminCookie, {
            intent: "create",
            name: "Ганна Нова",
            email: "Hanna@SLV.test",
            role: "OPERATOR",
            password: "a very long password",
          }),
        ),
      ),
    );
    const user = await getDb().staffUser.findUniqueOrThrow({ where: { email: "hanna@slv.test" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword({ hash: user.passwordHash!, plain: "a very long password" })).toBe(true);
    const created = await lastAudit("staff.create");
    expect(created).toMatchObject({ actorId: ctx.admin.id, entityId: user.id });
    expect(JSON.stringify(created?.data)).not.toContain("a very long password");

    expectOk(
      await staff.action(
        args(postRequest("/admin/staff", ctx.adminCookie, { intent: "update", staffUserId: user.id, role: "DEPARTMENT_OFFICER", departmentId: dep.id })),
      ),
    );
    expect(await getDb().staffUser.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ role: "DEPARTMENT_OFFICER", departmentId: dep.id });
    expect((await lastAudit("staff.update"))?.data).toMatchObject({ before: { role: "OPERATOR" }, after: { role: "DEPARTMENT_OFFICER" } });

    expectOk(await staff.action(args(postRequest("/admin/staff", ctx.adminCookie, { intent: "deactivate", staffUserId: user.id }))));
    expect((await getDb().staffUser.findUniqueOrThrow({ where: { id: user.id } })).active).toBe(false);
    expect(await lastAudit("staff.deactivate")).toMatchObject({ entityId: user.id });

    const page = await staff.loader(args(getRequest("/admin/staff", ctx.adminCookie)));
    expect(JSON.stringify(page)).not.toContain("argon2");
  });
});

describe("categories", () => {
  it("lists a tree, refuses a non-admin, validates extra questions, and saves with an audit row", async () => {
    const dep = await createDepartment("cat-dep");
    const root = await createCategory({ code: "roads", departmentId: dep.id });
    const child = await createCategory({ code: "roads.pothole", parentId: root.id, departmentId: dep.id });
    const list = await categories.loader(args(getRequest("/admin/categories", ctx.adminCookie)));
    const idx = (code: string) => list.categories.findIndex((c) => c.code === code);
    expect(idx("roads")).toBeLessThan(idx("roads.pothole"));
    expect(list.categories[idx("roads.pothole")]!.depth).toBe(1);
    expect((await thrown(categories.loader(args(getRequest("/admin/categories", ctx.operatorCookie))))).status).toBe(403);

    const path = `/admin/categories/${child.id}`;
    const edit = await category.loader(args(getRequest(path, ctx.adminCookie), { categoryId: child.id }));
    expect(edit.category.code).toBe("roads.pothole");
    expect((await thrown(category.action(args(postRequest(path, ctx.operatorCookie, {}), { categoryId: child.id })))).status).toBe(403);

    const base = { nameUk: "Вибоїна", nameEn: "Pothole", departmentId: dep.id, urgency: "URGENT", slaAmount: "5", slaUnit: "WORKING_DAYS", active: "on" };
    const badJson = await category.action(args(postRequest(path, ctx.adminCookie, { ...base, extraQuestions: "[{" }), { categoryId: child.id }));
    expect(expectInvalid(badJson, "extraQuestions")).toMatch(/^Додаткові запитання мають бути записані як JSON/);
    const badShape = await category.action(
      args(postRequest(path, ctx.adminCookie, { ...base, extraQuestions: JSON.stringify([{ code: "size", datatype: "singlevaluelist" }]) }), {
        categoryId: child.id,
      }),
    );
    expectInvalid(badShape, "extraQuestions");
    const noUnit = await category.action(args(postRequest(path, ctx.adminCookie, { ...base, slaUnit: "", extraQuestions: "[]" }), { categoryId: child.id }));
    expectInvalid(noUnit, "slaAmount");
    const statutoryNoTerm = await category.action(
      args(postRequest(path, ctx.adminCookie, { ...base, statutoryApplies: "on", extraQuestions: "[]" }), { categoryId: child.id }),
    );
    expectInvalid(statutoryNoTerm, "statutoryTerm");

    const questions = [
      {
        code: "size",
        variable: true,
        datatype: "singlevaluelist",
        required: true,
        order: 1,
        descriptionUk: "Розмір",
        descriptionEn: "Size",
        values: [{ key: "small", nameUk: "Мала", nameEn: "Small" }],
      },
    ];
    expectOk(
      await category.action(
        args(
          postRequest(path, ctx.adminCookie, {
            ...base,
            statutoryApplies: "on",
            statutoryTerm: "MONTH_1",
            isAdminService: "on",
            extraQuestions: JSON.stringify(questions),
          }),
          { categoryId: child.id },
        ),
      ),
    );
    const saved = await getDb().category.findUniqueOrThrow({ where: { id: child.id } });
    expect(saved).toMatchObject({
      nameUk: "Вибоїна",
      urgency: "URGENT",
      slaAmount: 5,
      slaUnit: "WORKING_DAYS",
      statutoryApplies: true,
      statutoryTerm: "MONTH_1",
      isAdminService: true,
      active: true,
    });
    expect(saved.extraQuestions).toEqual(questions);
    const audit = await lastAudit("category.update");
    expect(audit).toMatchObject({ actorId: ctx.admin.id, entityId: child.id });
    expect((audit!.data as { changed: Record<string, unknown> }).changed).toHaveProperty("urgency");
  });
});

describe("routing rules", () => {
  it("creates at the end, moves up and down, deletes; audits each; validates the department", async () => {
    const a = await createDepartment("rr-a");
    const b = await createDepartment("rr-b");
    expect((await thrown(routing.action(args(postRequest("/admin/routing", ctx.operatorCookie, { intent: "create", departmentId: a.id }))))).status).toBe(403);
    expectInvalid(await routing.action(args(postRequest("/admin/routing", ctx.adminCookie, { intent: "create", departmentId: "" }))), "departmentId");
    expectInvalid(
      await routing.action(args(postRequest("/admin/routing", ctx.adminCookie, { intent: "create", departmentId: a.id, coDepartmentCodes: ["nope"] }))),
      "coDepartmentCodes",
    );

    expectOk(await routing.action(args(postRequest("/admin/routing", ctx.adminCookie, { intent: "create", departmentId: a.id, coDepartmentCodes: ["rr-b"] }))));
    expectOk(await routing.action(args(postRequest("/admin/routing", ctx.adminCookie, { intent: "create", departmentId: b.id }))));
    expect(await lastAudit("routing-rule.create")).toMatchObject({ actorId: ctx.admin.id });
    let page = await routing.loader(args(getRequest("/admin/routing", ctx.adminCookie)));
    const ours = () => page.rules.filter((r) => r.department.code.startsWith("rr-")).map((r) => r.department.code);
    expect(ours()).toEqual(["rr-a", "rr-b"]);
    expect(page.rules.find((r) => r.department.code === "rr-a")!.coDepartmentCodes).toEqual(["rr-b"]);

    const ruleB = page.rules.find((r) => r.department.code === "rr-b")!;
    expectOk(await routing.action(args(postRequest("/admin/routing", ctx.adminCookie, { intent: "up", ruleId: ruleB.id }))));
    page = await routing.loader(args(getRequest("/admin/routing", ctx.adminCookie)));
    expect(ours()).toEqual(["rr-b", "rr-a"]);
    expect(await lastAudit("routing-rule.move")).toMatchObject({ entityId: ruleB.id });
    const positions = page.rules.map((r) => r.position);
    expect(new Set(positions).size).toBe(positions.length);

    expectOk(await routing.action(args(postRequest("/admin/routing", ctx.adminCookie, { intent: "delete", ruleId: ruleB.id, confirm: "yes" }))));
    expect(await getDb().routingRule.findUnique({ where: { id: ruleB.id } })).toBeNull();
    expect(await lastAudit("routing-rule.delete")).toMatchObject({ entityId: ruleB.id });
  });
});

describe("districts", () => {
  const square = {
    type: "Polygon",
    coordinates: [
      [
        [37.5, 48.8],
        [37.7, 48.8],
        [37.7, 48.9],
        [37.5, 48.9],
        [37.5, 48.8],
      ],
    ],
  };

  it("refuses a non-admin and rejects what is not a Polygon/MultiPolygon", async () => {
    expect((await thrown(districts.action(args(postRequest("/admin/districts", ctx.operatorCookie, { code: "d1" }))))).status).toBe(403);
    const point = await districts.action(
      args(
        postRequest("/admin/districts", ctx.adminCookie, {
          code: "east",
          nameUk: "Схід",
          nameEn: "East",
          geoJson: JSON.stringify({ type: "Point", coordinates: [37.6, 48.85] }),
        }),
      ),
    );
    expectInvalid(point, "geoJson");
    const notJson = await districts.action(
      args(postRequest("/admin/districts", ctx.adminCookie, { code: "east", nameUk: "Схід", nameEn: "East", geoJson: "{nope" })),
    );
    expectInvalid(notJson, "geoJson");
    const shortRing = await districts.action(
      args(
        postRequest("/admin/districts", ctx.adminCookie, {
          code: "east",
          nameUk: "Схід",
          nameEn: "East",
          geoJson: JSON.stringify({
            type: "Polygon",
            coordinates: [
              [
                [1, 2],
                [3, 4],
              ],
            ],
          }),
        }),
      ),
    );
    expectInvalid(shortRing, "geoJson");
  });

  it("saves a Feature from pasted text with its bounding box, and replaces it by code from an uploaded file", async () => {
    const feature = { type: "Feature", properties: {}, geometry: square };
    expectOk(
      await districts.action(
        args(postRequest("/admin/districts", ctx.adminCookie, { code: "east", nameUk: "Схід", nameEn: "East", geoJson: JSON.stringify(feature) })),
      ),
    );
    const d = await getDb().district.findUniqueOrThrow({ where: { code: "east" } });
    expect(d).toMatchObject({ minLon: 37.5, minLat: 48.8, maxLon: 37.7, maxLat: 48.9 });
    expect(await lastAudit("district.create")).toMatchObject({ entityId: d.id, actorId: ctx.admin.id });

    const form = new FormData();
    const { csrfPairForTests } = await import("#app/utils/csrf.server.ts");
    const pair = csrfPairForTests();
    form.set("csrf", pair.field);
    form.set("code", "east");
    form.set("nameUk", "Східний");
    form.set("nameEn", "Eastern");
    const multi = { type: "MultiPolygon", coordinates: [rect(37.6, 48.85, 37.65, 48.86).coordinates, rect(37.7, 48.9, 37.8, 49.0).coordinates] };
    form.set("geoJsonFile", new File([JSON.stringify(multi)], "east.geojson", { type: "application/geo+json" }));
    const request = new Request(`${BASE}/admin/districts`, { method: "POST", headers: { Cookie: `${ctx.adminCookie}; ${pair.cookie}` }, body: form });
    expectOk(await districts.action(args(request)));
    expect(await getDb().district.findUniqueOrThrow({ where: { code: "east" } })).toMatchObject({ nameUk: "Східний", minLon: 37.6, maxLat: 49.0 });
    expect(await lastAudit("district.update")).toMatchObject({ entityId: d.id });

    await createDistrict("west", rect(37.4, 48.8, 37.5, 48.9));
    const page = await districts.loader(args(getRequest("/admin/districts", ctx.adminCookie)));
    expect(page.districts.map((x) => x.code).sort()).toEqual(["east", "west"]);
  });
});
