import { rerouteRequest } from "#app/domain/requests/reroute-request.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireRequestAccess, UUID, type StaffActor } from "./request-access.server.ts";

/** The contact centre sends a request to a department, with optional co-executors. */
export async function rerouteToDepartment(options: { actor: StaffActor; requestId: string; departmentId: string; coDepartmentIds?: string[]; reason?: string }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "centre" });
  if (!UUID.test(options.departmentId)) throw new AppError("VALIDATION", "Оберіть підрозділ-виконавець", { field: "departmentId" });
  const co = (options.coDepartmentIds ?? []).filter((id) => UUID.test(id));
  return rerouteRequest({ requestId: access.id, departmentId: options.departmentId, coDepartmentIds: co, actorId: options.actor.id, reason: options.reason?.trim() || undefined });
}
