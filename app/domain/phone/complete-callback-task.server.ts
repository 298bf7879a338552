import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

/** An operator called the citizen back: the task is DONE (once; a second click changes nothing). */
export async function completeCallbackTask(options: { taskId: string; staffUserId: string; note?: string | null }) {
  const res = await getDb().callbackTask.updateMany({
    where: { id: options.taskId, status: "OPEN" },
    data: { status: "DONE", doneAt: new Date(), assigneeId: options.staffUserId, note: options.note?.slice(0, 1000) || null },
  });
  if (res.count === 0 && !(await getDb().callbackTask.findUnique({ where: { id: options.taskId }, select: { id: true } })))
    throw new AppError("NOT_FOUND", "No such callback task");
  return { done: res.count === 1 };
}
