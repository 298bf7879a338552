import { getDb } from "#app/utils/db.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { DEMO_STAFF } from "#app/domain/staff/demo-staff.ts";

/** Recorded when the demo staff were seeded, so a later seed never brings back an account an admin removed. */
export const DEMO_STAFF_SEEDED_SETTING = "seed.demoStaffSeededAt";

/**
 * DEMO ONLY: the accounts of DEMO_STAFF, created once per database. An existing account is
 * left alone (its password may have been changed on purpose), and after the first run
 * nothing is created again. Needs the departments.
 */
export async function seedDemoStaff(): Promise<{ total: number; created: number }> {
  const db = getDb();
  if (await db.setting.findUnique({ where: { key: DEMO_STAFF_SEEDED_SETTING } })) return { total: DEMO_STAFF.length, created: 0 };
  const existing = new Set(
    (await db.staffUser.findMany({ where: { email: { in: DEMO_STAFF.map((s) => s.email) } }, select: { email: true } })).map((s) => s.email),
  );
  const departments = new Map((await db.department.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
  const missing = DEMO_STAFF.filter((s) => !existing.has(s.email));
  const rows = await Promise.all(
    missing.map(async (s) => ({
      email: s.email,
      name: s.name,
      role: s.role,
      passwordHash: await hashPassword(s.password),
      departmentId: s.departmentCode ? (departments.get(s.departmentCode) ?? null) : null,
    })),
  );
  // Both in one transaction, and the setting's primary key makes a concurrent second seed fail instead of doubling.
  await db.$transaction(async (tx) => {
    await tx.setting.create({ data: { key: DEMO_STAFF_SEEDED_SETTING, value: new Date().toISOString() } });
    if (rows.length) await tx.staffUser.createMany({ data: rows, skipDuplicates: true });
  });
  return { total: DEMO_STAFF.length, created: rows.length };
}
