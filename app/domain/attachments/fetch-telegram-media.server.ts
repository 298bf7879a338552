import { createHash } from "node:crypto";
import { unlink } from "node:fs/promises";
import { createTelegramClient, TelegramFileError, type TelegramClient } from "#integrations/telegram/client.ts";
import { TelegramApiError } from "#integrations/telegram/errors.ts";
import { enqueue } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { UNAVAILABLE_PREFIX } from "./fetch-phone-media.server.ts";
import { preparePhotos } from "./prepare-photos.server.ts";
import { uploadPath, writeUpload } from "./store-attachments.server.ts";

const log = createLogger("domain");

/** storageKey of an attachment whose Telegram file is still to be downloaded: this prefix and the file_id. */
export const PENDING_TELEGRAM_PREFIX = "telegram:";
/** Bots may download files of up to 20 MB through getFile (Bot API). */
const BOT_API_MAX_BYTES = 20 * 1024 * 1024;
const GIVE_UP_AFTER_MS = 24 * 3600_000;
const BATCH = 20;
const FILE_ID = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Wakes the downloader after attachment rows waiting for a Telegram file are committed
 * (call it after the transaction; `key` names the work, e.g. the request or message id, so
 * a repeated call is one job). The maintenance worker fetches; its every-minute
 * "fetch-media" sweep picks up whatever this wake-up call missed.
 */
export async function wakeTelegramMediaFetcher(key: string) {
  await enqueue("maintenance", { task: "fetch-media" }, { jobId: `tgmedia-${key.replace(/[^A-Za-z0-9_-]/g, "-")}` });
}

type Row = { id: string; kind: string; storageKey: string; createdAt: Date };
type Counts = { stored: number; unavailable: number; waiting: number };

/**
 * The worker's step for Telegram photos and voice notes, kept as "telegram:<file_id>"
 * rows: asks getFile for each, downloads the file (the token only in the request URL,
 * never in a log line or a stored key), checks it (photos: really an image, resized and
 * stripped of EXIF like the web form's; voice notes: really OGG or MP3; at most
 * MAX_UPLOAD_MB and Telegram's 20 MB), stores it under UPLOAD_DIR and points the row at
 * the file. A file Telegram refuses (too big, unknown file_id) or that is not what it
 * claims becomes "unavailable:<reason>"; a passing failure (network, 429, 5xx) is
 * retried on the next run, for a day. Rows are only ever updated, never added.
 */
export async function fetchPendingTelegramMedia(options: { now?: Date; limit?: number } = {}): Promise<Counts> {
  const db = getDb();
  const env = getEnv();
  const now = options.now ?? new Date();
  const counts: Counts = { stored: 0, unavailable: 0, waiting: 0 };
  const rows: Row[] = await db.attachment.findMany({
    where: { storageKey: { startsWith: PENDING_TELEGRAM_PREFIX } },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? BATCH,
    select: { id: true, kind: true, storageKey: true, createdAt: true },
  });
  if (!rows.length) return counts;
  const mark = async (row: Row, reason: string) => {
    await db.attachment.updateMany({ where: { id: row.id, storageKey: row.storageKey }, data: { storageKey: UNAVAILABLE_PREFIX + reason } });
    counts.unavailable += 1;
    log.warn("telegram media unavailable", { attachmentId: row.id, reason });
  };
  const wait = async (row: Row) => {
    if (now.getTime() - row.createdAt.getTime() > GIVE_UP_AFTER_MS) await mark(row, "expired");
    else counts.waiting += 1;
  };

  const token = env.TELEGRAM_BOT_TOKEN;
  if (!token) {
    // No bot to fetch with (yet): wait, then give up.
    for (const row of rows) await wait(row);
    return counts;
  }
  const client = createTelegramClient({ token, apiRoot: env.TELEGRAM_API_ROOT, timeoutMs: 10_000 });
  const maxBytes = Math.min(env.MAX_UPLOAD_MB * 1024 * 1024, BOT_API_MAX_BYTES);

  for (const [index, row] of rows.entries()) {
    const fileId = row.storageKey.slice(PENDING_TELEGRAM_PREFIX.length);
    if (!FILE_ID.test(fileId)) {
      await mark(row, "refused");
      continue;
    }
    const outcome = await fetchOne({ client, row, fileId, maxBytes });
    if (outcome.kind === "stored") counts.stored += outcome.count;
    else if (outcome.kind === "unavailable") await mark(row, outcome.reason);
    else if (outcome.kind === "retry") {
      await wait(row);
      log.warn("telegram media fetch failed; retried later", { attachmentId: row.id, error: outcome.error });
    } else {
      // Telegram itself is away or refuses the bot (network, 5xx, 429, token): every other
      // file would fail alike, so the rest waits for the next run (the worker is not held).
      log.warn("telegram media fetch failed; retried later", { attachmentId: row.id, error: outcome.error, left: rows.length - index });
      for (const rest of rows.slice(index)) await wait(rest);
      break;
    }
  }
  log.info("telegram media fetched", counts);
  return counts;
}

