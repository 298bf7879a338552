import { requireRole, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { CALLER_NUMBER_ROLES } from "./list-call-board.server.ts";

/**
 * An operator called the citizen back: the task is DONE (once; a second click changes
 * nothing). Only roles that see the caller's number can have called it (FORBIDDEN).
 */
export async function completeCallbackTask(options: { taskId: string; actor: StaffActor; note?: string | null }) {
  requireRole(options.actor, CALLER_NUMBER_ROLES);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(options.taskId)) throw new AppError("NOT_FOUND", "errors:calls.callbackNotFound");
  const res = await getDb().callbackTask.updateMany({
    where: { id: options.taskId, status: "OPEN" },
    data: { status: "DONE", doneAt: new Date(), assigneeId: options.actor.id, note: options.note?.slice(0, 1000) || null },
  });
  if (res.count === 0 && !(await getDb().callbackTask.findUnique({ where: { id: options.taskId }, select: { id: true } })))
    throw new AppError("NOT_FOUND", "errors:calls.callbackNotFound");
  return { done: res.count === 1 };
}
