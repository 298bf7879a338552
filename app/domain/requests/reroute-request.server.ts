import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireRequestAccess, UUID, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { emptyFollowups, enqueueFollowups } from "./after-commit.server.ts";
import { assertTransition, writeStatusWithin } from "./status-machine.ts";

/**
 * The contact centre (centre roles only) sends a request to a department (from triage,
 * after a "not our competence" return, or to correct the rules' choice), with optional
 * co-executors.
 */
export async function rerouteRequest(options: { actor: StaffActor; requestId: string; departmentId: string; coDepartmentIds?: string[]; reason?: string }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "centre" });
  if (!UUID.test(options.departmentId)) throw new AppError("VALIDATION", "errors:request.departmentRequired", { field: "departmentId" });
  const reason = options.reason?.trim() || null;
  const followups = emptyFollowups();
  const result = await getDb().$transaction(async (tx) => {
    const request = await tx.request.findUnique({ where: { id: access.id } });
    if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");
    const refusal = "errors:request.cannotReroute";
    assertTransition(request.status, "ASSIGNED", refusal);
    const department = await tx.department.findUnique({ where: { id: options.departmentId } });
    if (!department || !department.active) throw new AppError("VALIDATION", "errors:request.departmentInactive", { field: "departmentId" });
    const co = [...new Set(options.coDepartmentIds ?? [])].filter((id) => UUID.test(id) && id !== department.id);
    if (co.length) {
      const found = await tx.department.count({ where: { id: { in: co }, active: true } });
      if (found !== co.length) throw new AppError("VALIDATION", "errors:request.coExecutorInactive", { field: "coDepartmentIds" });
    }
    await writeStatusWithin({
      tx,
      requestId: request.id,
      from: request.status,
      to: "ASSIGNED",
      now: new Date(),
      refusal,
      data: { departmentId: department.id, assigneeId: null, routed: true },
    });
    await tx.requestCoExecutor.deleteMany({ where: { requestId: request.id } });
    if (co.length) await tx.requestCoExecutor.createMany({ data: co.map((departmentId) => ({ requestId: request.id, departmentId })) });
    const event = await tx.requestEvent.create({
      data: {
        requestId: request.id,
        type: "rerouted",
        actorType: "STAFF",
        actorId: options.actor.id,
        fromStatus: request.status,
        toStatus: "ASSIGNED",
        isPublic: true,
        data: { fromDepartmentId: request.departmentId, departmentId: department.id, coDepartmentIds: co, reason },
      },
    });
    if (request.departmentId !== department.id) {
      const rows = await recordNotifications({
        tx,
        requestId: request.id,
        template: "routed",
        params: { departmentUk: department.nameUk, departmentEn: department.nameEn },
        eventKey: `event:${event.id}`,
      });
      followups.notificationIds.push(...rows.map((r) => r.id));
    }
    return { id: request.id, departmentId: department.id, coDepartmentIds: co };
  });
  await enqueueFollowups(followups);
  return result;
}
