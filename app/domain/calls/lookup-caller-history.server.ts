import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { requireRole, CENTRE_ROLES, type StaffActor } from "#app/domain/requests/request-access.server.ts";

/**
 * A hotline caller's earlier requests from any channel (web, SMS, voice, Telegram…),
 * found by phone number: the citizen's phone, any channel identity with that number, and
 * appeals whose contact is that number. A view of personal data, so it is audited.
 */
export async function lookupCallerHistory(options: { actor: StaffActor; phone: string; ip?: string | null; limit?: number }) {
  requireRole(options.actor, CENTRE_ROLES);
  const phone = normalizePhone(options.phone ?? "");
  if (!phone) throw new AppError("VALIDATION", "errors:contact.phoneInvalid", { field: "phone" });
  const db = getDb();
  const citizens = await db.citizen.findMany({
    where: { OR: [{ phone }, { identities: { some: { externalId: phone } } }] },
    select: { id: true, fullName: true, isBeneficiary: true },
  });
  const ids = citizens.map((c) => c.id);
  const requests = await db.request.findMany({
    where: { OR: [...(ids.length ? [{ citizenId: { in: ids } }] : []), { appeal: { contact: phone } }] },
    orderBy: { receivedAt: "desc" },
    take: options.limit ?? 50,
    select: {
      id: true,
      number: true,
      channel: true,
      status: true,
      receivedAt: true,
      description: true,
      category: { select: { nameUk: true, nameEn: true } },
    },
  });
  await recordAudit({
    actorId: options.actor.id,
    action: "caller-history.viewed",
    entityType: "Citizen",
    entityId: ids[0] ?? null,
    // The number itself is personal data: keep only its tail in the log.
    data: { phoneTail: phone.slice(-4), citizenIds: ids, found: requests.length, requestIds: requests.map((r) => r.id) },
    ip: options.ip ?? null,
  });
  return {
    phone,
    citizen: citizens[0] ? { fullName: citizens[0].fullName, isBeneficiary: citizens.some((c) => c.isBeneficiary) } : null,
    requests: requests.map((r) => ({ ...r, description: r.description.length > 160 ? `${r.description.slice(0, 160)}…` : r.description })),
  };
}
