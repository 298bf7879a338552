import { readFile } from "node:fs/promises";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { requireRequestAccess, type StaffActor } from "#app/domain/requests/request-access.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { isUuid } from "#app/utils/ids.ts";
import { isLocalStorageKey, uploadPath } from "./store-attachments.server.ts";

/**
 * A request's photo, recording or voice note for a staff member who may see the request
 * (the request page's own rule: department roles only their queue and co-executed
 * requests; 403 otherwise). A citizen's voice and photos are personal data: every
 * opening is audited (`audit: false` for the follow-up pieces of one playback, which a
 * player asks for in byte ranges). A file still waiting for its download is "not found".
 */
export async function getStaffAttachmentFile(options: { actor: StaffActor; attachmentId: string; audit?: boolean; ip?: string | null }) {
  if (!isUuid(options.attachmentId)) throw new AppError("NOT_FOUND", "errors:attachment.notFound");
  const a = await getDb().attachment.findUnique({
    where: { id: options.attachmentId },
    select: { id: true, requestId: true, kind: true, mimeType: true, storageKey: true },
  });
  if (!a) throw new AppError("NOT_FOUND", "errors:attachment.notFound");
  const access = await requireRequestAccess({ actor: options.actor, requestId: a.requestId, level: "view" });
  if (!isLocalStorageKey(a.storageKey)) throw new AppError("NOT_FOUND", "errors:attachment.notFound");
  const bytes = await readFile(uploadPath(a.storageKey)).catch(() => {
    throw new AppError("NOT_FOUND", "errors:attachment.notFound");
  });
  if (options.audit !== false)
    await recordAudit({
      actorId: options.actor.id,
      action: "attachment.viewed",
      entityType: "Attachment",
      entityId: a.id,
      data: { requestId: access.id, number: access.number, kind: a.kind },
      ip: options.ip ?? null,
    });
  return { bytes, mimeType: a.mimeType, kind: a.kind };
}
