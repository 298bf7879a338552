// Step "location": a map pin (a known outage there is told at once) or an address in words.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { getCategoryForWizard } from "#app/domain/categories/browse-categories.server.ts";
import { findTelegramOutage } from "#app/domain/outages/find-telegram-outage.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import type { Draft } from "../../conversation-state.server.ts";
import { skipLocationKeyboard } from "../../keyboards.ts";
import { outageText } from "../render.ts";
import type { Turn, TurnResult } from "../turn.ts";
import { askPhotos } from "./photos.server.ts";

export async function askLocation(turn: Turn) {
  turn.state.step = "location";
  const category = turn.state.draft?.categoryCode ? await getCategoryForWizard({ code: turn.state.draft.categoryCode }) : null;
  if (category?.requiresLocation) return turn.reply(t(turn.lang, "telegram:location.ask"));
  return turn.reply(t(turn.lang, "telegram:location.askOptional"), skipLocationKeyboard(turn.lang));
}

/** A message at the location step; false when it is neither a location nor text. */
export async function onLocationMessage(
  turn: Turn,
  message: TelegramMessage,
  text: string | undefined,
): Promise<{ handled: false } | { handled: true; result: TurnResult }> {
  const draft = turn.state.draft;
  if (message.location && draft) {
    draft.lat = message.location.latitude;
    draft.lon = message.location.longitude;
    await turn.reply(t(turn.lang, "telegram:location.saved"));
    await tellOutage(turn, draft);
    return { handled: true, result: await askPhotos(turn) };
  }
  if (text && draft) {
    draft.address = text.slice(0, 500);
    await turn.reply(t(turn.lang, "telegram:location.saved"));
    return { handled: true, result: await askPhotos(turn) };
  }
  return { handled: false };
}

/** "Skip": allowed only where the category does not need a place. */
export async function onSkipLocation(turn: Turn) {
  const draft = turn.state.draft!;
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  if (category?.requiresLocation) return askLocation(turn);
  return askPhotos(turn);
}

async function tellOutage(turn: Turn, draft: Draft) {
  if (!draft.categoryCode || draft.lat === undefined || draft.lon === undefined) return;
  const outage = await findTelegramOutage({ categoryCode: draft.categoryCode, lat: draft.lat, lon: draft.lon });
  if (outage) await turn.reply(outageText(turn.lang, outage));
}
