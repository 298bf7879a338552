import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { EXTENSIONS } from "./sniff-image.ts";
import type { PreparedPhoto } from "./prepare-photos.server.ts";

export function uploadPath(storageKey: string) {
  return path.resolve(getEnv().UPLOAD_DIR, storageKey);
}

/**
 * Writes prepared photos under UPLOAD_DIR with random keys (never the citizen's file
 * name) and links them to the request. Files first, rows second: a crash between leaves
 * an orphan file, never a row pointing at nothing.
 */
export async function storeAttachments(options: { requestId: string; photos: PreparedPhoto[]; isPublic?: boolean; tx?: Tx }) {
  const rows: { id: string }[] = [];
  if (!options.photos.length) return rows;
  const dir = path.resolve(getEnv().UPLOAD_DIR);
  await mkdir(dir, { recursive: true });
  const db = options.tx ?? getDb();
  for (const photo of options.photos) {
    const storageKey = `${randomBytes(18).toString("base64url")}.${EXTENSIONS[photo.mimeType]}`;
    await writeFile(path.join(dir, storageKey), photo.bytes, { flag: "wx" });
    rows.push(
      await db.attachment.create({
        data: {
          requestId: options.requestId,
          kind: "photo",
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
