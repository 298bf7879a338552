// Routing wakes up only the terms due within the deadline sweep's reach; the sweep arms
// every other term when it comes near, however many come due together, so a term days
// away is still warned and escalated on time.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { processDeadlineJob } from "#app/domain/deadlines/process-deadline-job.server.ts";
import { sweepDeadlines } from "#app/domain/deadlines/sweep-deadlines.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getQueue } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createCategory, createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

beforeEach(async () => {
  await getDb().$executeRawUnsafe(
    `TRUNCATE "Notification","Message","RequestEvent","Deadline","Appeal","RequestCoExecutor","RequestFollower","StaffAlert","Request","ChannelIdentity","Citizen","RoutingRule","OutageCategory","Outage","Category","District","StaffUser","Department","RequestNumberCounter" CASCADE`,
  );
  await createSmallCity();
  await getQueue("deadlines").obliterate({ force: true });
});

async function jobsOf(deadlineId: string) {
  const queue = getQueue("deadlines");
  return { warn: await queue.getJob(`dl-${deadlineId}-warn`), breach: await queue.getJob(`dl-${deadlineId}-breach`) };
}

describe("deadline wake-ups within the sweep's reach", () => {
  test("a term due in three days gets no wake-up at routing, and is still warned and escalated through the sweep", async () => {
    await createCategory({ code: "roads.crack", slaAmount: 3, slaUnit: "CALENDAR_DAYS" });
    const supervisor = await createStaff({ role: "SUPERVISOR" });
    const receivedAt = new Date();
    const r = await submitRequest({ channel: "WEB", description: "Тріщина в асфальті", categoryCode: "roads.crack", location: POINTS.centre, receivedAt });
    const deadline = await getDb().deadline.findFirstOrThrow({ where: { requestId: r.request.id } });
    expect(deadline.dueAt.getTime() - receivedAt.getTime()).toBeGreaterThanOrEqual(3 * DAY - MINUTE);
    expect(await jobsOf(deadline.id)).toEqual({ warn: undefined, breach: undefined });

    // Days pass; the sweep that runs every minute finds the warning within its hour and arms it.
    const sweepAt = new Date(deadline.warnAt.getTime() - 40 * MINUTE);
    await sweepDeadlines({ now: sweepAt });
    const { warn } = await jobsOf(deadline.id);
    expect(warn?.data).toEqual({ deadlineId: deadline.id, phase: "warn" });
    expect(await warn!.getState()).toBe("delayed");
    // It fires at the warning time (plus a second of slack), not later.
    expect(warn!.opts.delay).toBe(deadline.warnAt.getTime() - sweepAt.getTime() + 1000);
    expect(await processDeadlineJob({ ...warn!.data, now: new Date(deadline.warnAt.getTime() + 1000) })).toEqual({ action: "warned" });

    // Near the term the breach is armed the same way, and escalates when it comes.
    await sweepDeadlines({ now: new Date(deadline.dueAt.getTime() - 30 * MINUTE) });
    const { breach } = await jobsOf(deadline.id);
    expect(breach?.data).toEqual({ deadlineId: deadline.id, phase: "breach" });
    expect(await processDeadlineJob({ ...breach!.data, now: new Date(deadline.dueAt.getTime() + 1000) })).toEqual({ action: "escalated" });
    const alerts = await getDb().staffAlert.findMany({ where: { requestId: r.request.id }, select: { kind: true, staffUserId: true } });
    expect(alerts).toContainEqual({ kind: "deadline-breached", staffUserId: supervisor.id });
  });

  test("a term due within the hour gets its wake-ups at routing", async () => {
    await createCategory({ code: "roads.hatch", slaAmount: 2, slaUnit: "HOURS" });
    // Received (as the door says) an hour and a half ago: the two-hour term comes due in half an hour.
    const receivedAt = new Date(Date.now() - 90 * MINUTE);
    const r = await submitRequest({ channel: "WEB", description: "Відкритий люк", categoryCode: "roads.hatch", location: POINTS.centre, receivedAt });
    const deadline = await getDb().deadline.findFirstOrThrow({ where: { requestId: r.request.id } });
    expect(deadline.dueAt.getTime()).toBe(receivedAt.getTime() + 2 * HOUR);
    const { breach } = await jobsOf(deadline.id);
    expect(breach?.data).toEqual({ deadlineId: deadline.id, phase: "breach" });
    expect(await breach!.getState()).toBe("delayed");
  });

  test("the sweep arms every term coming due within its hour, however many come due together", async () => {
    const db = getDb();
    const now = new Date();
    const count = 700;
    const ids = Array.from({ length: count }, () => randomUUID());
    await db.request.createMany({
      data: ids.map((id, i) => ({ id, number: `SLV-T-${i}`, accessTokenHash: randomUUID(), channel: "WEB" as const, description: "Тріщина", routed: true })),
    });
    await db.deadline.createMany({
      data: ids.map((requestId, i) => ({
        requestId,
        kind: "SLA" as const,
        label: "sla",
        startedAt: new Date(now.getTime() - 3 * DAY),
        // Warned already; all due within the next hour.
        warnAt: new Date(now.getTime() - HOUR),
        warned: true,
        dueAt: new Date(now.getTime() + 5 * MINUTE + i * 1000),
      })),
    });
    await sweepDeadlines({ now });
    expect(await getQueue("deadlines").getDelayedCount()).toBe(count);
  });
});
