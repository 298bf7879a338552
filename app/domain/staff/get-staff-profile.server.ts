import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";

export type StaffProfile = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  department: { code: string; nameUk: string; nameEn: string } | null;
};

/** What the console shows about the signed-in staff member; null if unknown or inactive. */
export async function getStaffProfile(options: { staffUserId: string }): Promise<StaffProfile | null> {
  const user = await getDb().staffUser.findFirst({
    where: { id: options.staffUserId, active: true },
    select: { id: true, email: true, name: true, role: true, department: { select: { code: true, nameUk: true, nameEn: true } } },
  });
  return user ?? null;
}
