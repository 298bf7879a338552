import type { PreparedPhoto } from "#app/domain/attachments/prepare-photos.server.ts";
import { storeAttachments } from "#app/domain/attachments/store-attachments.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireRequestAccess, type StaffActor } from "./request-access.server.ts";
import { isOpen, statusRef } from "./status-machine.ts";

/**
 * The kind of attachment for a photo of the finished work, taken by the executor ("after"),
 * told apart from what the citizen sent ("photo", the "before"). Public: the result is the
 * city's answer, so the citizen sees it on the tracking page like the public answer.
 */
export const RESULT_PHOTO_KIND = "photo-after";

/**
 * The executor (or the contact centre) adds photos of the result of the work: stored like the
 * web form's photos (prepared first: type sniffed, resized, metadata dropped), marked as
 * "after", with one public event in the history. While the request is in work or just
 * resolved (the photos usually come with the resolution or right after it).
 */
export async function addResultPhotos(options: { actor: StaffActor; requestId: string; photos: PreparedPhoto[] }) {
  if (!options.photos.length) throw new AppError("VALIDATION", "errors:photo.resultRequired", { field: "photos" });
  const access = await requireRequestAccess({ actor: options.actor, requestId: options.requestId, level: "work" });
  if (!isOpen(access.status) && access.status !== "RESOLVED")
    throw new AppError("INVALID_TRANSITION", "errors:photo.resultClosed", { field: "photos", params: { status: statusRef(access.status) } });
  return getDb().$transaction(async (tx) => {
    const rows = await storeAttachments({ requestId: access.id, photos: options.photos, isPublic: true, kind: RESULT_PHOTO_KIND, tx });
    await tx.requestEvent.create({
      data: {
        requestId: access.id,
        type: "result-photos",
        actorType: "STAFF",
        actorId: options.actor.id,
        isPublic: true,
        data: { attachmentIds: rows.map((r) => r.id), count: rows.length },
      },
    });
    return { attachmentIds: rows.map((r) => r.id) };
  });
}
