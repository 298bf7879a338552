import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { seedCalendar } from "#app/domain/calendar/seed-calendar.server.ts";
import { parseIsoInstant } from "#app/domain/calendar/kyiv-time.ts";
import { enqueueDeadlineJobs } from "#app/domain/deadlines/enqueue-deadline-jobs.server.ts";
import { processDeadlineJob } from "#app/domain/deadlines/process-deadline-job.server.ts";
import { scheduleDeadlines } from "#app/domain/deadlines/schedule-deadlines.server.ts";
import { sweepDeadlines } from "#app/domain/deadlines/sweep-deadlines.server.ts";
import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { getQueue } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";

const at = (iso: string) => parseIsoInstant(iso)!;
const HOUR = 3_600_000;
// Received 10:00 Kyiv; a 2-hour SLA warns at 11:30 and is breached after 12:00.
const RECEIVED = at("2026-06-10T10:00:00+03:00");
const plus = (ms: number) => new Date(RECEIVED.getTime() + ms);

let org: Awaited<ReturnType<typeof createOrg>>;

async function staff(role: StaffRole, departmentId?: string, active = true) {
  return getDb().staffUser.create({ data: { email: `${randomUUID()}@test.local`, name: role, role, departmentId, active } });
}

async function createOrg() {
  const db = getDb();
  const water = await db.department.create({ data: { code: "water", nameUk: "Водоканал", nameEn: "Water" } });
  const roads = await db.department.create({ data: { code: "roads", nameUk: "Дороги", nameEn: "Roads" } });
  const category = await db.category.create({
    data: { code: "water.no-water", nameUk: "Немає води", nameEn: "No water", departmentId: water.id, slaAmount: 2, slaUnit: "HOURS" },
  });
  return {
    water,
    category,
    head: await staff("DEPARTMENT_HEAD", water.id),
    officer: await staff("DEPARTMENT_OFFICER", water.id),
    supervisor: await staff("SUPERVISOR"),
    retiredSupervisor: await staff("SUPERVISOR", undefined, false),
    otherHead: await staff("DEPARTMENT_HEAD", roads.id),
  };
}

/** A routed request with its SLA deadline, as the routing code leaves it. */
async function routedRequest(data: { assigneeId?: string; receivedAt?: Date } = {}) {
  const db = getDb();
  const request = await db.request.create({
    data: {
      number: `SLV-T-${randomUUID()}`,
      accessTokenHash: randomUUID(),
      channel: "WEB",
      description: "Немає води в будинку",
      receivedAt: data.receivedAt ?? RECEIVED,
      categoryId: org.category.id,
      departmentId: org.water.id,
      assigneeId: data.assigneeId,
      status: data.assigneeId ? "ASSIGNED" : "NEW",
      routed: true,
    },
  });
  const [deadline] = await db.$transaction((tx) => scheduleDeadlines({ tx, requestId: request.id }));
  return { request, deadline: deadline! };
}

async function alertsFor(requestId: string, kind: string) {
  return getDb().staffAlert.findMany({ where: { requestId, kind }, orderBy: { staffUserId: "asc" } });
}

beforeAll(async () => {
  await seedCalendar({ years: [2026] });
  org = await createOrg();
});

describe("processDeadlineJob: warning", () => {
  test("an early job does nothing", async () => {
    const { request, deadline } = await routedRequest();
    expect(await processDeadlineJob({ deadlineId: deadline.id, phase: "warn", now: plus(1 * HOUR) })).toEqual({ action: "noop" });
    expect(await processDeadlineJob({ deadlineId: deadline.id, phase: "breach", now: plus(1.9 * HOUR) })).toEqual({ action: "noop" });
    expect(await getDb().staffAlert.count({ where: { requestId: request.id } })).toBe(0);
    expect(await getDb().deadline.findUniqueOrThrow({ where: { id: deadline.id } })).toMatchObject({ warned: false, breached: false });
  });

  test("without an assignee the department's officers are warned, once", async () => {
    const { request, deadline } = await routedRequest();
    const now = plus(1.6 * HOUR);
    expect(await processDeadlineJob({ deadlineId: deadline.id, phase: "warn", now })).toEqual({ action: "warned" });
    expect(await processDeadlineJob({ deadlineId: deadline.id, phase: "warn", now })).toEqual({ action: "noop" });

    const alerts = await alertsFor(request.id, "deadline-warning");
    expect(alerts.map((a) => a.staffUserId)).toEqual([org.officer.id]);
    expect(alerts[0]!.data).toMatchObject({ deadlineId: deadline.id, label: "sla", number: request.number });
    expect(await getDb().deadline.findUniqueOrThrow({ where: { id: deadline.id } })).toMatchObject({ warned: true, warnedAt: now });
  });

  test("an assigned request warns its assignee only", async () => {
    const assignee = await staff("DEPARTMENT_OFFICER", org.water.id);
    const { request, deadline } = await routedRequest({ assigneeId: assignee.id });
    await processDeadlineJob({ deadlineId: deadline.id, phase: "warn", now: plus(1.6 * HOUR) });
    expect((await alertsFor(request.id, "deadline-warning")).map((a) => a.staffUserId)).toEqual([assignee.id]);
  });
});

