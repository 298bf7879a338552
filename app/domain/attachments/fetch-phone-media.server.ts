import { createHash } from "node:crypto";
import { fetchTwilioMedia, parseTwilioMediaUrl, TwilioMediaError } from "#integrations/twilio/media.ts";
import { isPhoneSandbox } from "#app/domain/notifications/phone-sandbox.server.ts";
import { enqueue } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { preparePhotos } from "./prepare-photos.server.ts";
import { writeUpload } from "./store-attachments.server.ts";

const log = createLogger("domain");

/** storageKey of an attachment whose Twilio media is still to be downloaded: this prefix and the URL. */
export const PENDING_TWILIO_PREFIX = "twilio:";
/** Media that could not be fetched or was refused (type, size, gone) is kept as a row with no file. */
export const UNAVAILABLE_PREFIX = "unavailable:";
const GIVE_UP_AFTER_MS = 24 * 3600_000;
const BATCH = 20;

/**
 * What a media URL from a phone webhook (MediaUrlN, RecordingUrl) may become as an
 * attachment's storageKey, or null when it must not be used at all. With a Twilio account:
 * only an HTTPS URL on api.twilio.com under this account, kept as "twilio:<url>" until the
 * worker downloads it. In sandbox mode (no account) only the simulator's "sandbox:…"
 * references, which are never fetched. A path, file: URL or foreign host is dropped here.
 */
export function phoneMediaKey(rawUrl: string | null | undefined): string | null {
  if (!rawUrl) return null;
  if (isPhoneSandbox()) return /^sandbox:[A-Za-z0-9:_-]{1,120}$/.test(rawUrl) ? rawUrl : null;
  const sid = getEnv().TWILIO_ACCOUNT_SID;
  const url = sid ? parseTwilioMediaUrl(rawUrl, sid) : null;
  return url ? PENDING_TWILIO_PREFIX + url : null;
}

/** The URL part of a phone media key that is safe to keep on the Call row, or null. */
export function phoneMediaUrl(rawUrl: string | null | undefined): string | null {
  const key = phoneMediaKey(rawUrl);
  return key?.startsWith(PENDING_TWILIO_PREFIX) ? key.slice(PENDING_TWILIO_PREFIX.length) : key;
}

/**
 * Wakes the downloader after attachment rows waiting for download are committed. Never in
 * a webhook's answer path: the maintenance worker fetches, and its every-minute sweep picks
 * up anything this wake-up call missed.
 */
export async function wakeMediaFetcher(key: string) {
  await enqueue("maintenance", { task: "fetch-media" }, { jobId: `media-${key}` });
}

/**
 * The worker's step: downloads attachments still waiting ("twilio:<url>") with the
 * account's credentials, checks them (photos: really an image, resized and stripped of
 * EXIF like the web form's; recordings: really WAV or MP3; at most MAX_UPLOAD_MB), stores
 * them under UPLOAD_DIR and points the row at the file. A refused one becomes
 * "unavailable:<reason>"; a temporary failure is retried on the next run for a day.
 */
export async function fetchPendingPhoneMedia(options: { now?: Date; limit?: number } = {}) {
  const db = getDb();
  const env = getEnv();
  const now = options.now ?? new Date();
  const counts = { stored: 0, unavailable: 0, waiting: 0 };
  const rows = await db.attachment.findMany({
    where: { storageKey: { startsWith: PENDING_TWILIO_PREFIX } },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? BATCH,
    select: { id: true, kind: true, storageKey: true, createdAt: true },
  });
  for (const row of rows) {
    const mark = async (reason: string) => {
      await db.attachment.updateMany({ where: { id: row.id, storageKey: row.storageKey }, data: { storageKey: UNAVAILABLE_PREFIX + reason } });
      counts.unavailable += 1;
      log.warn("phone media unavailable", { attachmentId: row.id, reason });
    };
    const sid = env.TWILIO_ACCOUNT_SID;
    const token = env.TWILIO_AUTH_TOKEN;
    // Checked again here: a row written before this check existed must not be fetched either.
    const url = sid ? parseTwilioMediaUrl(row.storageKey.slice(PENDING_TWILIO_PREFIX.length), sid) : null;
    if (sid && !url) {
      await mark("refused");
      continue;
    }
    if (!url || !token) {
      // No account to fetch with (yet): wait, then give up.
      if (now.getTime() - row.createdAt.getTime() > GIVE_UP_AFTER_MS) await mark("expired");
      else counts.waiting += 1;
      continue;
    }
    try {
      const media = await fetchTwilioMedia({ url, accountSid: sid!, authToken: token, maxBytes: env.MAX_UPLOAD_MB * 1024 * 1024 });
      const checked = await checkMedia(row.kind, media.bytes);
      if (!checked) {
        await mark("type");
        continue;
      }
      const storageKey = await writeUpload(checked.bytes, checked.extension);
      const updated = await db.attachment.updateMany({
        where: { id: row.id, storageKey: row.storageKey },
        data: { storageKey, mimeType: checked.mimeType, size: checked.bytes.length, sha256: createHash("sha256").update(checked.bytes).digest("hex") },
      });
      if (updated.count === 1) counts.stored += 1;
    } catch (e) {
      if (!(e instanceof TwilioMediaError)) throw e;
      if (!e.retryable) await mark(e.reason);
      else if (now.getTime() - row.createdAt.getTime() > GIVE_UP_AFTER_MS) await mark("expired");
      else {
        counts.waiting += 1;
        log.warn("phone media fetch failed; retried later", { attachmentId: row.id, error: e.message });
      }
    }
  }
  if (rows.length) log.info("phone media fetched", counts);
  return counts;
}

type Checked = { bytes: Buffer; mimeType: string; extension: "jpg" | "png" | "webp" | "wav" | "mp3" };

// The type is decided from the bytes, never from the sender's Content-Type.
async function checkMedia(kind: string, bytes: Buffer): Promise<Checked | null> {
  if (kind === "recording" || kind === "audio") {
    const b = bytes;
    if (b.length >= 12 && b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WAVE")
      return { bytes, mimeType: "audio/x-wav", extension: "wav" };
    if (b.length >= 3 && (b.subarray(0, 3).toString("latin1") === "ID3" || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0)))
      return { bytes, mimeType: "audio/mpeg", extension: "mp3" };
    return null;
  }
  if (kind !== "photo") return null;
  try {
    const [photo] = await preparePhotos({ files: [new File([new Uint8Array(bytes)], "mms")] });
    const extension = photo!.mimeType === "image/png" ? "png" : photo!.mimeType === "image/webp" ? "webp" : "jpg";
    return { bytes: photo!.bytes, mimeType: photo!.mimeType, extension };
  } catch (e) {
    if (isAppError(e)) return null;
    throw e;
  }
}
