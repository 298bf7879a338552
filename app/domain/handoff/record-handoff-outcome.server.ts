import { requireRequestAccess, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { emptyFollowups, enqueueFollowups } from "#app/domain/requests/after-commit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { isHandoffDecided, HANDOFF_DECIDED_STATUSES, type HandoffDecision } from "./handoff-status.ts";
import { providerNames } from "./handoff-texts.ts";
import { moveRequestStatusWithin } from "./move-request-status.server.ts";
import { getProvider } from "./providers.server.ts";

export type HandoffOutcome = HandoffDecision;

/**
 * A contact-centre operator records what a provider without status tracking (ЦНАП, a
 * manual hand-off) decided: the request closes (HANDED_OFF → CLOSED) with the outcome
 * text, the Handoff is closed, a public event is written and the citizen is told once
 * (handoffClosed / handoffRejected). iGov hand-offs are tracked by polling and refused here.
 */
export async function recordHandoffOutcome(options: {
  actor: StaffActor;
  requestId: string;
  outcome: HandoffOutcome;
  note: string;
  now?: Date;
}): Promise<{ handoffId: string; outcome: HandoffOutcome }> {
  const { actor, requestId } = options;
  const now = options.now ?? new Date();
  const note = options.note.trim();
  await requireRequestAccess({ actor, requestId, level: "centre" });
  if (!isHandoffDecided(options.outcome)) throw new AppError("VALIDATION", "errors:handoff.outcomeInvalid", { field: "outcome" });
  if (note.length < 3) throw new AppError("VALIDATION", "errors:handoff.outcomeNoteRequired", { field: "note" });
  if (note.length > 2000) throw new AppError("VALIDATION", "errors:handoff.outcomeNoteTooLong", { field: "note", params: { max: 2000 } });

  const db = getDb();
  const handoff = await db.handoff.findUnique({ where: { requestId } });
  if (!handoff) throw new AppError("VALIDATION", "errors:handoff.notHandedOff", { field: "outcome" });
  if (handoff.provider !== "CNAP" && handoff.provider !== "MANUAL")
    throw new AppError(
      "VALIDATION",
      getProvider(handoff.provider).capabilities.statusTracking ? "errors:handoff.outcomeTracked" : "errors:handoff.outcomeManualOnly",
      { field: "outcome", details: { provider: handoff.provider } },
    );
  if (isHandoffDecided(handoff.status)) throw new AppError("CONFLICT", "errors:handoff.outcomeRecorded");

  const names = providerNames(handoff.provider);
  const followups = emptyFollowups();
  await db.$transaction(async (tx) => {
    // Guarded on the open status: two operators at once close (and notify) once.
    const claimed = await tx.handoff.updateMany({
      where: { id: handoff.id, status: { notIn: [...HANDOFF_DECIDED_STATUSES] } },
      data: { status: options.outcome, outcome: note, closedAt: now, nextCheckAt: null },
    });
    if (claimed.count !== 1) throw new AppError("CONFLICT", "errors:handoff.outcomeRecorded");
    const { eventId } = await moveRequestStatusWithin({
      tx,
      requestId,
      to: "CLOSED",
      actor: { type: "STAFF", id: actor.id },
      eventType: options.outcome === "CLOSED" ? "handoff-closed" : "handoff-rejected",
      data: { handoffId: handoff.id, provider: handoff.provider, outcome: note, text: note },
      now,
    });
    const rows = await recordNotifications({
      tx,
      requestId,
      template: options.outcome === "CLOSED" ? "handoffClosed" : "handoffRejected",
      params: { providerUk: names.uk, providerEn: names.en, outcome: note, orderId: handoff.orderId, link: null },
      eventKey: `handoff:${handoff.id}:${eventId}`,
    });
    followups.notificationIds.push(...rows.map((r) => r.id));
  });
  await enqueueFollowups(followups);
  return { handoffId: handoff.id, outcome: options.outcome };
}
