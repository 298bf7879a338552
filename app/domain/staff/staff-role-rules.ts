import { AppError } from "#app/utils/errors.ts";
import type { StaffRole } from "#app/generated/prisma/enums.ts";
// The type the console reads, from the domain rather than the database client.
export type { StaffRole };

export const STAFF_ROLES = ["OPERATOR", "DEPARTMENT_OFFICER", "DEPARTMENT_HEAD", "SUPERVISOR", "ADMIN"] as const satisfies readonly StaffRole[];

/** Department officers and heads work one department's queue, so they must have one. */
export function requireDepartmentForRole(options: { role: StaffRole; departmentId: string | null | undefined }) {
  if ((options.role === "DEPARTMENT_OFFICER" || options.role === "DEPARTMENT_HEAD") && !options.departmentId)
    throw new AppError("VALIDATION", "errors:staff.departmentRequired", { field: "departmentId" });
}
