import { preparePhotos } from "#app/domain/attachments/prepare-photos.server.ts";
import { storeAttachments } from "#app/domain/attachments/store-attachments.server.ts";
import { emptyFollowups, enqueueFollowups } from "#app/domain/requests/after-commit.server.ts";
import { recordCitizenMessageWithin } from "#app/domain/requests/record-citizen-message.server.ts";
import { isFinal } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { requireTrackedRequest } from "./require-tracked-request.server.ts";

/**
 * The citizen adds words or photos through the tracking link. When staff asked them a
 * question (WAITING_CITIZEN), this is the answer: the request goes back to work. Refused
 * only once the request is final (a RESOLVED one still takes details; see FINAL_STATUSES).
 */
export async function addCitizenInfo(options: { token: string; text: string; photos: File[] }) {
  const text = options.text.trim();
  if (text.length > 5000)
    throw new AppError("VALIDATION", "errors:tracking.textTooLong", { field: "text", params: { max: 5000 }, details: { reason: "long" } });
  const photos = await preparePhotos({ files: options.photos });
  if (!text && !photos.length) throw new AppError("VALIDATION", "errors:tracking.textRequired", { field: "text", details: { reason: "required" } });
  const found = await requireTrackedRequest({ token: options.token });
  if (isFinal(found.status)) throw new AppError("CONFLICT", "errors:tracking.closed", { field: "text", details: { reason: "closed" } });

  const followups = emptyFollowups();
  const result = await getDb().$transaction(async (tx) => {
    const attachments = await storeAttachments({ requestId: found.id, photos, tx });
    const { answered } = await recordCitizenMessageWithin({
      tx,
      followups,
      requestId: found.id,
      citizenId: found.citizenId,
      channel: "WEB",
      text,
      data: { attachmentIds: attachments.map((a) => a.id) },
    });
    return { number: found.number, answered, attachments: attachments.length };
  });
  await enqueueFollowups(followups);
  return result;
}
