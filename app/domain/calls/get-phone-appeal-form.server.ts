import { getDb } from "#app/utils/db.server.ts";
import { CENTRE_ROLES, requireRole, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { lookupCallerHistory } from "./lookup-caller-history.server.ts";

/** What the "register a phone appeal" form offers; with a phone, the caller's history too. */
export async function getPhoneAppealForm(options: { actor: StaffActor; phone?: string | null; ip?: string | null }) {
  requireRole(options.actor, CENTRE_ROLES);
  const categories = await getDb().category.findMany({
    where: { active: true },
    select: { code: true, nameUk: true, nameEn: true, parentId: true, id: true, statutoryApplies: true },
    orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
  });
  const history = options.phone?.trim() ? await lookupCallerHistory({ actor: options.actor, phone: options.phone, ip: options.ip }) : null;
  return { categories, history };
}
