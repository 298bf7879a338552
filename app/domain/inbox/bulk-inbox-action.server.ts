import { assignRequest } from "#app/domain/requests/assign-request.server.ts";
import { rejectRequest } from "#app/domain/requests/reject-request.server.ts";
import { visibleRequestsWhere, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { rerouteRequest } from "#app/domain/requests/reroute-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError, isAppError } from "#app/utils/errors.ts";
import { BULK_OPS } from "./inbox-filters.ts";
import { INBOX_PAGE_SIZE } from "./list-inbox.server.ts";

export type BulkOp = (typeof BULK_OPS)[number];

export type BulkOutcome = {
  done: { id: string; number: string }[];
  /** Each refused row with the core's own refusal (the same as on the request page). */
  refused: { id: string; number: string; error: AppError }[];
};

/**
 * One action on the rows selected in the inbox, each row through the very use case the
 * request page calls (assign to an officer, route to a department, close with a reason
 * the citizen is told), so each row is allowed or refused by the actor's role, the
 * request's department and its status exactly as it would be one by one. One row's
 * refusal does not stop the others; what the form lacks stops them all before any runs.
 */
export async function bulkInboxAction(options: {
  actor: StaffActor;
  op: BulkOp;
  requestIds: string[];
  assigneeId?: string;
  departmentId?: string;
  reason?: string;
}): Promise<BulkOutcome> {
  const { actor, op } = options;
  const ids = [...new Set(options.requestIds)];
  if (!ids.length) throw new AppError("VALIDATION", "errors:inbox.bulkNoneSelected", { field: "ids" });
  if (ids.length > INBOX_PAGE_SIZE) throw new AppError("VALIDATION", "errors:inbox.bulkTooMany", { field: "ids", params: { max: INBOX_PAGE_SIZE } });
  const assigneeId = options.assigneeId?.trim() ?? "";
  const departmentId = options.departmentId?.trim() ?? "";
  const reason = options.reason?.trim() ?? "";
  if (op === "assign" && !assigneeId) throw new AppError("VALIDATION", "errors:request.assigneeRequired", { field: "assigneeId" });
  if (op === "route" && !departmentId) throw new AppError("VALIDATION", "errors:request.departmentRequired", { field: "departmentId" });
  if (op === "close" && !reason) throw new AppError("VALIDATION", "errors:request.rejectReasonRequired", { field: "reason" });

  // Numbers of the rows this actor may see; a row outside their view is refused without
  // naming it (its number is not theirs to learn).
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const visible = await getDb().request.findMany({ where: { AND: [{ id: { in: uuids } }, visibleRequestsWhere(actor)] }, select: { id: true, number: true } });
  const numberOf = new Map(visible.map((r) => [r.id, r.number]));

  const outcome: BulkOutcome = { done: [], refused: [] };
  for (const requestId of ids) {
    const number = numberOf.get(requestId) ?? "—";
    try {
      if (!numberOf.has(requestId)) throw new AppError("FORBIDDEN", "errors:request.forbidden");
      if (op === "assign") await assignRequest({ actor, requestId, assigneeId });
      else if (op === "route") await rerouteRequest({ actor, requestId, departmentId });
      else await rejectRequest({ actor, requestId, reason });
      outcome.done.push({ id: requestId, number });
    } catch (e) {
      if (!isAppError(e)) throw e;
      outcome.refused.push({ id: requestId, number, error: e });
    }
  }
  return outcome;
}
