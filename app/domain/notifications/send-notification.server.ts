import type { Prisma } from "#app/generated/prisma/client.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { toLang } from "#app/utils/i18n.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { renderNotification } from "./render-notification.ts";
import { renderSmsNotification } from "./render-sms-notification.server.ts";
import { getSender, PermanentSendError, RetryableSendError, SEND_TIMEOUT_MS, type SendResult } from "./senders.server.ts";

/** After this many tries a notification is FAILED for good. */
export const NOTIFICATION_MAX_ATTEMPTS = 8;
/** Telegram's per-chat pacing may hold a send this long before the provider is called. */
const PACING_MAX_MS = 3_000;
/**
 * Every attempt is recorded (SENDING) before the provider hears of it. A run that finds a
 * row still SENDING this long after its attempt started takes it over as interrupted (the
 * worker died, or lost its job): longer than a live send can take (pacing plus the
 * provider's timeout), so a slow send is never mistaken for a dead one. docs/decisions/012.
 */
export const SEND_RECOVER_AFTER_MS = 20_000;
/** The provider has no record of an interrupted attempt this long after it started: it never reached the provider. */
export const NOT_FOUND_AFTER_MS = 60_000;
/** An interrupted attempt whose provider could not be asked for this long is left UNCERTAIN. */
export const ASK_PROVIDER_FOR_MS = 30 * 60_000;
/** A look-up that failed is tried again after this. */
const ASK_AGAIN_MS = 15_000;
/** A send that ended without an answer is looked up this soon. */
const ASK_AFTER_DOUBT_MS = 5_000;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 60 * 60_000;

if (SEND_RECOVER_AFTER_MS <= SEND_TIMEOUT_MS + PACING_MAX_MS) throw new Error("an interrupted send must be older than the longest live send");

const log = createLogger("domain");

export type SendNotificationResult =
  /** The provider took it; `recovered` when an interrupted attempt was found at the provider. */
  | { outcome: "sent"; messageId: string; recovered?: true }
  | { outcome: "skipped"; reason: "blocked" | "opted-out" | "expired" }
  /** It may or may not have arrived and the provider cannot tell: left for staff, never sent again. */
  | { outcome: "uncertain" }
  /** Already SENT, FAILED, SKIPPED or UNCERTAIN (or gone): a repeated job does nothing. */
  | { outcome: "noop"; status: string | null }
  /** Someone else holds it, it waits for its next retry, or for a look-up at the provider; it comes back by itself at this time. */
  | { outcome: "not-due"; nextAttemptAt: Date };

/**
 * Sends one outbox row on its channel, at most once. Safe to run twice or concurrently: a
 * conditional claim lets exactly one caller send, and the claim (status SENDING, the
 * attempt count and its start) is committed before the provider is called. A row found
 * still SENDING by a later run was interrupted: it is looked up at the provider where the
 * channel allows it (Twilio), re-sent only where that cannot duplicate (the sandbox), and
 * otherwise left UNCERTAIN for staff (Telegram). Throws RetryableSendError (the provider
 * certainly did not take it; the row is PENDING again, `retryAt` says when) or
 * PermanentSendError (row FAILED; never retry).
 */
