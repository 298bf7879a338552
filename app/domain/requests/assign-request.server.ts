import { emptyFollowups, enqueueFollowups } from "#app/domain/requests/after-commit.server.ts";
import { assertTransition } from "#app/domain/requests/status-machine.ts";
import { transitionWithin } from "#app/domain/requests/transition-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireRequestAccess, UUID, type StaffActor } from "./request-access.server.ts";

/**
 * Takes a request (assigneeId = the actor: it goes into work) or assigns it to a
 * colleague of the executing department. A NEW request becomes ASSIGNED first.
 */
export async function assignRequest(options: { actor: StaffActor; requestId: string; assigneeId: string }) {
  const { actor } = options;
  const access = await requireRequestAccess({ actor, requestId: options.requestId, level: "work" });
  if (!access.departmentId) throw new AppError("VALIDATION", "errors:request.assignNeedsDepartment", { field: "assigneeId" });
  if (!UUID.test(options.assigneeId)) throw new AppError("VALIDATION", "errors:request.assigneeRequired", { field: "assigneeId" });
  const taking = options.assigneeId === actor.id;
  const followups = emptyFollowups();
  const result = await getDb().$transaction(async (tx) => {
    const assignee = await tx.staffUser.findFirst({ where: { id: options.assigneeId, active: true }, select: { id: true, name: true, departmentId: true } });
    if (!assignee || assignee.departmentId !== access.departmentId)
      throw new AppError("VALIDATION", "errors:request.assigneeNotInDepartment", { field: "assigneeId" });
    const current = access.status;
    const actorRef = { type: "STAFF" as const, id: actor.id };
    // Taking starts the work; assigning to a colleague keeps the status of work already under way.
    const keeps: readonly string[] = taking ? ["IN_PROGRESS"] : ["ASSIGNED", "IN_PROGRESS", "WAITING_CITIZEN"];
    const to = taking ? "IN_PROGRESS" : "ASSIGNED";
    if (!keeps.includes(current)) {
      assertTransition(current, to, "errors:request.cannotAssign");
      await transitionWithin({ tx, followups, requestId: access.id, to, actor: actorRef });
    }
    await tx.request.update({ where: { id: access.id }, data: { assigneeId: assignee.id } });
    const event = await tx.requestEvent.create({
      data: {
        requestId: access.id,
        type: taking ? "taken" : "assigned",
        actorType: "STAFF",
        actorId: actor.id,
        isPublic: false,
        data: { assigneeId: assignee.id, assigneeName: assignee.name },
      },
    });
    return { assigneeId: assignee.id, eventId: String(event.id) };
  });
  await enqueueFollowups(followups);
  return result;
}
