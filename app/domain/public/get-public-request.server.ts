// One request's public card: the public projection, the dates its status changed (never who
// changed it, never a note or a message), and its photos when the citizen agreed to publish.
import { readFile } from "node:fs/promises";
import type { RequestStatus } from "#app/generated/prisma/enums.ts";
import { uploadPath } from "#app/domain/attachments/store-attachments.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { isUuid } from "#app/utils/ids.ts";
import { PUBLIC_REQUEST_WHERE, publicRequestSelect, toPublicRequest, type PublicRequest } from "./public-request.server.ts";

const NUMBER = /^SLV-\d{4}-\d{6,9}$/;
const PUBLIC_PHOTO_KINDS = ["photo", "photo-after"];
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"];

export type PublicCard = {
  request: PublicRequest;
  timeline: { status: RequestStatus; at: Date }[];
  photos: { id: string; after: boolean }[];
};

/** The public address of a published photo (served by /problems/<number>/photos/<id>). */
export const publicPhotoPath = (number: string, photoId: string) => `/problems/${number}/photos/${photoId}`;

/**
 * The first published photo of each request whose citizen agreed to publish (the rest have
 * none in public), by request id: what Open311 gives as media_url.
 */
export async function firstPublicPhotos(rows: { id: string; publishConsent: boolean }[]): Promise<Map<string, string>> {
  const ids = rows.filter((r) => r.publishConsent).map((r) => r.id);
  if (ids.length === 0) return new Map();
  const photos = await getDb().attachment.findMany({
    where: { requestId: { in: ids }, kind: { in: PUBLIC_PHOTO_KINDS }, mimeType: { in: IMAGE_TYPES } },
    select: { id: true, requestId: true },
    orderBy: { createdAt: "asc" },
  });
  const first = new Map<string, string>();
  for (const p of photos) if (!first.has(p.requestId)) first.set(p.requestId, p.id);
  return first;
}

function notFound(): never {
  throw new AppError("NOT_FOUND", "errors:public.notFound");
}

async function findPublic(number: string) {
  if (!NUMBER.test(number)) notFound();
  const row = await getDb().request.findFirst({ where: { AND: [PUBLIC_REQUEST_WHERE, { number }] }, select: publicRequestSelect });
  return row ?? notFound();
}

/** The public card of a request by its number; a private, merged or unknown number is the same 404. */
export async function getPublicRequest(options: { number: string; lang: "uk" | "en" }): Promise<PublicCard> {
  const row = await findPublic(options.number);
  const db = getDb();
  const [events, photos] = await Promise.all([
    db.requestEvent.findMany({
      where: { requestId: row.id, toStatus: { not: null } },
      select: { toStatus: true, createdAt: true },
      orderBy: { id: "asc" },
    }),
    row.publishConsent
      ? db.attachment.findMany({
          where: { requestId: row.id, kind: { in: PUBLIC_PHOTO_KINDS }, mimeType: { in: IMAGE_TYPES } },
          select: { id: true, kind: true },
          orderBy: { createdAt: "asc" },
        })
      : [],
  ]);
  // A status repeated (a request re-assigned within the department) is one step for the public.
  const timeline: PublicCard["timeline"] = [];
  for (const e of events) if (e.toStatus && timeline.at(-1)?.status !== e.toStatus) timeline.push({ status: e.toStatus, at: e.createdAt });
  return { request: toPublicRequest(row, options.lang), timeline, photos: photos.map((p) => ({ id: p.id, after: p.kind === "photo-after" })) };
}

/** A photo of a public request whose citizen agreed to publish it. */
export async function getPublicPhoto(options: { number: string; photoId: string }) {
  const row = await findPublic(options.number);
  if (!row.publishConsent || !isUuid(options.photoId)) notFound();
  const a = await getDb().attachment.findFirst({
    where: { id: options.photoId, requestId: row.id, kind: { in: PUBLIC_PHOTO_KINDS }, mimeType: { in: IMAGE_TYPES } },
    select: { mimeType: true, storageKey: true },
  });
  if (!a) notFound();
  const bytes = await readFile(uploadPath(a.storageKey)).catch(() => notFound());
  return { bytes, mimeType: a.mimeType };
}
