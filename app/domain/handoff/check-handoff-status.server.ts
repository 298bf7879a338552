import type { HandoffStatus } from "#app/generated/prisma/enums.ts";
import { recordNotifications, type NotificationTemplate } from "#app/domain/notifications/record-notifications.server.ts";
import { emptyFollowups, enqueueFollowups } from "#app/domain/requests/after-commit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { isHandoffDecided } from "./handoff-status.ts";
import { providerNames } from "./handoff-texts.ts";
import { moveRequestStatusWithin } from "./move-request-status.server.ts";
import { isRetryableProviderError, type ProviderOrderStatus } from "./provider.ts";
import { getProvider, requireCapability } from "./providers.server.ts";

const log = createLogger("igov");

/** How often an open order is looked at when all is well. */
export const POLL_INTERVAL_MS = 30 * 60_000;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 60 * 60_000;

export function pollBackoffMs(failures: number) {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);
}

export type CheckHandoffResult =
  | { outcome: "skipped" }
  | { outcome: "unchanged" | "changed" | "closed" | "gave-up" | "not-found"; status: HandoffStatus }
  | { outcome: "failed"; failures: number; status: HandoffStatus; retryAt: Date | null };

const STATE_TO_STATUS = { IN_PROGRESS: "IN_PROGRESS", QUESTION: "QUESTION", CLOSED: "CLOSED", REJECTED: "REJECTED", UNKNOWN: "UNKNOWN" } as const;

/**
 * Asks the provider about one hand-off's order and folds the answer into our records. A
 * change of the provider's status is written once (guarded on the status it changes from),
 * with a public event; a clerk's question notifies the citizen, closed or rejected closes
 * our request with the provider's outcome. Provider down: failures counted, retried with
 * backoff, FAILING after HANDOFF_FAILING_AFTER in a row. Unknown/not found for longer than
 * HANDOFF_POLL_GIVE_UP_DAYS since the id was recorded: polling stops (UNKNOWN).
 */
