// What a message adds to a draft, whatever step it arrives at: words go to the description,
// photos and voice notes are kept as files (once each), a location becomes the place. A
// citizen does not follow our order of questions; nothing they send is lost for that.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { findTelegramOutage } from "#app/domain/outages/find-telegram-outage.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import type { Draft, TelegramFileRef } from "../conversation-state.server.ts";
import { outageText } from "./render.ts";
import type { Turn } from "./turn.ts";

/** What the core keeps as a description (submitRequest refuses more). */
export const MAX_DESCRIPTION = 5000;
export const MAX_PHOTOS = 5;

/** Adds words to the description (a new paragraph, or `separator`); says so when the limit cuts them. */
export async function appendDescription(turn: Turn, text: string, separator = "\n\n") {
  const draft = turn.state.draft!;
  // Words replace the voice-note placeholder (the note's own words come with its transcript).
  const base = (["uk", "en"] as const).some((l) => draft.description === t(l, "telegram:description.voice")) ? undefined : draft.description;
  const joined = base ? `${base}${separator}${text}` : text;
  draft.description = joined.slice(0, MAX_DESCRIPTION);
  if (joined.length > MAX_DESCRIPTION) await turn.reply(t(turn.lang, "telegram:description.tooLong"));
}

/** The largest size of a photo (Telegram sends several; the last is the largest). */
export function largestPhoto(message: TelegramMessage) {
  return message.photo?.length ? message.photo[message.photo.length - 1]! : undefined;
}

/** The files of a message as the core keeps them: storage key "telegram:<file id>", with their kind and type. */
export function messageFiles(message: TelegramMessage): { kind: "photo" | "voice"; fileId: string; mimeType: string; size: number }[] {
  const files: { kind: "photo" | "voice"; fileId: string; mimeType: string; size: number }[] = [];
  const photo = largestPhoto(message);
  if (photo) files.push({ kind: "photo", fileId: photo.file_id, mimeType: "image/jpeg", size: photo.file_size ?? 0 });
  if (message.voice)
    files.push({ kind: "voice", fileId: message.voice.file_id, mimeType: message.voice.mime_type ?? "audio/ogg", size: message.voice.file_size ?? 0 });
  return files;
}

const photoCount = (draft: Draft) => draft.files.filter((f) => f.kind === "photo").length;

function addFile(draft: Draft, file: TelegramFileRef) {
  // The same photo sent twice (Telegram's file_unique_id is the file's, whatever the message) is kept once.
  if (draft.files.some((f) => f.fileUniqueId === file.fileUniqueId)) return false;
  draft.files.push(file);
  return true;
}

export type Absorbed = { photo: boolean; voice: boolean; location: boolean; photoLimit: boolean; caption: boolean };

/**
 * Keeps a message's photo, voice note, caption and location in the draft. Says nothing
 * itself except a known outage at a new place; the step decides what to ask next.
 */
export async function absorbMedia(turn: Turn, message: TelegramMessage): Promise<Absorbed> {
  const draft = turn.state.draft!;
  const out: Absorbed = { photo: false, voice: false, location: false, photoLimit: false, caption: false };
  const photo = largestPhoto(message);
  if (photo) {
    if (photoCount(draft) >= MAX_PHOTOS && !draft.files.some((f) => f.fileUniqueId === photo.file_unique_id)) out.photoLimit = true;
    else {
      addFile(draft, { kind: "photo", fileId: photo.file_id, fileUniqueId: photo.file_unique_id, mimeType: "image/jpeg", size: photo.file_size ?? 0 });
      out.photo = true;
    }
  }
  if (message.voice) {
    const file = await turn.api.getFile({ fileId: message.voice.file_id });
    addFile(draft, {
      kind: "voice",
      fileId: message.voice.file_id,
      fileUniqueId: message.voice.file_unique_id,
      mimeType: message.voice.mime_type ?? "audio/ogg",
      size: file.file_size ?? message.voice.file_size ?? 0,
      filePath: file.file_path,
    });
    out.voice = true;
  }
  const caption = message.caption?.trim();
  if (caption) {
    await appendDescription(turn, caption);
    out.caption = true;
  }
  if (message.location) {
    draft.lat = message.location.latitude;
    draft.lon = message.location.longitude;
    out.location = true;
    await tellOutage(turn, draft);
  }
  return out;
}

/** A known outage at the draft's place and of its kind is told at once. */
export async function tellOutage(turn: Turn, draft: Draft) {
  if (!draft.categoryCode || draft.lat === undefined || draft.lon === undefined) return;
  const outage = await findTelegramOutage({ categoryCode: draft.categoryCode, lat: draft.lat, lon: draft.lon });
  if (outage) await turn.reply(outageText(turn.lang, outage));
}

export const hasPlace = (draft: Draft) => draft.lat !== undefined || Boolean(draft.address);
