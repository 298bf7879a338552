import { getDb } from "#app/utils/db.server.ts";
import { enqueueDeadlineJobs, SWEEP_REACH_MS } from "./enqueue-deadline-jobs.server.ts";
import { SETTLED_STATUSES } from "#app/domain/requests/status-machine.ts";
import { processDeadlineJob } from "./process-deadline-job.server.ts";

const BATCH = 500;
// Every sweep re-adds (harmlessly) the jobs due within this horizon, so keep it short;
// the sweep must run more often than this (the worker schedules it every minute).
const ARM_HORIZON_MS = SWEEP_REACH_MS;

/**
 * The safety net under the delayed jobs: processes active deadlines whose warning or
 * breach time passed without it being handled (Redis lost the job, or it was never
 * enqueued), and arms the jobs of all those coming due within the hour (work that makes
 * deadlines enqueues only wake-ups within that hour). Run it every minute.
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

  // Every term coming due within the hour, however many: routing leaves the wake-ups of terms
  // further away to this sweep, and a burst's requests come due together.
  const soon = new Date(now.getTime() + ARM_HORIZON_MS);
  let armed = 0;
  for (let after: string | null = null; ;) {
    const upcoming: Parameters<typeof enqueueDeadlineJobs>[0]["deadlines"] = await db.deadline.findMany({
      where: {
        ...open,
        ...(after ? { id: { gt: after } } : {}),
        OR: [
          { warned: false, breached: false, warnAt: { gt: now, lte: soon } },
          { breached: false, dueAt: { gt: now, lte: soon } },
        ],
      },
      select: { id: true, active: true, warnAt: true, dueAt: true, warned: true, breached: true },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    armed += (await enqueueDeadlineJobs({ deadlines: upcoming, now })).enqueued;
    if (upcoming.length < BATCH) break;
    after = upcoming.at(-1)!.id;
  }
  return { warned, escalated, armed };
}
