import { readFile } from "node:fs/promises";
import { requireTrackedRequest } from "#app/domain/tracking/require-tracked-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { isUuid } from "#app/utils/ids.ts";
import { uploadPath } from "./store-attachments.server.ts";

/** A photo's bytes for the holder of its request's tracking link. */
export async function getAttachmentFile(options: { attachmentId: string; token: string }) {
  const request = await requireTrackedRequest({ token: options.token });
  if (!isUuid(options.attachmentId)) throw new AppError("NOT_FOUND", "errors:photo.notFound");
  const a = await getDb().attachment.findFirst({
    where: { id: options.attachmentId, requestId: request.id },
    select: { mimeType: true, storageKey: true },
  });
  if (!a) throw new AppError("NOT_FOUND", "errors:photo.notFound");
  const bytes = await readFile(uploadPath(a.storageKey)).catch(() => {
    throw new AppError("NOT_FOUND", "errors:photo.notFound");
  });
  return { bytes, mimeType: a.mimeType };
}