describe("processDeadlineJob: breach", () => {
  test("a job that fires twice escalates once: to the department head and active supervisors", async () => {
    const { request, deadline } = await routedRequest();
    const now = plus(2 * HOUR + 1000);
    expect(await processDeadlineJob({ deadlineId: deadline.id, phase: "breach", now })).toEqual({ action: "escalated" });
    expect(await processDeadlineJob({ deadlineId: deadline.id, phase: "breach", now })).toEqual({ action: "noop" });

    const alerts = await alertsFor(request.id, "deadline-breached");
    expect(alerts.map((a) => a.staffUserId).sort()).toEqual([org.head.id, org.supervisor.id].sort());
    expect(alerts.map((a) => a.dedupeKey).sort()).toEqual([`breach:${deadline.id}:${org.head.id}`, `breach:${deadline.id}:${org.supervisor.id}`].sort());
    const events = await getDb().requestEvent.findMany({ where: { requestId: request.id, type: "deadline-breached" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ isPublic: false, actorType: "SYSTEM" });
    expect(await getDb().deadline.findUniqueOrThrow({ where: { id: deadline.id } })).toMatchObject({ breached: true, breachedAt: now });
  });

  test("two runs at the same moment escalate exactly once", async () => {
    const { request, deadline } = await routedRequest();
    const now = plus(3 * HOUR);
    const results = await Promise.all([
      processDeadlineJob({ deadlineId: deadline.id, phase: "breach", now }),
      processDeadlineJob({ deadlineId: deadline.id, phase: "breach", now }),
    ]);
    expect(results.map((r) => r.action).sort()).toEqual(["escalated", "noop"]);
    expect(await alertsFor(request.id, "deadline-breached")).toHaveLength(2);
    expect(await getDb().requestEvent.count({ where: { requestId: request.id, type: "deadline-breached" } })).toBe(1);
  });

  test("a resolved request is not escalated", async () => {
    const { request, deadline } = await routedRequest();
    await getDb().request.update({ where: { id: request.id }, data: { status: "RESOLVED", resolvedAt: plus(HOUR) } });
    expect(await processDeadlineJob({ deadlineId: deadline.id, phase: "breach", now: plus(3 * HOUR) })).toEqual({ action: "noop" });
    expect(await processDeadlineJob({ deadlineId: deadline.id, phase: "warn", now: plus(3 * HOUR) })).toEqual({ action: "noop" });
    expect(await getDb().staffAlert.count({ where: { requestId: request.id } })).toBe(0);
    expect(await getDb().deadline.findUniqueOrThrow({ where: { id: deadline.id } })).toMatchObject({ breached: false });
  });

  test("a superseded deadline is not escalated", async () => {
    const { request, deadline } = await routedRequest();
    await getDb().$transaction((tx) => scheduleDeadlines({ tx, requestId: request.id }));
    expect(await processDeadlineJob({ deadlineId: deadline.id, phase: "breach", now: plus(3 * HOUR) })).toEqual({ action: "noop" });
  });

  test("an unknown deadline id is a no-op", async () => {
    expect(await processDeadlineJob({ deadlineId: randomUUID(), phase: "breach" })).toEqual({ action: "noop" });
  });
});

describe("sweepDeadlines", () => {
  test("catches a deadline whose job never ran, and only once", async () => {
    const { request, deadline } = await routedRequest({ receivedAt: at("2026-06-11T10:00:00+03:00") });
    const now = at("2026-06-11T12:30:00+03:00");

    const first = await sweepDeadlines({ now });
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    expect(await getDb().deadline.findUniqueOrThrow({ where: { id: deadline.id } })).toMatchObject({ breached: true });
    expect(await alertsFor(request.id, "deadline-breached")).toHaveLength(2);

    const second = await sweepDeadlines({ now });
    expect(second).toMatchObject({ escalated: 0, warned: 0 });
    expect(await alertsFor(request.id, "deadline-breached")).toHaveLength(2);
  });

  test("warns a deadline past its warning time but not yet due", async () => {
    const { request, deadline } = await routedRequest({ receivedAt: at("2026-06-12T10:00:00+03:00") });
    const result = await sweepDeadlines({ now: at("2026-06-12T11:45:00+03:00") });
    expect(result.warned).toBeGreaterThanOrEqual(1);
    expect(await getDb().deadline.findUniqueOrThrow({ where: { id: deadline.id } })).toMatchObject({ warned: true, breached: false });
    const officers = await getDb().staffUser.findMany({ where: { departmentId: org.water.id, role: "DEPARTMENT_OFFICER", active: true } });
    expect((await alertsFor(request.id, "deadline-warning")).map((a) => a.staffUserId).sort()).toEqual(officers.map((o) => o.id).sort());
  });
});

describe("enqueueDeadlineJobs", () => {
  test("adds a delayed warn job and breach job with ids BullMQ accepts", async () => {
    // The sweeps above armed their own jobs; start from an empty queue.
    await getQueue("deadlines").obliterate({ force: true });
    const now = new Date();
    const { deadline } = await routedRequest({ receivedAt: now });
    const { enqueued } = await enqueueDeadlineJobs({ deadlines: [deadline], now });
    expect(enqueued).toBe(2);

    const queue = getQueue("deadlines");
    const warn = await queue.getJob(`dl-${deadline.id}-warn`);
    const breach = await queue.getJob(`dl-${deadline.id}-breach`);
    expect(warn?.data).toEqual({ deadlineId: deadline.id, phase: "warn" });
    expect(breach?.data).toEqual({ deadlineId: deadline.id, phase: "breach" });
    expect(await breach!.getState()).toBe("delayed");
    // Due in two hours, plus a second of slack.
    expect(breach!.opts.delay).toBeGreaterThanOrEqual(2 * HOUR);
    expect(breach!.opts.delay).toBeLessThanOrEqual(2 * HOUR + 2000);

    // Enqueueing the same deadline again adds nothing new.
    await enqueueDeadlineJobs({ deadlines: [deadline], now });
    expect(await queue.getDelayedCount()).toBe(2);
    await queue.obliterate({ force: true });
  });

  test("a term further away than BullMQ's maximum delay is armed by the sweeper when it comes near", async () => {
    const receivedAt = new Date();
    const far = {
      id: randomUUID(),
      active: true,
      warned: false,
      breached: false,
      warnAt: new Date(receivedAt.getTime() + 30 * 24 * HOUR),
      dueAt: new Date(receivedAt.getTime() + 40 * 24 * HOUR),
    };
    expect(await enqueueDeadlineJobs({ deadlines: [far], now: receivedAt })).toEqual({ enqueued: 0 });

    const category = await getDb().category.create({
      data: { code: `far-${randomUUID().slice(0, 8)}`, nameUk: "Далекий строк", nameEn: "Far term", slaAmount: 40, slaUnit: "CALENDAR_DAYS" },
    });
    const request = await getDb().request.create({
      data: { number: `SLV-T-${randomUUID()}`, accessTokenHash: randomUUID(), channel: "WEB", description: "x", receivedAt, categoryId: category.id },
    });
    const [deadline] = await getDb().$transaction((tx) => scheduleDeadlines({ tx, requestId: request.id }));
    expect(await enqueueDeadlineJobs({ deadlines: [deadline!], now: receivedAt })).toEqual({ enqueued: 0 });

    // Half an hour before the warning the sweeper arms it, and the breach now within reach too.
    const { armed } = await sweepDeadlines({ now: new Date(deadline!.warnAt.getTime() - HOUR / 2) });
    expect(armed).toBe(2);
    expect(await getQueue("deadlines").getJob(`dl-${deadline!.id}-warn`)).toBeTruthy();
    expect(await getQueue("deadlines").getJob(`dl-${deadline!.id}-breach`)).toBeTruthy();
    await getQueue("deadlines").obliterate({ force: true });
  });
});
