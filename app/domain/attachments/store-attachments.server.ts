import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { EXTENSIONS } from "./sniff-image.ts";
import type { PreparedPhoto } from "./prepare-photos.server.ts";

/**
 * Keys of files we wrote ourselves: random, one path segment, a known extension. Other
 * attachment keys (a Telegram file id, a Twilio URL waiting for download, "sandbox:…",
 * "unavailable:…") are not files here.
 */
const LOCAL_KEY = /^[A-Za-z0-9_-]{16,64}\.(jpg|png|webp|wav|mp3|ogg)$/;

export function isLocalStorageKey(storageKey: string) {
  return LOCAL_KEY.test(storageKey);
}

/** What staff can do with an attachment's file: open it, wait for its download, or nothing ("unavailable:…"). */
export function attachmentFileState(storageKey: string): "stored" | "pending" | "unavailable" {
  if (isLocalStorageKey(storageKey)) return "stored";
  return storageKey.startsWith("unavailable:") || storageKey.startsWith("sandbox:") ? "unavailable" : "pending";
}

/**
 * The file of a stored attachment. Only our own keys become paths: a key that came from
 * outside (a media URL, "/etc/passwd", "../x") is never resolved against the disk.
 */
export function uploadPath(storageKey: string) {
  if (!isLocalStorageKey(storageKey)) throw new AppError("NOT_FOUND", "errors:photo.notFound");
  return path.join(path.resolve(getEnv().UPLOAD_DIR), storageKey);
}

/** Writes bytes under UPLOAD_DIR with a new random key and returns the key. */
export async function writeUpload(bytes: Uint8Array, extension: "jpg" | "png" | "webp" | "wav" | "mp3" | "ogg") {
  const dir = path.resolve(getEnv().UPLOAD_DIR);
  await mkdir(dir, { recursive: true });
  const storageKey = `${randomBytes(18).toString("base64url")}.${extension}`;
  await writeFile(path.join(dir, storageKey), bytes, { flag: "wx" });
  return storageKey;
}

/**
 * Writes prepared photos under UPLOAD_DIR with random keys (never the citizen's file
 * name) and links them to the request. Files first, rows second: a crash between leaves
 * an orphan file, never a row pointing at nothing.
 */
export async function storeAttachments(options: {
  requestId: string;
  photos: PreparedPhoto[];
  isPublic?: boolean;
  /** "photo" (what the citizen sent) unless told otherwise: "photo-after" is the executor's photo of the result. */
  kind?: "photo" | "photo-after";
  tx?: Tx;
}) {
  const rows: { id: string }[] = [];
  if (!options.photos.length) return rows;
  const db = options.tx ?? getDb();
  for (const photo of options.photos) {
    const storageKey = await writeUpload(photo.bytes, EXTENSIONS[photo.mimeType] as "jpg" | "png" | "webp");
    rows.push(
      await db.attachment.create({
        data: {
          requestId: options.requestId,
          kind: options.kind ?? "photo",
          mimeType: photo.mimeType,
          size: photo.size,
          storageKey,
          sha256: photo.sha256,
          isPublic: options.isPublic ?? false,
        },
        select: { id: true },
      }),
    );
  }
  return rows;
}
