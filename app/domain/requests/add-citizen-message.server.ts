import { Prisma } from "#app/generated/prisma/client.ts";
import { wakeTelegramMediaFetcher } from "#app/domain/attachments/fetch-telegram-media.server.ts";
import { emptyFollowups, enqueueFollowups } from "#app/domain/requests/after-commit.server.ts";
import { recordCitizenMessageWithin } from "#app/domain/requests/record-citizen-message.server.ts";
import { isFinal } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { getCitizenRequest } from "./list-citizen-requests.server.ts";

/**
 * Text (or a file) the citizen sent from Telegram about one of their requests: kept as an
 * inbound Message and a public "citizen-info" event, its photos and voice notes as
 * attachments (storage key "telegram:<file id>"; the bytes are fetched later). If staff
 * were waiting for an answer (WAITING_CITIZEN), this is it: the request goes back to work
 * (IN_PROGRESS). One Telegram message is kept once: handled again (a retried update), it
 * adds nothing.
 */
export async function addCitizenMessage(options: {
  chatId: string;
  requestId: string;
  text: string;
  /** "<chatId>-<message_id>": Telegram message ids are unique only per chat. */
  externalMessageId: string;
  files?: { kind: string; mimeType: string; size: number; fileId: string }[];
}) {
  const found = await getCitizenRequest({ chatId: options.chatId, requestId: options.requestId });
  const already = await keptBefore(options.externalMessageId);
  if (already) return { number: found.number, answered: false, messageId: already.id };
  if (isFinal(found.status)) throw new AppError("CONFLICT", "errors:tracking.closed", { details: { reason: "closed" } });
  const followups = emptyFollowups();
  const files = [...new Map((options.files ?? []).map((f) => [f.fileId, f])).values()];
  let result;
  try {
    result = await getDb().$transaction(async (tx) => {
      const message = await tx.message.create({
        data: {
          requestId: found.id,
          citizenId: found.citizenId,
          channel: "TELEGRAM",
          direction: "IN",
          externalId: options.externalMessageId,
          address: options.chatId,
          body: options.text,
          deliveryStatus: "RECEIVED",
        },
        select: { id: true },
      });
      const attachmentIds: string[] = [];
      for (const f of files) {
        const a = await tx.attachment.create({
          data: {
            requestId: found.id,
            messageId: message.id,
            kind: f.kind,
            mimeType: f.mimeType,
            size: f.size,
            storageKey: `telegram:${f.fileId}`,
            sha256: "",
          },
          select: { id: true },
        });
        attachmentIds.push(a.id);
      }
      const { answered } = await recordCitizenMessageWithin({
        tx,
        followups,
        requestId: found.id,
        citizenId: found.citizenId,
        channel: "TELEGRAM",
        text: options.text,
        data: { messageId: message.id, attachmentIds },
      });
      return { number: found.number, answered, messageId: message.id };
    });
  } catch (e) {
    // The same message handled twice at once: the other one kept it.
    const kept = e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002" ? await keptBefore(options.externalMessageId) : null;
    if (kept) return { number: found.number, answered: false, messageId: kept.id };
    throw e;
  }
  await enqueueFollowups(followups);
  if (files.length) await wakeTelegramMediaFetcher(result.messageId);
  return result;
}

function keptBefore(externalMessageId: string) {
  return getDb().message.findUnique({ where: { channel_externalId: { channel: "TELEGRAM", externalId: externalMessageId } }, select: { id: true } });
}
