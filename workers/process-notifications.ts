import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { backoffMs, sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { PermanentSendError, RetryableSendError } from "#app/domain/notifications/senders.server.ts";
import { NOTIFICATION_BACKOFF_TYPE, NotificationJobSchema } from "#app/jobs/queues.server.ts";
import { parsePayload } from "./parse-payload.ts";

export async function processNotificationJob(job: Job, token?: string) {
  const { notificationId } = parsePayload(NotificationJobSchema, job.data);
  let result;
  try {
    result = await sendNotification({ notificationId });
  } catch (e) {
    // Blocked bot, opted-out number, bad address: retrying cannot help (the row is FAILED already).
    if (e instanceof PermanentSendError) throw new UnrecoverableError(`permanent: ${e.reason}`);
    throw e;
  }
  // Held by another attempt or waiting for its retry time: come back then instead of dropping the job.
  if (result.outcome === "not-due" && token) {
    await job.moveToDelayed(Math.max(result.nextAttemptAt.getTime(), Date.now() + 1000), token);
    throw new DelayedError();
  }
  return result;
}

/**
 * Worker backoff. For notifications it waits exactly until the row's nextAttemptAt, which
 * sendNotification computed from the provider's retry-after and its own backoff.
 */
export function backoffStrategy(attemptsMade: number, type?: string, err?: Error): number {
  if (type === NOTIFICATION_BACKOFF_TYPE && err instanceof RetryableSendError && err.retryAt) {
    return Math.max(1000, err.retryAt.getTime() - Date.now());
  }
  return backoffMs(attemptsMade);
}
