import { getDb } from "#app/utils/db.server.ts";
import { enqueueDeadlineJobs } from "./enqueue-deadline-jobs.server.ts";
import { SETTLED_STATUSES } from "#app/domain/requests/status-machine.ts";
import { processDeadlineJob } from "./process-deadline-job.server.ts";

const BATCH = 500;
// Every sweep re-adds (harmlessly) the jobs due within this horizon, so keep it short;
// the sweep must run more often than this (the worker schedules it every minute).
const ARM_HORIZON_MS = 3_600_000;

/**
 * The safety net under the delayed jobs: processes active deadlines whose warning or
 * breach time passed without it being handled (Redis lost the job, or it was never
 * enqueued), and arms the jobs of those coming due within the hour (jobs further than
 * BullMQ's maximum delay are not enqueued up front). Run it every few minutes.
 */
export async function sweepDeadlines(options: { now?: Date } = {}): Promise<{ warned: number; escalated: number; armed: number }> {
  const now = options.now ?? new Date();
  const db = getDb();
  const open = { active: true, request: { status: { notIn: [...SETTLED_STATUSES] } } };

  let escalated = 0;
  const overdue = await db.deadline.findMany({
    where: { ...open, breached: false, dueAt: { lte: now } },
    select: { id: true },
    orderBy: { dueAt: "asc" },
    take: BATCH,
  });
  for (const d of overdue) {
    if ((await processDeadlineJob({ deadlineId: d.id, phase: "breach", now })).action === "escalated") escalated++;
  }

  let warned = 0;
  const warnDue = await db.deadline.findMany({
    where: { ...open, warned: false, breached: false, warnAt: { lte: now }, dueAt: { gt: now } },
    select: { id: true },
    orderBy: { warnAt: "asc" },
    take: BATCH,
  });
  for (const d of warnDue) {
    if ((await processDeadlineJob({ deadlineId: d.id, phase: "warn", now })).action === "warned") warned++;
  }

  const soon = new Date(now.getTime() + ARM_HORIZON_MS);
  const upcoming = await db.deadline.findMany({
    where: {
      ...open,
      OR: [
        { warned: false, breached: false, warnAt: { gt: now, lte: soon } },
        { breached: false, dueAt: { gt: now, lte: soon } },
      ],
    },
    take: BATCH,
  });
  const { enqueued: armed } = await enqueueDeadlineJobs({ deadlines: upcoming, now });
  return { warned, escalated, armed };
}
