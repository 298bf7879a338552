import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { requireRequestAccess, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { getDb } from "#app/utils/db.server.ts";

/**
 * Staff keep a request out of public view (a citizen asked by phone, the text names a
 * person, a security concern) or put it back. Only the contact centre decides; each change
 * is a staff-only event on the request and a line in the audit log. The citizen's consent to
 * publish details is theirs and is not changed here.
 */
export async function setRequestVisibility(options: { actor: StaffActor; requestId: string; isPrivate: boolean; ip?: string | null }) {
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "centre" });
  return getDb().$transaction(async (tx) => {
    const before = await tx.request.findUniqueOrThrow({ where: { id: access.id }, select: { isPrivate: true } });
    if (before.isPrivate === options.isPrivate) return { changed: false };
    await tx.request.update({ where: { id: access.id }, data: { isPrivate: options.isPrivate } });
    await tx.requestEvent.create({
      data: {
        requestId: access.id,
        type: "visibility-changed",
        actorType: "STAFF",
        actorId: options.actor.id,
        isPublic: false,
        data: { isPrivate: options.isPrivate },
      },
    });
    await recordAudit({
      tx,
      actorId: options.actor.id,
      action: options.isPrivate ? "request.made-private" : "request.made-public",
      entityType: "Request",
      entityId: access.id,
      data: { number: access.number },
      ip: options.ip ?? null,
    });
    return { changed: true };
  });
}
