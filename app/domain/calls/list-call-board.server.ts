import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { CENTRE_ROLES, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import { maskPhoneForDisplay } from "#app/utils/phone.ts";

/**
 * Who sees callers' full numbers: the contact centre, which calls people back. Department
 * roles are not in the phone flow and see them masked (the same line as "show contact":
 * a full number is shown only where it is needed for the work).
 */
export const CALLER_NUMBER_ROLES: readonly StaffRole[] = CENTRE_ROLES;

export function canSeeCallerNumbers(actor: Pick<StaffActor, "role">) {
  return CALLER_NUMBER_ROLES.includes(actor.role);
}

/**
 * The calls page: callers waiting in the operator queue now (last hour), and open callback
 * tasks with the caller's earlier requests. Full numbers only for CALLER_NUMBER_ROLES, and
 * then every view that shows any is one audit row naming the calls and tasks shown;
 * others get masked numbers and no earlier requests (which would name the caller).
 */
export async function listCallBoard(options: { actor: StaffActor; ip?: string | null; now?: Date }) {
  const db = getDb();
  const full = canSeeCallerNumbers(options.actor);
  const since = new Date((options.now ?? new Date()).getTime() - 3600_000);
  const waiting = await db.call.findMany({
    where: { status: "QUEUED", endedAt: null, queuedAt: { gte: since } },
    orderBy: { queuedAt: "asc" },
    select: { id: true, fromNumber: true, queuedAt: true, menuPath: true },
  });
  const callbacks = await db.callbackTask.findMany({
    where: { status: "OPEN" },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: {
      id: true,
      phone: true,
      reason: true,
      createdAt: true,
      citizen: { select: { requests: { select: { number: true, status: true }, orderBy: { createdAt: "desc" }, take: full ? 5 : 0 } } },
    },
  });
  if (full && (waiting.length || callbacks.length)) {
    await recordAudit({
      actorId: options.actor.id,
      action: "call-board.viewed",
      entityType: "CallBoard",
      data: { callIds: waiting.map((w) => w.id), callbackTaskIds: callbacks.map((c) => c.id) },
      ip: options.ip ?? null,
    });
  }
  const show = (phone: string) => (full ? phone : maskPhoneForDisplay(phone));
  return {
    fullNumbers: full,
    waiting: waiting.map((w) => ({ id: w.id, phone: show(w.fromNumber), queuedAt: w.queuedAt, menuPath: w.menuPath })),
    callbacks: callbacks.map((c) => ({
      id: c.id,
      phone: show(c.phone),
      reason: c.reason,
      createdAt: c.createdAt,
      earlier: full ? (c.citizen?.requests ?? []) : [],
    })),
  };
}
