// Step "photos": up to five, then "Done".
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { t } from "#app/utils/i18n.server.ts";
import { doneKeyboard } from "../../keyboards.ts";
import type { Turn, TurnResult } from "../turn.ts";

const MAX_PHOTOS = 5;

export function askPhotos(turn: Turn) {
  turn.state.step = "photos";
  return turn.reply(t(turn.lang, "telegram:photos.ask"), doneKeyboard(turn.lang));
}

/** A message at the photos step; false when it holds no photo. */
export async function onPhotoMessage(turn: Turn, message: TelegramMessage): Promise<{ handled: false } | { handled: true; result: TurnResult }> {
  const draft = turn.state.draft;
  if (!message.photo?.length || !draft) return { handled: false };
  if (draft.files.filter((f) => f.kind === "photo").length >= MAX_PHOTOS)
    return { handled: true, result: await turn.reply(t(turn.lang, "telegram:photos.limit"), doneKeyboard(turn.lang)) };
  // Telegram sends several sizes; the last is the largest.
  const largest = message.photo[message.photo.length - 1]!;
  draft.files.push({ kind: "photo", fileId: largest.file_id, fileUniqueId: largest.file_unique_id, mimeType: "image/jpeg", size: largest.file_size ?? 0 });
  const count = draft.files.filter((f) => f.kind === "photo").length;
  return { handled: true, result: await turn.reply(t(turn.lang, "telegram:photos.added", { count }), doneKeyboard(turn.lang)) };
}
