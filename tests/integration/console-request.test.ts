// Staff console: inbox, request page and its actions, through the routes' loaders and actions.
import { beforeAll, describe, expect, it } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { seedReplyTemplates } from "#prisma/seed/reply-templates.ts";
import { loader as inboxLoader } from "#app/routes/staff+/inbox.tsx";
import { action as requestAction, loader as requestLoader } from "#app/routes/staff+/requests.$id.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";
import { csrf, sessionFor } from "#tests/factories/staff-session.ts";

const BASE = "http://localhost:3000";
type City = Awaited<ReturnType<typeof createSmallCity>>;
let city: City;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as never;

async function inbox(who: string, qs = "") {
  return (await inboxLoader(args(new Request(`${BASE}/staff/inbox?${qs}`, { headers: { Cookie: cookies[who]! } })))) as Awaited<ReturnType<typeof inboxLoader>>;
}

async function page(who: string, id: string) {
  return requestLoader(args(new Request(`${BASE}/staff/requests/${id}`, { headers: { Cookie: cookies[who]! } }), { id })) as Promise<
    NonNullable<Awaited<ReturnType<typeof requestLoader>>>
  >;
}

async function act(who: string, id: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams({ csrf: csrf.field });
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  try {
    return await requestAction(
      args(
        new Request(`${BASE}/staff/requests/${id}`, {
          method: "POST",
          headers: { Cookie: cookies[who]!, "Content-Type": "application/x-www-form-urlencoded" },
          body,
        }),
        { id },
      ),
    );
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } }).init?.status ?? 200;
}
function dataOf(result: unknown) {
  return (result as { data: { error: string | null; contact: unknown } }).data;
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

beforeAll(async () => {
  city = await createSmallCity();
  await seedReplyTemplates();
  const operator = await createStaff({ role: "OPERATOR", name: "Олена Оператор" });
  const waterOfficer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id, name: "Сергій Водоканал" });
  const waterColleague = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id, name: "Ірина Водоканал" });
  const heatingOfficer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.heating.id, name: "Віктор Тепло" });
  const roadsOfficer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.triageOnly.id, name: "Петро Дороги" });
  ids.waterColleague = waterColleague.id;
  for (const [k, u] of Object.entries({ operator, waterOfficer, heatingOfficer, roadsOfficer })) cookies[k] = (await sessionFor(u)).cookie;

  const water = await submitRequest({
    channel: "WEB",
    description: "Немає ВОДИ в будинку з ранку",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { fullName: "Марія Петренко", phone: "+380501112233", residence: "вул. Центральна, 1" },
  });
  ids.water = water.request.id;
  ids.waterNumber = water.request.number;
  const pothole = await submitRequest({ channel: "TELEGRAM", description: "Яма на дорозі біля школи", categoryCode: "roads.pothole", location: POINTS.north });
  ids.pothole = pothole.request.id;
  // Overdue: a request whose deadline has passed.
  const old = await submitRequest({
    channel: "SMS",
    description: "Прорив труби у дворі",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    receivedAt: new Date(Date.now() - 3 * 86_400_000),
  });
  ids.old = old.request.id;
  const near = await submitRequest({
    channel: "WEB",
    description: "Немає води у будинку",
    categoryCode: "water.no-water",
    location: { lat: POINTS.centre.lat + 0.001, lon: POINTS.centre.lon },
  });
  ids.near = near.request.id;
  const far = await submitRequest({
    channel: "WEB",
    description: "Немає води у будинку",
    categoryCode: "water.no-water",
    location: { lat: POINTS.centre.lat + 0.02, lon: POINTS.centre.lon },
  });
  ids.far = far.request.id;
});

