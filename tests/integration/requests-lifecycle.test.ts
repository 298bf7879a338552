import { beforeEach, describe, expect, test } from "vitest";
import { autoCloseResolved } from "#app/domain/requests/auto-close-resolved.server.ts";
import { changeCategory } from "#app/domain/requests/change-category.server.ts";
import { confirmResolution } from "#app/domain/requests/confirm-resolution.server.ts";
import { mergeRequests } from "#app/domain/requests/merge-requests.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { recordOutage } from "#app/domain/outages/record-outage.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";

let city: Awaited<ReturnType<typeof createSmallCity>>;
let officer: Awaited<ReturnType<typeof createStaff>>;
beforeEach(async () => {
  await getDb().$executeRawUnsafe(
    `TRUNCATE "Notification","Message","RequestEvent","Deadline","Appeal","RequestCoExecutor","RequestFollower","StaffAlert","Request","ChannelIdentity","Citizen","RoutingRule","OutageCategory","Outage","Category","District","StaffUser","Department","RequestNumberCounter","Setting" CASCADE`,
  );
  city = await createSmallCity();
  officer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id });
});

const staff = () => ({ type: "STAFF" as const, id: officer.id });
const submitWater = (externalId: string, chat: string) =>
  submitRequest({
    channel: "TELEGRAM",
    externalId,
    description: "Немає води в будинку",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { identity: { channel: "TELEGRAM", externalId: chat } },
  });

