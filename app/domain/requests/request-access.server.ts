import type { StaffRole } from "#app/generated/prisma/enums.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

/** The signed-in staff member a console use case acts for. */
export type StaffActor = { id: string; role: StaffRole; departmentId: string | null };

/** Contact-centre roles see and act on every request. */
export const CENTRE_ROLES: readonly StaffRole[] = ["OPERATOR", "SUPERVISOR", "ADMIN"];
export const DEPARTMENT_ROLES: readonly StaffRole[] = ["DEPARTMENT_OFFICER", "DEPARTMENT_HEAD"];

export function isCentreRole(actor: StaffActor) {
  return CENTRE_ROLES.includes(actor.role);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "view": read and comment (executor, co-executor, centre); "work": change it (executor or
 * centre); "centre": contact-centre only (re-route, merge, change category, call-back).
 */
export type AccessLevel = "view" | "work" | "centre";

/** Prisma filter limiting requests to what this staff member may see (department roles: their queue only). */
export function visibleRequestsWhere(actor: StaffActor): Prisma.RequestWhereInput {
  if (isCentreRole(actor)) return {};
  // A department role without a department sees nothing, rather than everything.
  const dep = actor.departmentId ?? "00000000-0000-0000-0000-000000000000";
  return { OR: [{ departmentId: dep }, { coExecutors: { some: { departmentId: dep } } }] };
}

/**
 * The access rule, enforced here and not only in the UI: department roles reach only
 * requests their department executes (co-executors: view and comment). Throws FORBIDDEN.
 */
export async function requireRequestAccess(options: { actor: StaffActor; requestId: string; level: AccessLevel; tx?: Tx }) {
  const { actor, requestId, level } = options;
  if (!UUID.test(requestId)) throw new AppError("NOT_FOUND", "errors:request.notFound");
  const db = options.tx ?? getDb();
  const request = await db.request.findUnique({
    where: { id: requestId },
    select: { id: true, number: true, status: true, departmentId: true, coExecutors: { select: { departmentId: true } } },
  });
  if (!request) throw new AppError("NOT_FOUND", "errors:request.notFound");
  const centre = isCentreRole(actor);
  const isExecutor = Boolean(actor.departmentId && request.departmentId === actor.departmentId);
  const isCoExecutor = Boolean(actor.departmentId && request.coExecutors.some((c) => c.departmentId === actor.departmentId));
  const allowed =
    level === "centre" ? centre : level === "work" ? centre || (isExecutor && DEPARTMENT_ROLES.includes(actor.role)) : centre || isExecutor || isCoExecutor;
  if (!allowed) throw new AppError("FORBIDDEN", "errors:request.forbidden");
  return { id: request.id, number: request.number, status: request.status, departmentId: request.departmentId, isExecutor, isCoExecutor, isCentre: centre };
}

/** For actions only some roles may take at all. */
export function requireRole(actor: StaffActor, roles: readonly StaffRole[]) {
  if (!roles.includes(actor.role)) throw new AppError("FORBIDDEN", "errors:request.roleForbidden");
}
