// Every request is on a clock: one that arrives without a category (an SMS, a voice
// message) gets the contact centre's term to categorise it, counted in the centre's
// working hours; the sweep warns the operators and escalates to the supervisors like any
// other term; categorising it closes that term and starts the category's own, counted
// from reception. An appeal without a category also runs the statutory clock from reception.
import { beforeAll, describe, expect, it } from "vitest";
import { parseIsoInstant, toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { seedCalendar } from "#app/domain/calendar/seed-calendar.server.ts";
import { sweepDeadlines } from "#app/domain/deadlines/sweep-deadlines.server.ts";
import { setSetting } from "#app/domain/settings/get-setting.server.ts";
import { changeCategory } from "#app/domain/requests/change-category.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import InboxPage, { loader as inboxLoader } from "#app/routes/staff+/inbox.tsx";
import { getTrackingView } from "#app/domain/tracking/get-tracking-view.server.ts";
import * as calendarPage from "#app/routes/admin+/calendar.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity } from "#tests/factories/org.ts";
import { signInAs, type SignedIn } from "#tests/factories/staff-session.ts";
import { args, expectInvalid, expectOk, getRequest, lastAudit, postRequest } from "./admin-helpers.ts";
import { renderPage, textOf } from "./inbox-render.ts";

const at = (iso: string) => parseIsoInstant(iso)!;
const MINUTE = 60_000;
let city: Awaited<ReturnType<typeof createSmallCity>>;
let operator: SignedIn;
let supervisor: SignedIn;

const sms = (receivedAt: Date, text = "Біля під'їзду третій день стоїть вода, не пройти") =>
  submitRequest({
    channel: "SMS",
    externalId: `SM${receivedAt.getTime()}${Math.random().toString(36).slice(2, 8)}`,
    description: text,
    receivedAt,
    citizen: { phone: "+380671112233", identity: { channel: "SMS", externalId: "+380671112233" } },
    doorSendsReceipt: true,
  });

const activeDeadlines = (requestId: string) => getDb().deadline.findMany({ where: { requestId, active: true }, orderBy: { dueAt: "asc" } });

const alerts = (requestId: string, kind: string) => getDb().staffAlert.findMany({ where: { requestId, kind }, select: { staffUserId: true } });

beforeAll(async () => {
  await seedCalendar({ years: [2026, 2027] });
  city = await createSmallCity();
  operator = await signInAs("OPERATOR");
  supervisor = await signInAs("SUPERVISOR");
});

describe("a request without a category", () => {
  it("gets the centre's term to categorise it: two working hours from reception, shown in the inbox in the overdue colour once passed", async () => {
    // Wednesday 10:00 Kyiv: due 12:00, warned at three quarters of the working time (11:30).
    const received = at("2026-08-19T10:00:00+03:00");
    const { request } = await sms(received);

    expect(request.categoryId).toBeNull();
    expect(request.departmentId).toBeNull();
    const [triage, ...others] = await activeDeadlines(request.id);
    expect(others).toEqual([]);
    expect(triage).toMatchObject({ kind: "TRIAGE", label: "triage", warned: false, breached: false });
    expect(triage!.startedAt.toISOString()).toBe(received.toISOString());
    expect(toKyivIso(triage!.dueAt)).toBe("2026-08-19T12:00:00.000+03:00");
    expect(toKyivIso(triage!.warnAt)).toBe("2026-08-19T11:30:00.000+03:00");
    expect(request.dueAt?.toISOString()).toBe(triage!.dueAt.toISOString());

    // In the operators' triage queue, past its term: the row carries the overdue colour.
    const data = (await inboxLoader({
      request: new Request("http://localhost:3000/staff/inbox?queue=triage", { headers: { Cookie: operator.cookie } }),
      params: {},
      context: {},
    } as never)) as Awaited<ReturnType<typeof inboxLoader>>;
    const row = data.rows.find((r) => r.number === request.number);
    expect(row).toMatchObject({ sla: "overdue", isOverdue: true });
    const html = await renderPage({ loader: inboxLoader, default: InboxPage } as never, "/staff/inbox?queue=triage", operator.cookie);
    const tr = html.split("<tr").find((part) => part.includes(request.number))!;
    expect(tr).toContain("sla-overdue");
    expect(textOf(`<tr${tr}`)).toContain("12:00");
  });

  it("counts only the centre's working hours: a text on Friday evening is due on Monday morning", async () => {
    // Friday 17:30: half an hour on Friday (the day ends at 18:00), the rest from Monday 08:00.
    const { request } = await sms(at("2026-10-09T17:30:00+03:00"));
    const [triage] = await activeDeadlines(request.id);
    expect(toKyivIso(triage!.dueAt)).toBe("2026-10-12T09:30:00.000+03:00");
    // Warned after 90 working minutes: Monday 09:00, not in the middle of the weekend.
    expect(toKyivIso(triage!.warnAt)).toBe("2026-10-12T09:00:00.000+03:00");
  });

  it("follows the term an administrator sets on the calendar page, and refuses a working day that ends before it starts", async () => {
    const admin = await signInAs("ADMIN");
    const post = (fields: Record<string, string>) =>
      calendarPage.action(args(postRequest("/admin/calendar", admin.session, { intent: "set-triage", ...fields })));
    const refused = expectInvalid(await post({ termMinutes: "30", dayStartHour: "18", dayEndHour: "8" }), "dayEndHour");
    expect(refused).toContain("Робочий день контакт-центру має закінчуватися пізніше, ніж починається.");
    expectInvalid(await post({ termMinutes: "0", dayStartHour: "8", dayEndHour: "18" }), "termMinutes");

    expectOk(await post({ termMinutes: "30", dayStartHour: "9", dayEndHour: "18" }));
    try {
      const page = await calendarPage.loader(args(getRequest("/admin/calendar", admin.session)));
      expect(page.triage).toEqual({ termMinutes: 30, dayStartHour: 9, dayEndHour: 18 });
      expect((await lastAudit("settings.triage-term-set"))?.actorId).toBe(admin.user.id);
      // 08:50 is before the centre opens at 09:00: due 09:30.
      const { request } = await sms(at("2026-08-20T08:50:00+03:00"));
      const [triage] = await activeDeadlines(request.id);
      expect(toKyivIso(triage!.dueAt)).toBe("2026-08-20T09:30:00.000+03:00");
    } finally {
      await setSetting({ key: "triage.termMinutes", value: 120 });
      await setSetting({ key: "triage.dayStartHour", value: 8 });
    }
  });

  it("is warned to the operators, then escalated to the supervisors, by the sweep", async () => {
    const received = at("2026-08-25T10:00:00+03:00");
    const { request } = await sms(received);
    const [triage] = await activeDeadlines(request.id);

    expect((await sweepDeadlines({ now: new Date(triage!.warnAt.getTime() - MINUTE) })).warned).toBe(0);
    expect(await alerts(request.id, "deadline-warning")).toEqual([]);

    const warned = await sweepDeadlines({ now: new Date(triage!.warnAt.getTime() + MINUTE) });
    expect(warned.warned).toBeGreaterThanOrEqual(1);
    const operators = await getDb().staffUser.findMany({ where: { role: "OPERATOR", active: true }, select: { id: true } });
    expect((await alerts(request.id, "deadline-warning")).map((a) => a.staffUserId).sort()).toEqual(operators.map((o) => o.id).sort());
    expect(await getDb().deadline.findUniqueOrThrow({ where: { id: triage!.id } })).toMatchObject({ warned: true, breached: false });

    const escalated = await sweepDeadlines({ now: new Date(triage!.dueAt.getTime() + MINUTE) });
    expect(escalated.escalated).toBeGreaterThanOrEqual(1);
    const supervisors = await getDb().staffUser.findMany({ where: { role: "SUPERVISOR", active: true }, select: { id: true } });
    expect((await alerts(request.id, "deadline-breached")).map((a) => a.staffUserId).sort()).toEqual(supervisors.map((s) => s.id).sort());
    expect(supervisors.map((s) => s.id)).toContain(supervisor.user.id);
    const event = await getDb().requestEvent.findFirstOrThrow({ where: { requestId: request.id, type: "deadline-breached" } });
    expect(event.data).toMatchObject({ kind: "TRIAGE", label: "triage" });

    // Only once.
    await sweepDeadlines({ now: new Date(triage!.dueAt.getTime() + 2 * MINUTE) });
    expect(await alerts(request.id, "deadline-breached")).toHaveLength(supervisors.length);
  });

  it("stops when an operator categorises it, and the category's term runs from reception", async () => {
    const received = at("2026-08-26T10:00:00+03:00");
    const { request } = await sms(received);
    const [triage] = await activeDeadlines(request.id);

    await changeCategory({
      actor: { id: operator.user.id, role: "OPERATOR", departmentId: null },
      requestId: request.id,
      categoryCode: city.noWater.code,
    });

    const closed = await getDb().deadline.findUniqueOrThrow({ where: { id: triage!.id } });
    expect(closed.active).toBe(false);
    expect(closed.metAt).not.toBeNull();
    const running = await activeDeadlines(request.id);
    expect(running.map((d) => d.kind)).toEqual(["SLA"]);
    // «No water» is 24 hours, counted from the SMS, not from the operator's click.
    expect(running[0]!.startedAt.toISOString()).toBe(received.toISOString());
    expect(toKyivIso(running[0]!.dueAt)).toBe("2026-08-27T10:00:00.000+03:00");
    const after = await getDb().request.findUniqueOrThrow({ where: { id: request.id } });
    expect(after.dueAt?.toISOString()).toBe(running[0]!.dueAt.toISOString());

    // The closed term no longer warns or escalates.
    await sweepDeadlines({ now: new Date(triage!.dueAt.getTime() + MINUTE) });
    expect(await alerts(request.id, "deadline-breached")).toEqual([]);
  });

  it("is the centre's own: the citizen is promised no date by it", async () => {
    const { request, accessToken } = await submitRequest({
      channel: "TELEGRAM",
      externalId: `tg-${Date.now()}`,
      description: "Другий тиждень не прибирають сміття біля школи",
      receivedAt: at("2026-08-27T10:00:00+03:00"),
      citizen: { identity: { channel: "TELEGRAM", externalId: `chat-${Date.now()}` } },
    });
    expect(request.dueAt).not.toBeNull();
    const received = await getDb().notification.findFirstOrThrow({ where: { requestId: request.id, template: "received" } });
    expect(received.params).toMatchObject({ dueDate: null });
    const view = await getTrackingView({ token: accessToken, lang: "uk" });
    expect(view.dueAt).toBeNull();
    expect(view.events.map((e) => e.type)).not.toContain("deadlines-set");
  });

  it("an appeal without a category also runs the statutory clock from reception", async () => {
    const received = at("2026-09-02T10:00:00+03:00");
    const { request, accessToken } = await submitRequest({
      channel: "PHONE_OPERATOR",
      description: "Прошу розглянути питання ремонту покрівлі нашого будинку",
      receivedAt: received,
      actor: { type: "STAFF", id: operator.user.id },
      citizen: { fullName: "Ганна Савчук", residence: "вул. Шевченка, 12", phone: "+380501234567" },
      appeal: { kind: "APPLICATION" },
    });
    expect(request).toMatchObject({ isAppeal: true, categoryId: null });
    const running = await activeDeadlines(request.id);
    expect(running.map((d) => [d.kind, d.label])).toEqual([
      ["TRIAGE", "triage"],
      ["STATUTORY", "appeal-1m"],
    ]);
    const statutory = running[1]!;
    expect(statutory.startedAt.toISOString()).toBe(received.toISOString());
    // One month from 2 September (martial law: no day off moves it): 2 October, end of day.
    expect(toKyivIso(statutory.dueAt)).toBe("2026-10-02T23:59:59.999+03:00");
    // The citizen is told the statutory date, not the centre's two hours.
    expect((await getTrackingView({ token: accessToken, lang: "uk" })).dueAt).toBe(statutory.dueAt.toISOString());

    // Categorised later, the statutory term stays what it was: it counts from reception.
    await changeCategory({
      actor: { id: operator.user.id, role: "OPERATOR", departmentId: null },
      requestId: request.id,
      categoryCode: city.pothole.code,
    });
    const after = await activeDeadlines(request.id);
    expect(after.map((d) => d.kind).sort()).toEqual(["SLA", "STATUTORY"]);
    expect(after.find((d) => d.kind === "STATUTORY")!.dueAt.toISOString()).toBe(statutory.dueAt.toISOString());
  });
});
