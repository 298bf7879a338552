import { getDb } from "#app/utils/db.server.ts";
import { toLang } from "#app/utils/i18n.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { renderNotification } from "./render-notification.ts";
import { getSender, PermanentSendError, RetryableSendError } from "./senders.server.ts";

/** After this many tries a notification is FAILED for good. */
export const NOTIFICATION_MAX_ATTEMPTS = 8;
/**
 * A claimed row is pushed this far into the future while it is being sent, so nobody else
 * claims it meanwhile; if the sender dies mid-way, the row becomes due again after it and
 * the re-drive sweeper picks it up. Senders must time out well within it.
 */
export const SEND_LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 60 * 60_000;

const log = createLogger("domain");

export type SendNotificationResult =
  | { outcome: "sent"; messageId: string }
  | { outcome: "skipped"; reason: "blocked" | "opted-out" | "expired" }
  /** Already SENT, FAILED or SKIPPED (or gone): a repeated job does nothing. */
  | { outcome: "noop"; status: string | null }
  /** Someone else holds it, or it waits for its next retry; it comes back by itself at this time. */
  | { outcome: "not-due"; nextAttemptAt: Date };

/**
 * Sends one outbox row on its channel. Safe to run twice or concurrently: a conditional
 * claim lets exactly one caller send. Throws RetryableSendError (row stays PENDING with a
 * later nextAttemptAt; `retryAt` says when) or PermanentSendError (row FAILED; never retry).
 */
export async function sendNotification(options: { notificationId: string; now?: Date }): Promise<SendNotificationResult> {
  const db = getDb();
  const now = options.now ?? new Date();
  const id = options.notificationId;

  const claim = await db.notification.updateMany({
    where: { id, status: "PENDING", nextAttemptAt: { lte: now } },
    data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) },
  });
  if (claim.count === 0) {
    const row = await db.notification.findUnique({ where: { id }, select: { status: true, nextAttemptAt: true } });
    if (row?.status === "PENDING") return { outcome: "not-due", nextAttemptAt: row.nextAttemptAt };
    return { outcome: "noop", status: row?.status ?? null };
  }

  const n = await db.notification.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      channel: true,
      address: true,
      template: true,
      params: true,
      attempts: true,
      requestId: true,
      citizenId: true,
      citizen: { select: { language: true } },
    },
  });

  // Crashed mid-send again and again: stop rather than loop forever.
  if (n.attempts > NOTIFICATION_MAX_ATTEMPTS) {
    await finish(id, { status: "FAILED", lastError: "max attempts reached" });
    throw new PermanentSendError("other", "max attempts reached");
  }

  const identity = await db.channelIdentity.findUnique({
    where: { channel_externalId: { channel: n.channel, externalId: n.address } },
    select: { optedOut: true, blocked: true },
  });
  if (identity?.blocked || identity?.optedOut) {
    const reason = identity.blocked ? "blocked" : "opted-out";
    await finish(id, { status: "SKIPPED", lastError: reason });
    return { outcome: "skipped", reason };
  }

  const params = isRecord(n.params) ? n.params : {};
  // A one-time code that could not go out in time is worthless: never deliver it late.
  if (typeof params.expiresAt === "string" && new Date(params.expiresAt).getTime() <= now.getTime()) {
    await finish(id, { status: "SKIPPED", lastError: "expired" });
    return { outcome: "skipped", reason: "expired" };
  }
  // A message to an address nobody has proved yet has no citizen: its language travels with it.
  const text = renderNotification({
    template: n.template,
    params,
    lang: toLang(n.citizen?.language ?? (typeof params.lang === "string" ? params.lang : null)),
  });

  try {
    const result = await getSender(n.channel).send({ address: n.address, text, notificationId: id });
    const messageId = await db.$transaction(async (tx) => {
      const mid =
        result.messageId ??
        (
          await tx.message.create({
            data: {
              channel: n.channel,
              direction: "OUT",
              externalId: result.externalId ?? null,
              address: n.address,
              body: text,
              deliveryStatus: "SENT",
              requestId: n.requestId,
              citizenId: n.citizenId,
            },
            select: { id: true },
          })
        ).id;
      await tx.notification.update({
        where: { id },
        data: { status: "SENT", sentAt: now, messageId: mid, lastError: null },
      });
      return mid;
    });
    log.info("notification sent", { notificationId: id, channel: n.channel, attempts: n.attempts });
    return { outcome: "sent", messageId };
  } catch (e) {
    if (e instanceof PermanentSendError) {
      await db.$transaction(async (tx) => {
        await tx.notification.update({ where: { id }, data: { status: "FAILED", lastError: errorText(e) } });
        if (e.reason === "blocked" || e.reason === "opted-out") {
          await tx.channelIdentity.updateMany({
            where: { channel: n.channel, externalId: n.address },
            data: e.reason === "blocked" ? { blocked: true, blockedAt: now } : { optedOut: true, optedOutAt: now },
          });
        }
      });
      log.warn("notification failed permanently", { notificationId: id, channel: n.channel, reason: e.reason });
      throw e;
    }
    // Anything a sender did not classify (a timeout, a network error) is worth another try.
    const retryable = e instanceof RetryableSendError ? e : new RetryableSendError(errorText(e));
    if (n.attempts >= NOTIFICATION_MAX_ATTEMPTS) {
      await finish(id, { status: "FAILED", lastError: `gave up after ${n.attempts} attempts: ${errorText(e)}` });
      log.warn("notification failed after retries", { notificationId: id, channel: n.channel, attempts: n.attempts });
      throw new PermanentSendError("other", `gave up after ${n.attempts} attempts`);
    }
    const delay = Math.max(retryable.retryAfterMs ?? 0, backoffMs(n.attempts));
    const nextAttemptAt = new Date(now.getTime() + delay);
    await db.notification.update({ where: { id }, data: { nextAttemptAt, lastError: errorText(e) } });
    retryable.retryAt = nextAttemptAt;
    log.info("notification will be retried", { notificationId: id, channel: n.channel, attempts: n.attempts, delayMs: delay });
    throw retryable;
  }
}

/** 5 s, 10 s, 20 s … capped at an hour. */
export function backoffMs(attempts: number) {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

async function finish(id: string, data: { status: "FAILED" | "SKIPPED"; lastError: string }) {
  await getDb().notification.update({ where: { id }, data });
}

// Provider errors name the failure, not the citizen; still, keep the column short.
function errorText(e: unknown) {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.slice(0, 500);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
