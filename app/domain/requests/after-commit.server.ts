import { enqueueDeadlineJobs, SWEEP_REACH_MS } from "#app/domain/deadlines/enqueue-deadline-jobs.server.ts";
import { enqueueNotifications } from "#app/domain/notifications/enqueue-notifications.server.ts";

export type Followups = {
  notificationIds: string[];
  deadlines: Parameters<typeof enqueueDeadlineJobs>[0]["deadlines"];
};

export function emptyFollowups(): Followups {
  return { notificationIds: [], deadlines: [] };
}

/**
 * Wake-up calls for work a transaction just committed. Postgres already holds that work,
 * so a failure here loses nothing: the sweepers pick it up. Deadlines wake up only for
 * terms due within the deadline sweep's reach; the sweep arms the others as they come near.
 */
export async function enqueueFollowups(f: Followups) {
  await Promise.all([
    f.notificationIds.length ? enqueueNotifications({ ids: f.notificationIds }) : undefined,
    f.deadlines.length ? enqueueDeadlineJobs({ deadlines: f.deadlines, reachMs: SWEEP_REACH_MS }) : undefined,
  ]);
}
