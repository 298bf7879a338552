import { getDb } from "#app/utils/db.server.ts";

/** Every staff account (never the password hash) and the departments to choose from. */
export async function listStaffAccounts() {
  const db = getDb();
  const [staff, departments] = await Promise.all([
    db.staffUser.findMany({
      orderBy: [{ active: "desc" }, { name: "asc" }],
      select: { id: true, email: true, name: true, role: true, active: true, departmentId: true, department: { select: { nameUk: true, nameEn: true } } },
    }),
    db.department.findMany({ where: { active: true }, orderBy: { nameUk: "asc" }, select: { id: true, code: true, nameUk: true, nameEn: true } }),
  ]);
  return { staff, departments };
}