export async function checkHandoffStatus(options: { handoffId: string; now?: Date }): Promise<CheckHandoffResult> {
  const db = getDb();
  const env = getEnv();
  const now = options.now ?? new Date();
  const handoff = await db.handoff.findUnique({ where: { id: options.handoffId } });
  if (!handoff?.orderId || isHandoffDecided(handoff.status) || handoff.status === "UNKNOWN") return { outcome: "skipped" };
  const provider = getProvider(handoff.provider);
  if (!provider.capabilities.statusTracking || !provider.capabilities.statusMapping) {
    await db.handoff.update({ where: { id: handoff.id }, data: { nextCheckAt: null } });
    return { outcome: "skipped" };
  }
  requireCapability(provider, "statusMapping");

  let answer: ProviderOrderStatus;
  try {
    answer = await provider.fetchOrderStatus!({ orderId: handoff.orderId });
  } catch (e) {
    const failures = handoff.failures + 1;
    const retryable = isRetryableProviderError(e);
    const failing = !retryable || failures >= env.HANDOFF_FAILING_AFTER;
    const status: HandoffStatus = failing ? "FAILING" : handoff.status;
    const retryAt = new Date(now.getTime() + (retryable ? pollBackoffMs(failures) : BACKOFF_MAX_MS));
    await db.handoff.update({
      where: { id: handoff.id },
      data: { failures, lastError: (e as Error).message.slice(0, 300), lastCheckedAt: now, nextCheckAt: retryAt, status },
    });
    log.warn("provider status check failed", { provider: handoff.provider, handoffId: handoff.id, failures, retryable });
    return { outcome: "failed", failures, status, retryAt };
  }

  const base = { lastCheckedAt: now, failures: 0, lastError: null };
  const giveUpAt = (handoff.orderRecordedAt ?? handoff.createdAt).getTime() + env.HANDOFF_POLL_GIVE_UP_DAYS * 86_400_000;
  if (!answer.found || answer.state === "UNKNOWN") {
    const code = answer.found ? answer.code : null;
    if (now.getTime() >= giveUpAt) {
      await db.$transaction(async (tx) => {
        await tx.handoff.update({
          where: { id: handoff.id },
          data: { ...base, status: "UNKNOWN", nextCheckAt: null, providerStatus: code ?? handoff.providerStatus },
        });
        await tx.requestEvent.create({
          data: {
            requestId: handoff.requestId,
            type: "handoff-unknown",
            actorType: "SYSTEM",
            isPublic: false,
            data: { handoffId: handoff.id, orderId: handoff.orderId, code },
            createdAt: now,
          },
        });
      });
      return { outcome: "gave-up", status: "UNKNOWN" };
    }
    // Not known yet (a fresh order) or removed: look again later, without a new event.
    const status: HandoffStatus = handoff.status === "FAILING" ? "SUBMITTED" : handoff.status;
    await db.handoff.update({ where: { id: handoff.id }, data: { ...base, status, nextCheckAt: new Date(now.getTime() + POLL_INTERVAL_MS) } });
    return { outcome: "not-found", status };
  }

  const status: HandoffStatus = STATE_TO_STATUS[answer.state];
  const final = isHandoffDecided(status);
  if (answer.code === handoff.providerStatus) {
    await db.handoff.update({ where: { id: handoff.id }, data: { ...base, status, nextCheckAt: new Date(now.getTime() + POLL_INTERVAL_MS) } });
    return { outcome: "unchanged", status };
  }

  const names = providerNames(handoff.provider);
  const outcome = answer.label ?? answer.codeName ?? answer.code;
  const followups = emptyFollowups();
  const applied = await db.$transaction(async (tx) => {
    // Guard on the status we saw: two pollers at once write (and notify) the change once.
    const claimed = await tx.handoff.updateMany({
      where: { id: handoff.id, providerStatus: handoff.providerStatus, orderId: handoff.orderId },
      data: {
        ...base,
        providerStatus: answer.code,
        status,
        nextCheckAt: final ? null : new Date(now.getTime() + POLL_INTERVAL_MS),
        ...(final ? { outcome, closedAt: answer.closedAt && !Number.isNaN(Date.parse(answer.closedAt)) ? new Date(answer.closedAt) : now } : {}),
      },
    });
    if (claimed.count !== 1) return false;
    const data = {
      handoffId: handoff.id,
      provider: handoff.provider,
      orderId: handoff.orderId,
      code: answer.code,
      codeName: answer.codeName,
      outcome,
      text: outcome,
    };
    let eventId: bigint;
    const request = await tx.request.findUniqueOrThrow({ where: { id: handoff.requestId }, select: { status: true } });
    if (final && request.status === "HANDED_OFF") {
      ({ eventId } = await moveRequestStatusWithin({
        tx,
        requestId: handoff.requestId,
        to: "CLOSED",
        actor: { type: "SYSTEM" },
        eventType: status === "CLOSED" ? "handoff-closed" : "handoff-rejected",
        data,
        now,
      }));
    } else {
      eventId = (
        await tx.requestEvent.create({
          data: { requestId: handoff.requestId, type: "handoff-status", actorType: "SYSTEM", isPublic: true, data, createdAt: now },
        })
      ).id;
    }
    const template: NotificationTemplate | null =
      status === "QUESTION" ? "handoffQuestion" : status === "CLOSED" ? "handoffClosed" : status === "REJECTED" ? "handoffRejected" : null;
    if (template) {
      const rows = await recordNotifications({
        tx,
        requestId: handoff.requestId,
        template,
        params: {
          providerUk: names.uk,
          providerEn: names.en,
          outcome,
          orderId: handoff.orderId,
          link: status === "QUESTION" ? handoff.link : null,
        },
        eventKey: `handoff:${handoff.id}:${eventId}`,
      });
      followups.notificationIds.push(...rows.map((r) => r.id));
    }
    return true;
  });
  if (!applied) return { outcome: "unchanged", status };
  await enqueueFollowups(followups);
  return { outcome: final ? "closed" : "changed", status };
}