describe("inbox", () => {
  it("filters by status, overdue and category with its descendants", async () => {
    const assigned = await inbox("operator", "status=ASSIGNED");
    expect(assigned.rows.every((r) => r.status === "ASSIGNED")).toBe(true);
    expect(assigned.rows.map((r) => r.id)).toContain(ids.water);

    const overdue = await inbox("operator", "overdue=1");
    expect(overdue.rows.map((r) => r.id)).toEqual([ids.old]);
    expect(overdue.rows[0]!.isOverdue).toBe(true);

    const byParent = await inbox("operator", "category=water");
    expect(byParent.rows.map((r) => r.id).sort()).toEqual([ids.water, ids.old, ids.near, ids.far].sort());
    const triage = await inbox("operator", "queue=triage");
    expect(triage.rows.map((r) => r.id)).toEqual([ids.pothole]);
  });

  it("searches by number (exact and prefix) and by a Ukrainian word in another case", async () => {
    const exact = await inbox("operator", `q=${ids.waterNumber}`);
    expect(exact.rows.map((r) => r.id)).toEqual([ids.water]);
    const prefix = await inbox("operator", `q=${encodeURIComponent(ids.waterNumber!.slice(0, 10))}`);
    expect(prefix.rows.length).toBe(5);
    // «вода» is the word of «немає води»: the search compares stems, not letters.
    const word = await inbox("operator", `q=${encodeURIComponent("вода")}`);
    expect(word.rows.map((r) => r.id).sort()).toEqual([ids.water, ids.near, ids.far].sort());
    const ci = await inbox("operator", `q=${encodeURIComponent("НЕМАЄ вод")}`);
    expect(ci.rows.map((r) => r.id).sort()).toEqual([ids.water, ids.near, ids.far].sort());
  });

  it("a department officer sees only the own queue, and gets 403 on another department's request page and action", async () => {
    const own = await inbox("waterOfficer");
    expect(own.rows.map((r) => r.id)).not.toContain(ids.pothole);
    expect(own.rows.map((r) => r.id)).toContain(ids.water);
    const roads = await inbox("roadsOfficer");
    expect(roads.rows).toEqual([]);

    const view = await caught(page("roadsOfficer", ids.water!));
    expect(view.status).toBe(403);
    const action = await act("roadsOfficer", ids.water!, { intent: "note", text: "Спроба" });
    expect(statusOf(action)).toBe(403);
    // A co-executor (heating) may view and comment, but not resolve.
    const co = await page("heatingOfficer", ids.water!);
    expect(co.permissions.canWork).toBe(false);
    expect(statusOf(await act("heatingOfficer", ids.water!, { intent: "note", text: "Перевіримо теплотрасу" }))).toBe(302);
    const resolve = await act("heatingOfficer", ids.water!, { intent: "resolve", resultCode: "RESOLVED_POSITIVELY", publicAnswer: "Зроблено" });
    expect(statusOf(resolve)).toBe(403);
  });

  it("saves, lists and deletes own views", async () => {
    const { action } = await import("#app/routes/staff+/inbox.tsx");
    const post = (fields: Record<string, string>) =>
      action(
        args(
          new Request(`${BASE}/staff/inbox`, {
            method: "POST",
            headers: { Cookie: cookies.operator!, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ csrf: csrf.field, ...fields }),
          }),
        ),
      );
    const saved = (await post({ intent: "save-view", name: "Прострочені воду", query: "overdue=1&category=water&bogus=1" })) as Response;
    expect(saved.status).toBe(302);
    const list = await inbox("operator");
    expect(list.savedViews).toEqual([expect.objectContaining({ name: "Прострочені воду", query: "category=water&overdue=1" })]);
    expect((await inbox("waterOfficer")).savedViews).toEqual([]);
    const deleted = (await post({ intent: "delete-view", viewId: list.savedViews[0]!.id })) as Response;
    expect(deleted.status).toBe(302);
    expect((await inbox("operator")).savedViews).toEqual([]);
  });
});

