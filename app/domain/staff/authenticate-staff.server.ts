import { randomBytes } from "node:crypto";
import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import { hashPassword, verifyPassword } from "#app/utils/password.server.ts";

export type AuthenticatedStaff = { id: string; email: string; name: string; role: StaffRole; departmentId: string | null };

// Verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong
// password and the response time does not tell which staff e-mails exist.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString("hex")));

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

/** The staff user whose e-mail and password match, or null (unknown, wrong password, inactive, no password set). */
export async function authenticateStaff(options: { email: string; password: string }): Promise<AuthenticatedStaff | null> {
  const email = normaliseEmail(options.email);
  // Case-insensitive: accounts created elsewhere may not have been stored in lower case.
  const user = email
    ? await getDb().staffUser.findFirst({
        where: { email: { equals: email, mode: "insensitive" } },
        orderBy: { createdAt: "asc" },
        select: { id: true, email: true, name: true, role: true, departmentId: true, passwordHash: true, active: true },
      })
    : null;
  const ok = await verifyPassword({ hash: user?.passwordHash ?? (await getDummyHash()), plain: options.password });
  if (!user || !user.passwordHash || !ok || !user.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, departmentId: user.departmentId };
}