export async function sendNotification(options: { notificationId: string; now?: Date }): Promise<SendNotificationResult> {
  const db = getDb();
  const now = options.now ?? new Date();
  const id = options.notificationId;

  // Everything the send needs is read before the attempt is recorded: once the row says
  // SENDING, only the provider call stands between it and the provider. A database that goes
  // away, or a process killed, while the send is being prepared leaves the row PENDING, to be
  // sent normally — not an attempt nobody can tell went out.
  const row = await db.notification.findUnique({ where: { id }, select: { status: true, nextAttemptAt: true } });
  if (row?.status === "SENDING" && row.nextAttemptAt <= now) return recoverInterruptedSend({ id, due: row.nextAttemptAt, now });
  if (row?.status === "SENDING" || (row?.status === "PENDING" && row.nextAttemptAt > now)) return { outcome: "not-due", nextAttemptAt: row.nextAttemptAt };
  if (row?.status !== "PENDING") return { outcome: "noop", status: row?.status ?? null };
  const prepared = await loadForSend(id);
  const identity = await db.channelIdentity.findUnique({
    where: { channel_externalId: { channel: prepared.channel, externalId: prepared.address } },
    select: { optedOut: true, blocked: true },
  });
  const sender = getSender(prepared.channel);
  let senderPrepared: unknown;
  if (sender.prepare && !identity?.blocked && !identity?.optedOut) {
    try {
      senderPrepared = await sender.prepare({ address: prepared.address, text: prepared.text, notificationId: id });
    } catch (e) {
      // Nothing was sent and nothing recorded: the row stays PENDING; come back after the wait asked for.
      if (e instanceof RetryableSendError && e.retryAfterMs !== undefined)
        return { outcome: "not-due", nextAttemptAt: new Date(now.getTime() + e.retryAfterMs) };
      throw e;
    }
  }

  const claim = await db.notification.updateMany({
    where: { id, status: "PENDING", nextAttemptAt: { lte: now }, attempts: prepared.attempts },
    data: { status: "SENDING", attempts: { increment: 1 }, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + SEND_RECOVER_AFTER_MS) },
  });
  if (claim.count === 0) {
    const again = await db.notification.findUnique({ where: { id }, select: { status: true, nextAttemptAt: true } });
    if (again?.status === "PENDING" || again?.status === "SENDING") return { outcome: "not-due", nextAttemptAt: again.nextAttemptAt };
    return { outcome: "noop", status: again?.status ?? null };
  }

  const n = { ...prepared, attempts: prepared.attempts + 1, lastAttemptAt: now };
  const attempt = n.attempts;
  // Failed again and again: stop rather than loop forever.
  if (attempt > NOTIFICATION_MAX_ATTEMPTS) {
    await settle(id, attempt, { status: "FAILED", lastError: "max attempts reached" });
    throw new PermanentSendError("other", "max attempts reached");
  }
  // STOP ends notices, not answers: the reply to a message the citizen has just sent still
  // goes out (docs/decisions/014).
  const answersCitizen = n.channel === "SMS" && typeof n.params.inReplyTo === "string";
  if (identity?.blocked || (identity?.optedOut && !answersCitizen)) {
    const reason = identity.blocked ? "blocked" : "opted-out";
    await settle(id, attempt, { status: "SKIPPED", lastError: reason });
    return { outcome: "skipped", reason };
  }
  // A one-time code that could not go out in time is worthless: never deliver it late.
  if (typeof n.params.expiresAt === "string" && new Date(n.params.expiresAt).getTime() <= now.getTime()) {
    await settle(id, attempt, { status: "SKIPPED", lastError: "expired" });
    return { outcome: "skipped", reason: "expired" };
  }

  let result: SendResult;
  try {
    result = await sender.send({ address: n.address, text: n.text, notificationId: id, prepared: senderPrepared });
  } catch (e) {
    if (e instanceof PermanentSendError) {
      await db.$transaction(async (tx) => {
        await settle(id, attempt, { status: "FAILED", lastError: errorText(e) }, tx);
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
    // The provider certainly did not take it (or sending again cannot duplicate it): try again later.
    if (e instanceof RetryableSendError || sender.idempotent) return retryLater({ n, error: e, now });
    // No answer, or one that does not say: it may have gone out. Never settled by sending again.
    if (sender.findSent) {
      const nextAttemptAt = new Date(now.getTime() + ASK_AFTER_DOUBT_MS);
      await settle(id, attempt, { nextAttemptAt, lastError: errorText(e) });
      log.warn("a send ended without an answer; the provider will be asked", { notificationId: id, channel: n.channel, attempts: attempt });
      return { outcome: "not-due", nextAttemptAt };
    }
    await settle(id, attempt, { status: "UNCERTAIN", lastError: errorText(e) });
    log.warn("a send ended without an answer; left uncertain, not sent again", { notificationId: id, channel: n.channel, attempts: attempt });
    return { outcome: "uncertain" };
  }
  return markSent({ n, result, sentAt: now });
}

/**
 * A row still SENDING after SEND_RECOVER_AFTER_MS: whoever sent it died or lost it. One run
 * takes it over (the conditional move of its time), then finds out instead of sending again.
 */
async function recoverInterruptedSend(options: { id: string; due: Date; now: Date }): Promise<SendNotificationResult> {
  const { id, now } = options;
  const db = getDb();
  const take = await db.notification.updateMany({
    where: { id, status: "SENDING", nextAttemptAt: options.due },
    data: { nextAttemptAt: new Date(now.getTime() + SEND_RECOVER_AFTER_MS) },
  });
  if (take.count === 0) {
    const row = await db.notification.findUnique({ where: { id }, select: { status: true, nextAttemptAt: true } });
    if (row?.status === "PENDING" || row?.status === "SENDING") return { outcome: "not-due", nextAttemptAt: row.nextAttemptAt };
    return { outcome: "noop", status: row?.status ?? null };
  }
  const n = await loadForSend(id);
  const attempt = n.attempts;
  const since = n.lastAttemptAt ?? n.createdAt;
  const sender = getSender(n.channel);
  log.warn("found an interrupted send", { notificationId: id, channel: n.channel, attempts: attempt, startedMsAgo: now.getTime() - since.getTime() });

  if (sender.idempotent) {
    await settle(id, attempt, { status: "PENDING", nextAttemptAt: now, lastError: "interrupted while sending; sent again (cannot duplicate)" });
    return sendNotification({ notificationId: id, now });
  }
  if (!sender.findSent) {
    await settle(id, attempt, { status: "UNCERTAIN", lastError: "interrupted while sending; the provider cannot say whether it arrived" });
    log.warn("an interrupted send is left uncertain, not sent again", { notificationId: id, channel: n.channel });
    return { outcome: "uncertain" };
  }

  let found;
  try {
    found = await sender.findSent({ address: n.address, text: n.text, notificationId: id, since });
  } catch (e) {
    if (now.getTime() - since.getTime() >= ASK_PROVIDER_FOR_MS) {
      await settle(id, attempt, { status: "UNCERTAIN", lastError: `interrupted while sending; the provider could not be asked: ${errorText(e)}` });
      return { outcome: "uncertain" };
    }
    const nextAttemptAt = new Date(now.getTime() + ASK_AGAIN_MS);
    await settle(id, attempt, { nextAttemptAt, lastError: `the provider could not be asked: ${errorText(e)}` });
    return { outcome: "not-due", nextAttemptAt };
  }
  if (found.found) {
    log.info("an interrupted send was found at the provider", { notificationId: id, channel: n.channel });
    return markSent({ n, result: found, sentAt: since, recovered: true });
  }
  if (now.getTime() - since.getTime() >= NOT_FOUND_AFTER_MS) {
    // The provider's own list says it never arrived there: sending it now is the first time.
    await settle(id, attempt, { status: "PENDING", nextAttemptAt: now, lastError: "interrupted before the provider had it; sending again" });
    log.info("an interrupted send never reached the provider; sending it", { notificationId: id, channel: n.channel });
    return sendNotification({ notificationId: id, now });
  }
  const nextAttemptAt = new Date(since.getTime() + NOT_FOUND_AFTER_MS);
  await settle(id, attempt, { nextAttemptAt });
  return { outcome: "not-due", nextAttemptAt };
}

type Loaded = Awaited<ReturnType<typeof loadForSend>>;

async function loadForSend(id: string) {
  const n = await getDb().notification.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      channel: true,
      address: true,
      template: true,
      params: true,
      attempts: true,
      lastAttemptAt: true,
      createdAt: true,
      requestId: true,
      citizenId: true,
      citizen: { select: { language: true } },
      request: { select: { citizenId: true } },
    },
  });
  const params = isRecord(n.params) ? n.params : {};
  // A message to an address nobody has proved yet has no citizen: its language travels with it.
  const lang = toLang(n.citizen?.language ?? (typeof params.lang === "string" ? params.lang : null));
  const text =
    n.channel === "SMS"
      ? renderSmsNotification({
          template: n.template,
          params,
          lang,
          requestId: n.requestId,
          isAuthor: Boolean(n.citizenId && n.citizenId === n.request?.citizenId),
        })
      : renderNotification({ template: n.template, params, lang });
  return { ...n, params, text };
}