describe("request page", () => {
  it("hides the contact until asked; showing it writes an audit row", async () => {
    const p = await page("operator", ids.water!);
    expect(JSON.stringify(p)).not.toContain("+380501112233");
    expect(p.request.events.map((e) => e.type)).toContain("received");
    const shown = await act("operator", ids.water!, { intent: "reveal-contact" });
    expect(dataOf(shown).contact).toMatchObject({ citizen: { phone: "+380501112233", fullName: "Марія Петренко" } });
    const audit = await getDb().auditLog.findMany({ where: { action: "citizen-contact.viewed", entityId: ids.water } });
    expect(audit).toHaveLength(1);
  });

  it("suggests a nearby same-category request and not a far one", async () => {
    const p = await page("operator", ids.water!);
    const suggested = p.options.suggestions.map((s) => s.id);
    expect(suggested).toContain(ids.near);
    expect(suggested).not.toContain(ids.far);
  });

  it("runs the actions' happy paths and refuses a forbidden transition with 409", async () => {
    const db = getDb();
    expect(statusOf(await act("operator", ids.water!, { intent: "note", text: "Дзвонили в диспетчерську" }))).toBe(302);
    expect(statusOf(await act("operator", ids.water!, { intent: "reply", templateCode: "in-work" }))).toBe(302);
    const reply = await db.requestEvent.findFirst({ where: { requestId: ids.water, type: "reply" } });
    expect((reply!.data as { text: string }).text).toContain(ids.waterNumber);
    // Ukrainian greets without the name (it would need the vocative): "Доброго дня!", not "Шановний(а) Марія Петренко!".
    expect((reply!.data as { text: string }).text).toMatch(/^Доброго дня! /);
    expect((reply!.data as { text: string }).text).not.toContain("Марія Петренко");
    expect(await db.notification.count({ where: { requestId: ids.water, template: "reply" } })).toBe(1);

    expect(statusOf(await act("waterOfficer", ids.water!, { intent: "take" }))).toBe(302);
    expect((await db.request.findUnique({ where: { id: ids.water } }))!.status).toBe("IN_PROGRESS");
    expect(statusOf(await act("waterOfficer", ids.water!, { intent: "assign", assigneeId: ids.waterColleague! }))).toBe(302);
    expect((await db.request.findUnique({ where: { id: ids.water } }))!.assigneeId).toBe(ids.waterColleague);

    expect(statusOf(await act("waterOfficer", ids.water!, { intent: "ask", question: "Який під'їзд?" }))).toBe(302);
    expect((await db.request.findUnique({ where: { id: ids.water } }))!.status).toBe("WAITING_CITIZEN");

    const noAnswer = await act("waterOfficer", ids.water!, { intent: "resolve", resultCode: "RESOLVED_POSITIVELY", publicAnswer: "" });
    expect(statusOf(noAnswer)).toBe(400);
    expect(dataOf(noAnswer).error).toMatch(/відповідь/i);

    expect(statusOf(await act("waterOfficer", ids.water!, { intent: "resolve", resultCode: "RESOLVED_POSITIVELY", publicAnswer: "Воду подано" }))).toBe(302);
    const p = await page("waterOfficer", ids.water!);
    expect(p.request.status).toBe("RESOLVED");

    const again = await act("waterOfficer", ids.water!, { intent: "ask", question: "Ще питання" });
    expect(statusOf(again)).toBe(409);
    expect(dataOf(again).error).toContain("Виконано");

    // Operator's call-back: not resolved → back to rework; then confirmed.
    expect(statusOf(await act("operator", ids.water!, { intent: "callback", resolved: "no", comment: "Води досі немає" }))).toBe(302);
    expect((await db.request.findUnique({ where: { id: ids.water } }))!.status).toBe("IN_PROGRESS");
    expect(statusOf(await act("waterOfficer", ids.water!, { intent: "resolve", resultCode: "RESOLVED_POSITIVELY", publicAnswer: "Подано повторно" }))).toBe(
      302,
    );
    expect(statusOf(await act("operator", ids.water!, { intent: "callback", resolved: "yes" }))).toBe(302);
    expect((await db.request.findUnique({ where: { id: ids.water } }))!.status).toBe("CLOSED");
    expect((await inbox("operator", "queue=reopened")).rows.map((r) => r.id)).not.toContain(ids.water);
  });

  it("re-routes from triage, returns as not our competence, changes category, merges, rejects", async () => {
    const db = getDb();
    expect(statusOf(await act("roadsOfficer", ids.pothole!, { intent: "reroute", departmentId: city.triageOnly.id }))).toBe(403);
    expect(statusOf(await act("operator", ids.pothole!, { intent: "reroute", departmentId: city.triageOnly.id, coDepartmentIds: [city.heating.id] }))).toBe(
      302,
    );
    let r = await db.request.findUniqueOrThrow({ where: { id: ids.pothole }, include: { coExecutors: true } });
    expect(r).toMatchObject({ status: "ASSIGNED", departmentId: city.triageOnly.id });
    expect(r.coExecutors.map((c) => c.departmentId)).toEqual([city.heating.id]);
    expect((await inbox("roadsOfficer")).rows.map((x) => x.id)).toContain(ids.pothole);

    expect(statusOf(await act("roadsOfficer", ids.pothole!, { intent: "return", reason: "" }))).toBe(400);
    expect(statusOf(await act("roadsOfficer", ids.pothole!, { intent: "return", reason: "Це дорога обласного значення" }))).toBe(302);
    r = await db.request.findUniqueOrThrow({ where: { id: ids.pothole }, include: { coExecutors: true } });
    expect(r).toMatchObject({ status: "RETURNED", departmentId: null });
    expect((await inbox("operator", "queue=triage")).rows.map((x) => x.id)).toContain(ids.pothole);

    expect(statusOf(await act("operator", ids.pothole!, { intent: "change-category", categoryCode: "housing.yard" }))).toBe(302);
    expect((await db.request.findUniqueOrThrow({ where: { id: ids.pothole } })).categoryId).toBe(city.yard.id);

    const near = await db.request.findUniqueOrThrow({ where: { id: ids.near } });
    expect(statusOf(await act("operator", ids.far!, { intent: "merge", main: near.number }))).toBe(302);
    expect(await db.request.findUniqueOrThrow({ where: { id: ids.far } })).toMatchObject({ status: "MERGED", duplicateOfId: ids.near });

    expect(statusOf(await act("operator", ids.pothole!, { intent: "reject", reason: "Дубль дзвінка" }))).toBe(302);
    expect((await db.request.findUniqueOrThrow({ where: { id: ids.pothole } })).status).toBe("REJECTED");
    expect(statusOf(await act("operator", ids.pothole!, { intent: "reject", reason: "Ще раз" }))).toBe(409);
  });
});