describe("lifecycle", () => {
  test("a forbidden transition is refused and changes nothing", async () => {
    const r = await submitWater("u1", "c1");
    await expect(transitionRequest({ requestId: r.request.id, to: "CLOSED", actor: staff() })).rejects.toMatchObject({
      code: "INVALID_TRANSITION",
    });
    const row = await getDb().request.findUniqueOrThrow({ where: { id: r.request.id } });
    expect(row.status).toBe("ASSIGNED");
  });

  test("resolving needs a result code and a public answer", async () => {
    const r = await submitWater("u1", "c1");
    await transitionRequest({ requestId: r.request.id, to: "IN_PROGRESS", actor: staff() });
    await expect(transitionRequest({ requestId: r.request.id, to: "RESOLVED", actor: staff() })).rejects.toMatchObject({
      code: "VALIDATION",
      details: { missing: ["resultCode", "publicAnswer"] },
    });
    await transitionRequest({
      requestId: r.request.id,
      to: "RESOLVED",
      actor: staff(),
      resultCode: "RESOLVED_POSITIVELY",
      publicAnswer: "Водопостачання відновлено о 14:00",
    });
    const row = await getDb().request.findUniqueOrThrow({ where: { id: r.request.id }, include: { deadlines: true } });
    expect(row.status).toBe("RESOLVED");
    expect(row.resolvedAt).not.toBeNull();
    expect(row.deadlines.every((d) => !d.active)).toBe(true);
    const resolved = await getDb().notification.findFirstOrThrow({ where: { requestId: r.request.id, template: "resolved" } });
    expect((resolved.params as { answer: string }).answer).toBe("Водопостачання відновлено о 14:00");
  });

  test("the citizen's 'not resolved' reopens for rework with clocks again; 'resolved' closes", async () => {
    const r = await submitWater("u1", "c1");
    const resolve = () =>
      transitionRequest({ requestId: r.request.id, to: "RESOLVED", actor: staff(), resultCode: "RESOLVED_POSITIVELY", publicAnswer: "Готово" });
    await resolve();
    await confirmResolution({ requestId: r.request.id, resolved: false, actor: { type: "CITIZEN" }, comment: "Води досі немає" });
    let row = await getDb().request.findUniqueOrThrow({ where: { id: r.request.id }, include: { deadlines: true, events: true } });
    expect(row.status).toBe("IN_PROGRESS");
    expect(row.deadlines.some((d) => d.active)).toBe(true);
    expect(row.events.find((e) => e.type === "reopened")?.data).toMatchObject({ comment: "Води досі немає" });
    await resolve();
    await confirmResolution({ requestId: r.request.id, resolved: true, actor: { type: "CITIZEN" } });
    row = await getDb().request.findUniqueOrThrow({ where: { id: r.request.id }, include: { deadlines: true, events: true } });
    expect(row.status).toBe("CLOSED");
    expect(row.closedAt).not.toBeNull();
    await expect(confirmResolution({ requestId: r.request.id, resolved: false, actor: { type: "CITIZEN" } })).rejects.toMatchObject({
      code: "INVALID_TRANSITION",
    });
  });

  test("silence after resolution closes the request after the configured days, not before", async () => {
    const r = await submitWater("u1", "c1");
    await transitionRequest({ requestId: r.request.id, to: "RESOLVED", actor: staff(), resultCode: "EXPLANATION_GIVEN", publicAnswer: "Роз'яснено" });
    await getDb().setting.create({ data: { key: "requests.autoCloseDays", value: 3 } });
    const resolvedAt = (await getDb().request.findUniqueOrThrow({ where: { id: r.request.id } })).resolvedAt!;
    expect(await autoCloseResolved({ now: new Date(resolvedAt.getTime() + 2 * 86_400_000) })).toEqual({ closed: 0 });
    expect(await autoCloseResolved({ now: new Date(resolvedAt.getTime() + 3 * 86_400_000 + 1000) })).toEqual({ closed: 1 });
    const row = await getDb().request.findUniqueOrThrow({ where: { id: r.request.id }, include: { events: true } });
    expect(row.status).toBe("CLOSED");
    expect(row.events.map((e) => e.type)).toContain("auto-closed");
  });

  test("every change is an event in order, and a citizen-visible one is public", async () => {
    const r = await submitWater("u1", "c1");
    await transitionRequest({ requestId: r.request.id, to: "IN_PROGRESS", actor: staff(), note: "Бригада виїхала" });
    await transitionRequest({ requestId: r.request.id, to: "WAITING_CITIZEN", actor: staff(), question: "Який під'їзд?" });
    const events = await getDb().requestEvent.findMany({ where: { requestId: r.request.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["received", "routed", "deadlines-set", "status-changed", "note", "status-changed"]);
    expect(events.find((e) => e.type === "note")!.isPublic).toBe(false);
    expect(await getDb().notification.count({ where: { requestId: r.request.id, template: "question" } })).toBe(1);
  });

  test("changing the category recomputes the deadlines and records the change", async () => {
    const r = await submitWater("u1", "c1");
    const before = (await getDb().request.findUniqueOrThrow({ where: { id: r.request.id } })).dueAt!;
    await expect(changeCategory({ actor: officer, requestId: r.request.id, categoryCode: "housing.yard" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const operator = await createStaff({ role: "OPERATOR" });
    await changeCategory({ actor: operator, requestId: r.request.id, categoryCode: "housing.yard" });
    const row = await getDb().request.findUniqueOrThrow({ where: { id: r.request.id }, include: { deadlines: true, events: true } });
    expect(row.dueAt!.getTime()).toBeGreaterThan(before.getTime());
    expect(row.deadlines.filter((d) => d.active)).toHaveLength(1);
    expect(row.events.map((e) => e.type)).toContain("category-changed");
  });
});

describe("merging duplicates", () => {
  test("the duplicate's reporter is told once and then hears about the main request", async () => {
    const main = await submitWater("u1", "chat-main");
    const dup = await submitWater("u2", "chat-dup");
    const operator = await createStaff({ role: "OPERATOR" });
    await mergeRequests({ duplicateId: dup.request.id, mainId: main.request.id, actorId: operator.id });
    const db = getDb();
    const dupRow = await db.request.findUniqueOrThrow({ where: { id: dup.request.id }, include: { deadlines: true } });
    expect(dupRow).toMatchObject({ status: "MERGED", duplicateOfId: main.request.id, receiptType: "DUPLICATE" });
    expect(dupRow.deadlines.every((d) => !d.active)).toBe(true);
    const toDup = await db.notification.findMany({ where: { requestId: dup.request.id, address: "chat-dup", status: "PENDING" } });
    expect(toDup.map((n) => n.template).sort()).toEqual(["merged", "received", "routed"].sort());
    // A later change of the main request reaches both reporters.
    await transitionRequest({ requestId: main.request.id, to: "IN_PROGRESS", actor: { type: "STAFF", id: operator.id } });
    const later = await db.notification.findMany({ where: { requestId: main.request.id, template: "statusChanged" } });
    expect(later.map((n) => n.address).sort()).toEqual(["chat-dup", "chat-main"]);
  });

  test("cannot merge into a closed request or into itself", async () => {
    const a = await submitWater("u1", "c1");
    const b = await submitWater("u2", "c2");
    const operator = await createStaff({ role: "OPERATOR" });
    await expect(mergeRequests({ duplicateId: a.request.id, mainId: a.request.id, actorId: operator.id })).rejects.toMatchObject({ code: "VALIDATION" });
    await getDb().request.update({ where: { id: b.request.id }, data: { status: "CLOSED" } });
    await expect(mergeRequests({ duplicateId: a.request.id, mainId: b.request.id, actorId: operator.id })).rejects.toMatchObject({
      code: "INVALID_TRANSITION",
    });
  });
});

describe("outages", () => {
  test("a new request in the outage's area and category links to it and the citizen is told at once", async () => {
    const outage = await recordOutage({
      kind: "OUTAGE",
      titleUk: "Аварія на водогоні",
      causeUk: "Пошкодження магістралі на вул. Шевченка",
      districtCode: "centre",
      categoryCodes: ["water"],
      startsAt: new Date(Date.now() - 3600_000),
      plannedEndAt: new Date(Date.now() + 6 * 3600_000),
    });
    const inArea = await submitWater("u1", "c1");
    expect(inArea.request.outageId).toBe(outage.id);
    expect(inArea.outage?.causeUk).toBe("Пошкодження магістралі на вул. Шевченка");
    const told = await getDb().notification.findFirstOrThrow({ where: { requestId: inArea.request.id, template: "outageLinked" } });
    expect((told.params as { cause: string }).cause).toMatch(/Шевченка/);

    const elsewhere = await submitRequest({ channel: "WEB", description: "Немає води", categoryCode: "water.no-water", location: POINTS.north });
    expect(elsewhere.request.outageId).toBeNull();
    const otherCategory = await submitRequest({ channel: "WEB", description: "Холодно", categoryCode: "heating.no-heating", location: POINTS.centre });
    expect(otherCategory.request.outageId).toBeNull();
  });

  test("an ended outage links nothing; a bad outage is refused naming the field", async () => {
    await recordOutage({
      kind: "PLANNED_WORKS",
      titleUk: "Планові роботи",
      causeUk: "Заміна засувки",
      districtCode: "centre",
      categoryCodes: ["water"],
      startsAt: new Date(Date.now() - 2 * 3600_000),
    }).then((o) => getDb().outage.update({ where: { id: o.id }, data: { endedAt: new Date(Date.now() - 3600_000) } }));
    const r = await submitWater("u1", "c1");
    expect(r.request.outageId).toBeNull();
    await expect(
      recordOutage({ kind: "OUTAGE", titleUk: "Аварія", causeUk: "Прорив", districtCode: "mars", categoryCodes: ["water"], startsAt: new Date() }),
    ).rejects.toMatchObject({ code: "VALIDATION", field: "districtCode" });
  });
});
