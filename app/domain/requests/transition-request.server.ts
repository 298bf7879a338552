import type { RequestStatus, ResultCode } from "#app/generated/prisma/enums.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { AppError, isNonEmpty, type Problem } from "#app/utils/errors.ts";
import { markDeadlinesMet } from "#app/domain/deadlines/mark-deadlines-met.server.ts";
import { scheduleDeadlines } from "#app/domain/deadlines/schedule-deadlines.server.ts";
import { citizenDueAt } from "#app/domain/deadlines/citizen-due-at.server.ts";
import { recordNotifications, type NotificationTemplate } from "#app/domain/notifications/record-notifications.server.ts";
import { emptyFollowups, enqueueFollowups, type Followups } from "./after-commit.server.ts";
import { assertTransition, SETTLED_STATUSES, writeStatusWithin } from "./status-machine.ts";

export type Actor = { type: "STAFF" | "CITIZEN" | "SYSTEM"; id?: string };

export const RESULT_CODES: readonly ResultCode[] = ["RESOLVED_POSITIVELY", "REFUSED", "EXPLANATION_GIVEN", "FORWARDED", "LEFT_WITHOUT_CONSIDERATION", "OTHER"];

/**
 * Moves a request along its lifecycle. A forbidden move is refused; "resolved" needs a
 * result code (classifier 858) and a public answer; a resolved request sent back for
 * rework gets its clocks again; every change is an event and, where the citizen would
 * notice, a notification.
 */
export type TransitionOptions = {
  requestId: string;
  to: RequestStatus;
  actor: Actor;
  resultCode?: ResultCode;
  publicAnswer?: string;
  /** Internal note (staff only). */
  note?: string;
  /** A question to the citizen when moving to WAITING_CITIZEN. */
  question?: string;
  now?: Date;
};

export async function transitionRequest(options: TransitionOptions) {
  const followups = emptyFollowups();
  const result = await getDb().$transaction((tx) => transitionWithin({ ...options, tx, followups }));
  await enqueueFollowups(followups);
  return result;
}

export async function transitionWithin(options: TransitionOptions & { tx: Tx; followups: Followups; eventType?: string; extraData?: Record<string, unknown> }) {
  const { tx, requestId, to, actor, followups } = options;
  const now = options.now ?? new Date();
  const request = await tx.request.findUnique({ where: { id: requestId } });
  if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");
  const from = request.status;
  assertTransition(from, to);

  const publicAnswer = options.publicAnswer?.trim();
  if (to === "RESOLVED") {
    const missing: Problem[] = [];
    if (!options.resultCode) missing.push({ field: "resultCode", key: "errors:request.resultCodeRequired" });
    if (!publicAnswer) missing.push({ field: "publicAnswer", key: "errors:request.publicAnswerRequired" });
    if (isNonEmpty(missing)) throw AppError.invalid(missing, { missing: missing.map((p) => p.field) });
    if (!RESULT_CODES.includes(options.resultCode!)) throw new AppError("VALIDATION", "errors:request.resultCodeUnknown", { field: "resultCode" });
  }
  if (to === "WAITING_CITIZEN" && !options.question?.trim()) throw new AppError("VALIDATION", "errors:request.questionRequired", { field: "question" });

  // Optimistic check: if someone else moved it meanwhile, refuse instead of overwriting.
  await writeStatusWithin({
    tx,
    requestId,
    from,
    to,
    now,
    data: to === "RESOLVED" ? { resultCode: options.resultCode, publicAnswer } : {},
  });

  const reopened = from === "RESOLVED" && to === "IN_PROGRESS";
  const eventType = options.eventType ?? (reopened ? "reopened" : "status-changed");
  const event = await tx.requestEvent.create({
    data: {
      requestId,
      type: eventType,
      actorType: actor.type,
      actorId: actor.id,
      fromStatus: from,
      toStatus: to,
      isPublic: true,
      data: {
        ...(options.resultCode ? { resultCode: options.resultCode } : {}),
        ...(publicAnswer ? { publicAnswer } : {}),
        ...(options.question ? { question: options.question.trim() } : {}),
        ...(options.extraData ?? {}),
      },
    },
  });
  if (options.note?.trim()) {
    await tx.requestEvent.create({
      data: { requestId, type: "note", actorType: actor.type, actorId: actor.id, isPublic: false, data: { text: options.note.trim() } },
    });
  }

  if (SETTLED_STATUSES.includes(to)) await markDeadlinesMet({ tx, requestId, at: now });
  if (reopened) followups.deadlines.push(...(await scheduleDeadlines({ tx, requestId, now })));

  const template: NotificationTemplate | null =
    to === "RESOLVED"
      ? "resolved"
      : to === "CLOSED"
        ? "closed"
        : reopened
          ? "reopened"
          : to === "WAITING_CITIZEN"
            ? "question"
            : to === "ASSIGNED" && from === "ASSIGNED"
              ? null
              : "statusChanged";
  if (template && actor.type !== "CITIZEN") {
    const rows = await recordNotifications({
      tx,
      requestId,
      template,
      params: {
        status: to,
        answer: publicAnswer ?? null,
        question: options.question?.trim() ?? null,
        dueDate: (await citizenDueAt({ tx, requestId, dueAt: request.dueAt }))?.toISOString() ?? null,
      },
      eventKey: `event:${event.id}`,
    });
    followups.notificationIds.push(...rows.map((r) => r.id));
  }
  return { id: requestId, number: request.number, from, to, eventId: String(event.id) };
}