type Outcome =
  { kind: "stored"; count: number } | { kind: "unavailable"; reason: string } | { kind: "retry"; error: string } | { kind: "telegram-away"; error: string };

async function fetchOne(options: { client: TelegramClient; row: Row; fileId: string; maxBytes: number }): Promise<Outcome> {
  const { client, row, maxBytes } = options;
  let filePath: string | undefined;
  try {
    const file = await client.getFile({ fileId: options.fileId });
    if (file.file_size !== undefined && file.file_size > maxBytes) return { kind: "unavailable", reason: "too-large" };
    filePath = file.file_path;
  } catch (e) {
    if (!(e instanceof TelegramApiError)) throw e;
    // 400: "file is too big" (over 20 MB), "wrong file_id", "invalid file_id": asking again cannot help.
    if (e.kind === "bad-request") return { kind: "unavailable", reason: /too big/i.test(e.message) ? "too-large" : "gone" };
    if (e.kind === "blocked") return { kind: "unavailable", reason: "refused" };
    return { kind: "telegram-away", error: `${e.name} ${e.kind}` };
  }
  if (!filePath) return { kind: "retry", error: "no file_path" };
  let bytes: Buffer;
  try {
    bytes = await client.downloadFile({ filePath, maxBytes });
  } catch (e) {
    if (!(e instanceof TelegramFileError)) throw e;
    return e.retryable ? { kind: "retry", error: e.message } : { kind: "unavailable", reason: e.reason };
  }
  const checked = await checkMedia(row.kind, bytes);
  if (!checked) return { kind: "unavailable", reason: "type" };
  const storageKey = await writeUpload(checked.bytes, checked.extension);
  const updated = await getDb().attachment.updateMany({
    where: { id: row.id, storageKey: row.storageKey },
    data: { storageKey, mimeType: checked.mimeType, size: checked.bytes.length, sha256: createHash("sha256").update(checked.bytes).digest("hex") },
  });
  // Another run stored it first: keep its file, drop ours.
  if (updated.count === 0) await unlink(uploadPath(storageKey)).catch(() => undefined);
  return { kind: "stored", count: updated.count };
}

type Checked = { bytes: Buffer; mimeType: string; extension: "jpg" | "png" | "webp" | "ogg" | "mp3" };

// The type is decided from the bytes, never from what the message or the file name says.
async function checkMedia(kind: string, bytes: Buffer): Promise<Checked | null> {
  if (kind === "voice" || kind === "audio") {
    // Telegram voice notes are OGG with Opus inside; some clients send MP3.
    if (bytes.length >= 4 && bytes.subarray(0, 4).toString("latin1") === "OggS") return { bytes, mimeType: "audio/ogg", extension: "ogg" };
    if (bytes.length >= 3 && (bytes.subarray(0, 3).toString("latin1") === "ID3" || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0)))
      return { bytes, mimeType: "audio/mpeg", extension: "mp3" };
    return null;
  }
  if (kind !== "photo") return null;
  try {
    const [photo] = await preparePhotos({ files: [new File([new Uint8Array(bytes)], "telegram")] });
    const extension = photo!.mimeType === "image/png" ? "png" : photo!.mimeType === "image/webp" ? "webp" : "jpg";
    return { bytes: photo!.bytes, mimeType: photo!.mimeType, extension };
  } catch (e) {
    if (isAppError(e)) return null;
    throw e;
  }
}
