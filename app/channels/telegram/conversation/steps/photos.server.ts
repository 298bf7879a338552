// Step "photos": up to five, then "Done". Words typed or captioned here join the description.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { t } from "#app/utils/i18n.server.ts";
import { doneKeyboard } from "../../keyboards.ts";
import { absorbMedia, appendDescription } from "../draft-input.server.ts";
import type { Turn, TurnResult } from "../turn.ts";

export function askPhotos(turn: Turn) {
  turn.state.step = "photos";
  return turn.reply(t(turn.lang, "telegram:photos.ask"), doneKeyboard(turn.lang));
}

/** A message at the photos step; false when it holds nothing a draft can keep. */
export async function onPhotoMessage(
  turn: Turn,
  message: TelegramMessage,
  text: string | undefined,
): Promise<{ handled: false } | { handled: true; result: TurnResult }> {
  const draft = turn.state.draft;
  if (!draft) return { handled: false };
  const reply = (key: string, params?: Parameters<typeof t>[2]) => turn.reply(t(turn.lang, key, params), doneKeyboard(turn.lang));
  if (message.photo?.length || message.voice || message.location) {
    const got = await absorbMedia(turn, message);
    if (got.photoLimit) return { handled: true, result: await reply("telegram:photos.limit") };
    if (got.photo) return { handled: true, result: await reply("telegram:photos.added", { count: draft.files.filter((f) => f.kind === "photo").length }) };
    if (got.voice) return { handled: true, result: await reply("telegram:photos.voiceAdded") };
    return { handled: true, result: await reply("telegram:location.saved") };
  }
  if (text) {
    await appendDescription(turn, text);
    return { handled: true, result: await reply("telegram:description.appended") };
  }
  return { handled: false };
}
