import { wakeTelegramMediaFetcher } from "#app/domain/attachments/fetch-telegram-media.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import type { Lang } from "#app/utils/i18n.ts";

/** What the chat confirmed: the wizard's draft, in the core's terms (files are Telegram file ids). */
export type TelegramSubmission = {
  categoryCode?: string;
  description?: string;
  lat?: number;
  lon?: number;
  address?: string;
  files: { kind: string; fileId: string; mimeType: string; size: number }[];
  phone?: string;
  fullName?: string;
  residence?: string;
};

/** Why the outbox did not send the chat's own "received" notice. */
export const TOLD_IN_CHAT = "told in the chat";

/**
 * The wizard's confirmed draft becomes a request through the one door (submitRequest,
 * idempotent on the confirming update), linked to this chat; photos and voice notes are
 * kept as attachments (storage key "telegram:<file id>": the bytes are fetched from
 * Telegram later), each once, also when the same confirmation is handled again.
 *
 * The chat is answered in the conversation itself (number, and what happens next), so
 * the core's "received" notice to this very chat is not sent a second time: it is marked
 * SKIPPED. For an emergency it would also have said only a date.
 */
export async function submitTelegramRequest(options: { chatId: string; updateId: number; draft: TelegramSubmission; lang: Lang; isAppeal: boolean }) {
  const { draft } = options;
  const result = await submitRequest({
    channel: "TELEGRAM",
    externalId: String(options.updateId),
    description: draft.description ?? "",
    categoryCode: draft.categoryCode,
    location: draft.lat !== undefined && draft.lon !== undefined ? { lat: draft.lat, lon: draft.lon } : null,
    address: draft.address,
    citizen: {
      identity: { channel: "TELEGRAM", externalId: options.chatId },
      phone: draft.phone,
      fullName: draft.fullName,
      residence: draft.residence,
      language: options.lang,
    },
    appeal: options.isAppeal ? { kind: "APPLICATION" } : null,
    language: options.lang,
  });
  const db = getDb();
  const requestId = result.request.id;
  const files = [...new Map(draft.files.map((f) => [`telegram:${f.fileId}`, f])).entries()];
  if (files.length) {
    const kept = await db.attachment.findMany({ where: { requestId, storageKey: { in: files.map(([key]) => key) } }, select: { storageKey: true } });
    const missing = files.filter(([key]) => !kept.some((k) => k.storageKey === key));
    if (missing.length)
      await db.attachment.createMany({
        data: missing.map(([storageKey, f]) => ({
          requestId,
          kind: f.kind,
          mimeType: f.mimeType,
          size: f.size,
          storageKey,
          // Not downloaded yet: no content hash until the bytes are fetched.
          sha256: "",
        })),
      });
    // The worker downloads them (getFile) so staff can see and hear them.
    if (missing.length) await wakeTelegramMediaFetcher(requestId);
  }
  if (result.created) {
    await db.notification.updateMany({
      where: { requestId, template: "received", channel: "TELEGRAM", address: options.chatId, status: "PENDING", attempts: 0 },
      data: { status: "SKIPPED", lastError: TOLD_IN_CHAT },
    });
  }
  return result;
}
