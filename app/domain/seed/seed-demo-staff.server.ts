import { getDb } from "#app/utils/db.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { DEMO_STAFF } from "./demo-staff.ts";

/**
 * DEMO ONLY: the accounts of DEMO_STAFF, created when missing. An existing account is
 * left alone (its password may have been changed on purpose). Needs the departments.
 */
export async function seedDemoStaff(): Promise<{ total: number; created: number }> {
  const db = getDb();
  const existing = new Set(
    (await db.staffUser.findMany({ where: { email: { in: DEMO_STAFF.map((s) => s.email) } }, select: { email: true } })).map((s) => s.email),
  );
  const departments = new Map((await db.department.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
  let created = 0;
  for (const s of DEMO_STAFF) {
    if (existing.has(s.email)) continue;
    await db.staffUser.create({
      data: {
        email: s.email,
        name: s.name,
        role: s.role,
        passwordHash: await hashPassword(s.password),
        departmentId: s.departmentCode ? (departments.get(s.departmentCode) ?? null) : null,
      },
    });
    created++;
  }
  return { total: DEMO_STAFF.length, created };
}
