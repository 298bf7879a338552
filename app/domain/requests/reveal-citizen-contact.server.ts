import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { requireRequestAccess, type StaffActor } from "./request-access.server.ts";

/**
 * "Show contact": the citizen's name, phone, e-mail and residence (and an appeal's legal
 * fields) for one request. Every call is recorded in the audit log (who, what, when).
 */
export async function revealCitizenContact(options: { actor: StaffActor; requestId: string; ip?: string | null }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "view" });
  const db = getDb();
  const request = await db.request.findUniqueOrThrow({
    where: { id: access.id },
    select: {
      citizen: { select: { id: true, fullName: true, phone: true, email: true, residence: true, isBeneficiary: true, beneficiaryCategory: true } },
      appeal: { select: { fullName: true, residence: true, contact: true } },
    },
  });
  await recordAudit({
    actorId: options.actor.id,
    action: "citizen-contact.viewed",
    entityType: "Request",
    entityId: access.id,
    data: { number: access.number, citizenId: request.citizen?.id ?? null },
    ip: options.ip ?? null,
  });
  const c = request.citizen;
  return {
    citizen: c ? { fullName: c.fullName, phone: c.phone, email: c.email, residence: c.residence, beneficiaryCategory: c.beneficiaryCategory } : null,
    appeal: request.appeal,
  };
}
