import { getDb } from "#app/utils/db.server.ts";
import { verifyPassword } from "#app/utils/password.server.ts";
import { DEMO_STAFF } from "./demo-staff.ts";

/** E-mails of demo accounts that are active and still open with their published password. */
export async function findOpenDemoAccounts(): Promise<string[]> {
  const users = await getDb().staffUser.findMany({
    where: { email: { in: DEMO_STAFF.map((s) => s.email), mode: "insensitive" }, active: true },
    select: { email: true, passwordHash: true },
  });
  const open: string[] = [];
  for (const user of users) {
    const demo = DEMO_STAFF.find((s) => s.email === user.email.toLowerCase());
    if (demo && user.passwordHash && (await verifyPassword({ hash: user.passwordHash, plain: demo.password }))) open.push(user.email);
  }
  return open.sort();
}

/** Deactivates those accounts and ends their sessions (`npm run db:seed -- --disable-demo-staff`). */
export async function disableOpenDemoAccounts(): Promise<string[]> {
  const emails = await findOpenDemoAccounts();
  if (emails.length === 0) return [];
  const db = getDb();
  await db.$transaction(async (tx) => {
    const users = await tx.staffUser.findMany({ where: { email: { in: emails } }, select: { id: true } });
    const ids = users.map((u) => u.id);
    await tx.staffUser.updateMany({ where: { id: { in: ids } }, data: { active: false } });
    await tx.staffSession.updateMany({ where: { staffUserId: { in: ids }, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.auditLog.createMany({
      data: ids.map((id) => ({
        actorId: null,
        action: "staff.deactivate",
        entityType: "StaffUser",
        entityId: id,
        data: { reason: "demo account with a public password" },
      })),
    });
  });
  return emails;
}
