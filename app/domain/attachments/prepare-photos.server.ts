import { createHash } from "node:crypto";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { sniffImageType, type ImageType } from "./sniff-image.ts";

export const MAX_PHOTOS = 5;
const MAX_SIDE = 1600;
const log = createLogger("domain");

export type PreparedPhoto = { bytes: Buffer; mimeType: ImageType; size: number; sha256: string };

type SharpFactory = typeof import("sharp").default;
let sharpLoader: Promise<SharpFactory | null> | undefined;
function loadSharp() {
  // sharp is optional at run time: without it the (type-checked) original is stored.
  sharpLoader ??= import("sharp").then(
    (m) => {
      // Every photo is decoded once and never again: libvips' operation cache (50 MB by
      // default) would only keep pixels of photos already stored. One thread per photo (sharp's
      // own default on glibc, unless MALLOC_ARENA_MAX is set, as npm start sets it).
      m.default.cache(false);
      m.default.concurrency(1);
      return m.default;
    },
    () => {
      log.warn("sharp unavailable; photos are stored without resizing");
      return null;
    },
  );
  return sharpLoader;
}

/**
 * Checks the citizen's photos before anything is written: at most five, each within
 * MAX_UPLOAD_MB, each really a JPEG, PNG or WebP (sniffed from the bytes); then shrinks
 * each to at most 1600 px on its longer side (keeping the type) and drops its metadata,
 * so the stored copy carries no EXIF location of the citizen's home.
 */
export async function preparePhotos(options: { files: File[] }): Promise<PreparedPhoto[]> {
  const files = options.files.filter((f) => f.size > 0 || f.name);
  if (files.length > MAX_PHOTOS)
    throw new AppError("VALIDATION", "errors:photo.tooMany", { field: "photos", params: { max: MAX_PHOTOS }, details: { reason: "count", max: MAX_PHOTOS } });
  const maxBytes = getEnv().MAX_UPLOAD_MB * 1024 * 1024;
  const out: PreparedPhoto[] = [];
  for (const [index, file] of files.entries()) {
    if (file.size === 0) throw new AppError("VALIDATION", "errors:photo.empty", { field: "photos", details: { reason: "type", index } });
    if (file.size > maxBytes)
      throw new AppError("VALIDATION", "errors:photo.tooLarge", {
        field: "photos",
        params: { maxMb: getEnv().MAX_UPLOAD_MB },
        details: { reason: "size", index, maxMb: getEnv().MAX_UPLOAD_MB },
      });
    const original = Buffer.from(await file.arrayBuffer());
    const mimeType = sniffImageType(original);
    if (!mimeType) throw new AppError("VALIDATION", "errors:photo.type", { field: "photos", details: { reason: "type", index } });
    const bytes = (await resize(original, mimeType)) ?? original;
    out.push({ bytes, mimeType, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
  }
  return out;
}

/**
 * One photo at a time in a process: a 12-megapixel photo is tens of megabytes of pixels
 * while libvips works on it, and side by side on the thread pool's four threads those
 * buffers added up (and, on glibc, each thread's heap kept its share afterwards). In turn
 * the pixels in memory are one photo's, however many citizens post at once; the photos
 * wait their turn (a resize takes a fraction of a second).
 */
let photoQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const turn = photoQueue.then(work, work);
  photoQueue = turn.catch(() => {});
  return turn;
}

async function resize(bytes: Buffer, mimeType: ImageType): Promise<Buffer | null> {
  const sharp = await loadSharp();
  if (!sharp) return null;
  return oneAtATime(() => resizeNow(sharp, bytes, mimeType));
}

async function resizeNow(sharp: SharpFactory, bytes: Buffer, mimeType: ImageType): Promise<Buffer> {
  try {
    // rotate() applies the EXIF orientation before the metadata is dropped.
    const pipeline = sharp(bytes, { failOn: "error" }).rotate().resize(MAX_SIDE, MAX_SIDE, { fit: "inside", withoutEnlargement: true });
    const typed =
      mimeType === "image/png" ? pipeline.png() : mimeType === "image/webp" ? pipeline.webp({ quality: 82 }) : pipeline.jpeg({ quality: 82, mozjpeg: true });
    return await typed.toBuffer();
  } catch {
    // The header said image but the body is not decodable.
    throw new AppError("VALIDATION", "errors:photo.unreadable", { field: "photos", details: { reason: "type" } });
  }
}
