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

/**
 * The wizard's confirmed draft becomes a request through the one door (submitRequest,
 * idempotent on the confirming update), linked to this chat; photos and a voice note
 * are kept as attachments (Telegram file ids; the bytes stay with Telegram).
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
  if (result.created && draft.files.length) {
    await getDb().attachment.createMany({
      data: draft.files.map((f) => ({
        requestId: result.request.id,
        kind: f.kind,
        mimeType: f.mimeType,
        size: f.size,
        storageKey: `telegram:${f.fileId}`,
        // Not downloaded: no content hash yet. The file id lets anyone with the token fetch it.
        sha256: "",
      })),
    });
  }
  return result;
}