async function markSent(options: { n: Loaded; result: SendResult; sentAt: Date; recovered?: true }): Promise<SendNotificationResult> {
  const { n, result } = options;
  const { messageId, settled } = await getDb().$transaction(async (tx) => {
    const mid =
      result.messageId ??
      (
        await tx.message.create({
          data: {
            channel: n.channel,
            direction: "OUT",
            externalId: result.externalId ?? null,
            address: n.address,
            body: n.text,
            deliveryStatus: "SENT",
            requestId: n.requestId,
            citizenId: n.citizenId,
          },
          select: { id: true },
        })
      ).id;
    // A send that outlived its take-over still records the truth over an UNCERTAIN verdict.
    const done = await tx.notification.updateMany({
      // (The status callback may have confirmed this very message first.)
      where: { id: n.id, attempts: n.attempts, OR: [{ status: { in: ["SENDING", "UNCERTAIN"] } }, { status: "SENT", messageId: mid }] },
      data: { status: "SENT", sentAt: options.sentAt, messageId: mid, lastError: null },
    });
    return { messageId: mid, settled: done.count > 0 };
  });
  if (!settled) log.warn("a send finished after another run had settled it", { notificationId: n.id, channel: n.channel });
  else log.info("notification sent", { notificationId: n.id, channel: n.channel, attempts: n.attempts, ...(options.recovered ? { recovered: true } : {}) });
  return { outcome: "sent", messageId, ...(options.recovered ? { recovered: true as const } : {}) };
}

