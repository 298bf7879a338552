import type { DeadlineKind } from "#app/generated/prisma/enums.ts";
import { toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { isSettled } from "#app/domain/requests/status-machine.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";

export type DeadlinePhase = "warn" | "breach";

/**
 * A deadline's wake-up call (from its delayed job or the sweeper). Re-reads everything and
 * does nothing when the deadline was retired, the request moved on, or the time has not
 * come. The warned/breached flag flips with a conditional update, so when the same call
 * runs twice, even at once, only one run alerts anybody.
 */
export async function processDeadlineJob(options: {
  deadlineId: string;
  phase: DeadlinePhase;
  now?: Date;
}): Promise<{ action: "warned" | "escalated" | "noop" }> {
  const { deadlineId, phase } = options;
  const now = options.now ?? new Date();
  const db = getDb();
  const deadline = await db.deadline.findUnique({
    where: { id: deadlineId },
    include: { request: { select: { id: true, number: true, status: true, departmentId: true, assigneeId: true } } },
  });
  if (!deadline || !deadline.active) return { action: "noop" };
  // A settled request has moved on: its deadlines no longer warn or escalate.
  if (isSettled(deadline.request.status)) return { action: "noop" };
  const at = phase === "warn" ? deadline.warnAt : deadline.dueAt;
  if (now.getTime() < at.getTime()) return { action: "noop" };
  if (phase === "warn" && deadline.breached) return { action: "noop" };

  const alertData = {
    deadlineId,
    kind: deadline.kind,
    label: deadline.label,
    number: deadline.request.number,
    dueAt: toKyivIso(deadline.dueAt),
  };

  return db.$transaction(async (tx) => {
    if (phase === "warn") {
      const won = await tx.deadline.updateMany({
        where: { id: deadlineId, active: true, warned: false, breached: false },
        data: { warned: true, warnedAt: now },
      });
      if (won.count === 0) return { action: "noop" as const };
      const recipients = await warningRecipients({ tx, request: deadline.request, kind: deadline.kind });
      await tx.staffAlert.createMany({
        data: recipients.map((staffUserId) => ({
          staffUserId,
          requestId: deadline.requestId,
          kind: "deadline-warning",
          dedupeKey: `warn:${deadlineId}:${staffUserId}`,
          data: alertData,
        })),
        skipDuplicates: true,
      });
      return { action: "warned" as const };
    }

    const won = await tx.deadline.updateMany({
      where: { id: deadlineId, active: true, breached: false },
      data: { breached: true, breachedAt: now },
    });
    if (won.count === 0) return { action: "noop" as const };
    const recipients = await tx.staffUser.findMany({
      where: {
        active: true,
        OR: [
          { role: "SUPERVISOR" },
          ...(deadline.request.departmentId ? [{ role: "DEPARTMENT_HEAD" as const, departmentId: deadline.request.departmentId }] : []),
        ],
      },
      select: { id: true },
    });
    await tx.staffAlert.createMany({
      data: recipients.map(({ id: staffUserId }) => ({
        staffUserId,
        requestId: deadline.requestId,
        kind: "deadline-breached",
        dedupeKey: `breach:${deadlineId}:${staffUserId}`,
        data: alertData,
      })),
      skipDuplicates: true,
    });
    await tx.requestEvent.create({
      data: {
        requestId: deadline.requestId,
        type: "deadline-breached",
        actorType: "SYSTEM",
        isPublic: false,
        createdAt: now,
        data: { deadlineId, kind: deadline.kind, label: deadline.label, dueAt: toKyivIso(deadline.dueAt) },
      },
    });
    return { action: "escalated" as const };
  });
}

/**
 * Who hears that a term is running out: the assignee; without one, the department's
 * officers, else its head; a request with no department yet, the supervisors. The term to
 * categorise a request is the contact centre's own: its operators hear of it (the
 * supervisors when there are none).
 */
async function warningRecipients(options: {
  tx: Tx;
  request: { departmentId: string | null; assigneeId: string | null };
  kind: DeadlineKind;
}): Promise<string[]> {
  const { tx, request } = options;
  if (options.kind === "TRIAGE") {
    const operators = await tx.staffUser.findMany({ where: { active: true, role: "OPERATOR" }, select: { id: true } });
    if (operators.length > 0) return operators.map((s) => s.id);
    return (await tx.staffUser.findMany({ where: { active: true, role: "SUPERVISOR" }, select: { id: true } })).map((s) => s.id);
  }
  if (request.assigneeId) {
    const assignee = await tx.staffUser.findFirst({ where: { id: request.assigneeId, active: true }, select: { id: true } });
    if (assignee) return [assignee.id];
  }
  const candidates = request.departmentId
    ? await tx.staffUser.findMany({
        where: { active: true, departmentId: request.departmentId, role: { in: ["DEPARTMENT_OFFICER", "DEPARTMENT_HEAD"] } },
        select: { id: true, role: true },
      })
    : await tx.staffUser.findMany({ where: { active: true, role: "SUPERVISOR" }, select: { id: true, role: true } });
  const officers = candidates.filter((s) => s.role === "DEPARTMENT_OFFICER");
  return (officers.length > 0 ? officers : candidates).map((s) => s.id);
}
