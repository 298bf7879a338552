// Step "description": the problem in words, or a voice note.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { t } from "#app/utils/i18n.server.ts";
import type { Turn, TurnResult } from "../turn.ts";
import { askLocation } from "./location.server.ts";

export function askDescription(turn: Turn) {
  turn.state.step = "description";
  return turn.reply(t(turn.lang, "telegram:description.ask"));
}

/** A message at the description step; false when it is neither text nor a voice note. */
export async function onDescriptionMessage(
  turn: Turn,
  message: TelegramMessage,
  text: string | undefined,
): Promise<{ handled: false } | { handled: true; result: TurnResult }> {
  const draft = turn.state.draft;
  if (message.voice && draft) {
    const file = await turn.api.getFile({ fileId: message.voice.file_id });
    draft.files.push({
      kind: "voice",
      fileId: message.voice.file_id,
      fileUniqueId: message.voice.file_unique_id,
      mimeType: message.voice.mime_type ?? "audio/ogg",
      size: file.file_size ?? message.voice.file_size ?? 0,
      filePath: file.file_path,
    });
    draft.description = message.caption?.trim() || t(turn.lang, "telegram:description.voice");
    await turn.reply(t(turn.lang, "telegram:description.voiceSaved"));
    return { handled: true, result: await askLocation(turn) };
  }
  if (text && draft) {
    if (text.length < 3) return { handled: true, result: await turn.reply(t(turn.lang, "telegram:description.short")) };
    draft.description = text.slice(0, 5000);
    return { handled: true, result: await askLocation(turn) };
  }
  return { handled: false };
}