async function retryLater(options: { n: Loaded; error: unknown; now: Date }): Promise<never> {
  const { n, error, now } = options;
  if (n.attempts >= NOTIFICATION_MAX_ATTEMPTS) {
    await settle(n.id, n.attempts, { status: "FAILED", lastError: `gave up after ${n.attempts} attempts: ${errorText(error)}` });
    log.warn("notification failed after retries", { notificationId: n.id, channel: n.channel, attempts: n.attempts });
    throw new PermanentSendError("other", `gave up after ${n.attempts} attempts`);
  }
  const retryable = error instanceof RetryableSendError ? error : new RetryableSendError(errorText(error));
  const delay = Math.max(retryable.retryAfterMs ?? 0, backoffMs(n.attempts));
  const nextAttemptAt = new Date(now.getTime() + delay);
  await settle(n.id, n.attempts, { status: "PENDING", nextAttemptAt, lastError: errorText(error) });
  retryable.retryAt = nextAttemptAt;
  log.info("notification will be retried", { notificationId: n.id, channel: n.channel, attempts: n.attempts, delayMs: delay });
  throw retryable;
}

/** 5 s, 10 s, 20 s … capped at an hour. */
export function backoffMs(attempts: number) {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

/** Writes the outcome of this run's attempt, unless another run has taken the row over since. */
async function settle(id: string, attempt: number, data: Prisma.NotificationUpdateManyMutationInput, tx: Tx = getDb()) {
  const res = await tx.notification.updateMany({ where: { id, status: "SENDING", attempts: attempt }, data });
  return res.count > 0;
}

// Provider errors name the failure, not the citizen; still, keep the column short.
function errorText(e: unknown) {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.slice(0, 500);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
