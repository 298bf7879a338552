import { enqueue } from "#app/jobs/queues.server.ts";

type DeadlineForJobs = {
  id: string;
  active: boolean;
  warnAt: Date;
  dueAt: Date;
  warned: boolean;
  breached: boolean;
};

/**
 * BullMQ caps a delay at about 24.8 days (2^31 ms) and would fire such a job early; an
 * early job is a no-op and, being completed, its id would block re-adding it. So a wake-up
 * further away is not enqueued now: sweepDeadlines arms it when it comes within reach.
 */
export const MAX_JOB_DELAY_MS = 24 * 86_400_000;

/**
 * How far ahead sweepDeadlines arms wake-ups, every minute. Work that makes deadlines in
 * bulk (routing) enqueues only the wake-ups within this reach: the sweep arms the others
 * when they come near, so a burst of requests does not fill Redis with jobs days away.
 */
export const SWEEP_REACH_MS = 3_600_000;

export function deadlineJobId(options: { deadlineId: string; phase: "warn" | "breach" }) {
  // BullMQ refuses custom job ids containing ":".
  return `dl-${options.deadlineId}-${options.phase}`;
}

/**
 * After commit: delayed wake-up calls for each deadline's warning and breach. Never
 * throws; a lost or unsent job is caught by sweepDeadlines. A stable job id makes
 * enqueueing the same deadline twice harmless. `reachMs`: only wake-ups due within this
 * (at most BullMQ's maximum delay); sweepDeadlines arms the rest within SWEEP_REACH_MS.
 */
export async function enqueueDeadlineJobs(options: { deadlines: DeadlineForJobs[]; now?: Date; reachMs?: number }): Promise<{ enqueued: number }> {
  const now = (options.now ?? new Date()).getTime();
  const reach = Math.min(options.reachMs ?? MAX_JOB_DELAY_MS, MAX_JOB_DELAY_MS);
  const adds: Promise<boolean>[] = [];
  for (const d of options.deadlines) {
    if (!d.active) continue;
    const phases = [
      { phase: "warn" as const, at: d.warnAt, done: d.warned || d.breached },
      { phase: "breach" as const, at: d.dueAt, done: d.breached },
    ];
    for (const p of phases) {
      const delayMs = p.at.getTime() - now;
      if (p.done || delayMs > reach) continue;
      adds.push(
        enqueue(
          "deadlines",
          { deadlineId: d.id, phase: p.phase },
          // A moment of slack so the job never runs before its instant on a skewed clock.
          { jobId: deadlineJobId({ deadlineId: d.id, phase: p.phase }), delayMs: Math.max(0, delayMs) + 1000 },
        ),
      );
    }
  }
  // All at once: adds on their way together go to Redis in one round trip (enqueue's group commit).
  const results = await Promise.all(adds);
  return { enqueued: results.filter(Boolean).length };
}
