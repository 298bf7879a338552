import { getDb } from "#app/utils/db.server.ts";

/** All departments (active first), with how many active staff and categories each has. */
export async function listDepartments() {
  return getDb().department.findMany({
    orderBy: [{ active: "desc" }, { nameUk: "asc" }],
    select: {
      id: true,
      code: true,
      nameUk: true,
      nameEn: true,
      phone: true,
      email: true,
      active: true,
      _count: { select: { staff: { where: { active: true } }, categories: true } },
    },
  });
}
