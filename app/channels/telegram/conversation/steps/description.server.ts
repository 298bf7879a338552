// Step "description": the problem in words, or a voice note. A photo or a place sent first
// is kept too; the next question is the first thing still missing.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { t } from "#app/utils/i18n.server.ts";
import { cancelKeyboard } from "../../keyboards.ts";
import { absorbMedia, appendDescription, hasPlace } from "../draft-input.server.ts";
import type { Turn, TurnResult } from "../turn.ts";
import { askLocation } from "./location.server.ts";
import { askPhotos } from "./photos.server.ts";

export function askDescription(turn: Turn) {
  turn.state.step = "description";
  return turn.reply(t(turn.lang, "telegram:description.ask"), cancelKeyboard(turn.lang));
}

/** After the description: the place, unless the citizen already sent it. */
export function afterDescription(turn: Turn) {
  return hasPlace(turn.state.draft!) ? askPhotos(turn) : askLocation(turn);
}

/** A message at the description step; false when it holds nothing a draft can keep. */
export async function onDescriptionMessage(
  turn: Turn,
  message: TelegramMessage,
  text: string | undefined,
): Promise<{ handled: false } | { handled: true; result: TurnResult }> {
  const draft = turn.state.draft;
  if (!draft) return { handled: false };
  if (message.voice || message.photo?.length || message.location) {
    const got = await absorbMedia(turn, message);
    if (got.voice) {
      // The words of a voice note come later (speech to text); until then it is named as one.
      draft.description ??= t(turn.lang, "telegram:description.voice");
      await turn.reply(t(turn.lang, "telegram:description.voiceSaved"));
      return { handled: true, result: await afterDescription(turn) };
    }
    if (draft.description) return { handled: true, result: await afterDescription(turn) };
    const key = got.location ? "telegram:description.placeSaved" : "telegram:description.photoSaved";
    return { handled: true, result: await turn.reply(t(turn.lang, key), cancelKeyboard(turn.lang)) };
  }
  if (text) {
    if (text.length < 3) return { handled: true, result: await turn.reply(t(turn.lang, "telegram:description.short"), cancelKeyboard(turn.lang)) };
    await appendDescription(turn, text);
    return { handled: true, result: await afterDescription(turn) };
  }
  return { handled: false };
}