describe("category suggestion for free text", () => {
  it("shows the operator the suggested category with its confidence and words, and confirming records the decision", async () => {
    const r = await submitRequest({
      channel: "SMS",
      externalId: "SM-suggest-1",
      description: "Третій день нема води, кран сухий",
      citizen: { phone: "+380671234999" },
    });
    await getDb().categorySuggestion.create({
      data: { requestId: r.request.id, categoryId: city.noWater.id, confidence: 0.82, terms: ["води", "кран"] },
    });
    const before = await page("operator", r.request.id);
    expect(before.request.suggestion).toMatchObject({ category: { code: "water.no-water" }, confidencePercent: 82, terms: ["води", "кран"], decidedAt: null });

    await act("operator", r.request.id, { intent: "change-category", categoryCode: "water.no-water" });
    const row = await getDb().categorySuggestion.findUniqueOrThrow({ where: { requestId: r.request.id } });
    expect(row.accepted).toBe(true);
    expect(row.decidedAt).not.toBeNull();
    const after = await page("operator", r.request.id);
    expect(after.request.category?.code).toBe("water.no-water");
  });

  it("choosing another category records the suggestion as not accepted", async () => {
    const r = await submitRequest({ channel: "SMS", externalId: "SM-suggest-2", description: "Холодно в квартирі", citizen: { phone: "+380671234998" } });
    await getDb().categorySuggestion.create({ data: { requestId: r.request.id, categoryId: city.noWater.id, confidence: 0.4, terms: [] } });
    await act("operator", r.request.id, { intent: "change-category", categoryCode: "heating.no-heating" });
    const row = await getDb().categorySuggestion.findUniqueOrThrow({ where: { requestId: r.request.id } });
    expect(row.accepted).toBe(false);
  });
});
