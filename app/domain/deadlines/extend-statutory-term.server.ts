import type { Deadline } from "#app/generated/prisma/client.ts";
import { appealCapDueAt } from "#app/domain/calendar/terms.ts";
import { endOfKyivDay, kyivDateOf, kyivDateText, toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { requireRequestAccess, requireRole, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { enqueueNotifications } from "#app/domain/notifications/enqueue-notifications.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { isSettled } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { computeRequestDeadlines, lockRequestRow, REQUEST_DEADLINE_FIELDS } from "./compute-request-deadlines.server.ts";
import { enqueueDeadlineJobs } from "./enqueue-deadline-jobs.server.ts";
import { scheduleDeadlines } from "./schedule-deadlines.server.ts";

/**
 * The head of the body extends an appeal's term (Law 393/96 art. 20): the contact centre,
 * or the head of the executing department. The law allows it
 * only with the citizen notified and never beyond 45 days from receipt, so the notice is
 * recorded in the same transaction and an unreachable citizen blocks the extension. The
 * new term ends at the end of the chosen Kyiv day.
 */
export async function extendStatutoryTerm(options: {
  actor: StaffActor;
  requestId: string;
  until: Date;
  reason: string;
  now?: Date;
}): Promise<{ until: Date; deadlines: Deadline[]; notificationIds: string[] }> {
  const now = options.now ?? new Date();
  const actorId = options.actor.id;
  requireRole(options.actor, ["OPERATOR", "SUPERVISOR", "ADMIN", "DEPARTMENT_HEAD"]);
  const requestId = (await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "work" })).id;
  if (!(options.until instanceof Date) || Number.isNaN(options.until.getTime())) {
    throw new AppError("VALIDATION", "errors:deadline.untilInvalid", { field: "until" });
  }
  const reason = options.reason?.trim() ?? "";
  if (!reason) throw new AppError("VALIDATION", "errors:deadline.reasonRequired", { field: "reason" });

  const untilAt = endOfKyivDay(kyivDateOf(options.until));

  const result = await getDb().$transaction(async (tx) => {
    // Serialises extensions of one request, so each gets its own notice number.
    await lockRequestRow(tx, requestId);
    const request = await tx.request.findUnique({
      where: { id: requestId },
      select: { ...REQUEST_DEADLINE_FIELDS, status: true, deadlines: { where: { active: true, kind: "STATUTORY" }, select: { dueAt: true } } },
    });
    if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound", { field: "requestId" });
    if (!request.isAppeal || !request.appeal) {
      throw new AppError("CONFLICT", "errors:deadline.notAnAppeal", { field: "requestId" });
    }
    if (isSettled(request.status)) {
      throw new AppError("CONFLICT", "errors:deadline.requestSettled", { field: "requestId" });
    }

    const capAt = appealCapDueAt({ receivedAt: request.receivedAt });
    if (untilAt > capAt) {
      throw new AppError("VALIDATION", "errors:deadline.untilBeyondCap", {
        field: "until",
        params: { cap: kyivDateText(capAt) },
        details: { cap: toKyivIso(capAt) },
      });
    }
    const currentDue = request.deadlines[0]?.dueAt ?? (await computeRequestDeadlines({ tx, request })).deadlines.find((d) => d.kind === "STATUTORY")?.dueAt;
    if (currentDue && untilAt <= currentDue) {
      throw new AppError("VALIDATION", "errors:deadline.untilNotLater", {
        field: "until",
        params: { current: kyivDateText(currentDue) },
        details: { current: toKyivIso(currentDue) },
      });
    }
    if (untilAt <= now) throw new AppError("VALIDATION", "errors:deadline.untilPast", { field: "until" });

    const previous = await tx.requestEvent.count({ where: { requestId, type: "term-extended" } });
    const notices = await recordNotifications({
      tx,
      requestId,
      template: "extended",
      params: { until: kyivDateText(untilAt) },
      eventKey: `extended:${previous + 1}`,
    });
    if (notices.length === 0) throw new AppError("CONFLICT", "errors:deadline.citizenUnreachable", { field: "requestId" });

    await tx.appeal.update({
      where: { requestId },
      data: { extendedUntil: untilAt, extensionReason: reason, extensionNoticeId: notices[0]!.id },
    });
    const deadlines = await scheduleDeadlines({ tx, requestId, now });
    await tx.requestEvent.create({
      data: {
        requestId,
        type: "term-extended",
        actorType: "STAFF",
        actorId,
        isPublic: true,
        createdAt: now,
        // The reason is free text kept on the appeal; public history carries dates only.
        data: { until: toKyivIso(untilAt), previousDueAt: currentDue ? toKyivIso(currentDue) : null },
      },
    });
    return { until: untilAt, deadlines, notificationIds: notices.map((n) => n.id) };
  });

  await Promise.all([enqueueDeadlineJobs({ deadlines: result.deadlines, now }), enqueueNotifications({ ids: result.notificationIds })]);
  return result;
}
