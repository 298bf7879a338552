// Step "location": a map pin (the keyboard's button sends where the citizen stands; a known
// outage there is told at once) or an address in words; "Skip" where the category allows.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { getCategoryForWizard } from "#app/domain/categories/browse-categories.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { isSkipLocationLabel, locationKeyboard } from "../../keyboards.ts";
import { absorbMedia, tellOutage } from "../draft-input.server.ts";
import type { Turn, TurnResult } from "../turn.ts";
import { askPhotos } from "./photos.server.ts";

export async function askLocation(turn: Turn) {
  turn.state.step = "location";
  const category = turn.state.draft?.categoryCode ? await getCategoryForWizard({ code: turn.state.draft.categoryCode }) : null;
  const optional = !category?.requiresLocation;
  return turn.reply(t(turn.lang, optional ? "telegram:location.askOptional" : "telegram:location.ask"), locationKeyboard(turn.lang, { optional }));
}

/** A message at the location step; false when it holds nothing a draft can keep. */
export async function onLocationMessage(
  turn: Turn,
  message: TelegramMessage,
  text: string | undefined,
): Promise<{ handled: false } | { handled: true; result: TurnResult }> {
  const draft = turn.state.draft;
  if (!draft) return { handled: false };
  if (message.location) {
    draft.lat = message.location.latitude;
    draft.lon = message.location.longitude;
    // The reply keyboard (location button, Skip, Cancel) goes away with the answer.
    await turn.reply(t(turn.lang, "telegram:location.saved"), { remove_keyboard: true });
    await tellOutage(turn, draft);
    return { handled: true, result: await askPhotos(turn) };
  }
  if (message.photo?.length || message.voice) {
    // Kept for the request; the place is still to come.
    const got = await absorbMedia(turn, message);
    await turn.reply(
      t(turn.lang, got.voice ? "telegram:photos.voiceAdded" : got.photoLimit ? "telegram:photos.limit" : "telegram:photos.added", {
        count: draft.files.filter((f) => f.kind === "photo").length,
      }),
    );
    return { handled: true, result: await askLocation(turn) };
  }
  if (text && isSkipLocationLabel(text)) return { handled: true, result: await onSkipLocation(turn) };
  if (text) {
    draft.address = text.slice(0, 500);
    await turn.reply(t(turn.lang, "telegram:location.saved"), { remove_keyboard: true });
    return { handled: true, result: await askPhotos(turn) };
  }
  return { handled: false };
}

/** "Skip": allowed only where the category does not need a place. */
export async function onSkipLocation(turn: Turn) {
  const draft = turn.state.draft!;
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  if (category?.requiresLocation) return askLocation(turn);
  await turn.reply(t(turn.lang, "telegram:location.skipped"), { remove_keyboard: true });
  return askPhotos(turn);
}
