// A message from the citizen: /start, or what the current wizard step expects, or free text.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { getRequestAwaitingAnswer } from "#app/domain/requests/list-citizen-requests.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import type { Step } from "../conversation-state.server.ts";
import { addToRequest, onAddInfoMessage, onHandoffOrderText } from "./my-requests.server.ts";
import { showMenu, stepHelpKeyboard } from "./render.ts";
import { onCategoryText, startDraftFromText } from "./steps/category.server.ts";
import { onContactMessage, onFullNameText, onResidenceText } from "./steps/contact.server.ts";
import { onDescriptionMessage } from "./steps/description.server.ts";
import { onLocationMessage } from "./steps/location.server.ts";
import { onPhotoMessage } from "./steps/photos.server.ts";
import type { Turn, TurnResult } from "./turn.ts";

type Handled = { handled: false } | { handled: true; result: TurnResult };
type StepHandler = (turn: Turn, message: TelegramMessage, text: string | undefined) => Promise<Handled>;

const NOT_HANDLED: Handled = { handled: false };
const handledBy = async (p: Promise<TurnResult> | TurnResult): Promise<Handled> => ({ handled: true, result: await p });

/** What each step makes of a message; a step not listed (idle, confirm) takes none. */
const ON_STEP_MESSAGE: Partial<Record<Step, StepHandler>> = {
  category: async (turn, _message, text) => (text ? handledBy(onCategoryText(turn, text)) : NOT_HANDLED),
  description: onDescriptionMessage,
  location: onLocationMessage,
  photos: (turn, message) => onPhotoMessage(turn, message),
  contact: onContactMessage,
  code: onContactMessage,
  fullName: async (turn, _message, text) => (text && turn.state.draft ? handledBy(onFullNameText(turn, text)) : NOT_HANDLED),
  residence: async (turn, _message, text) => (text && turn.state.draft ? handledBy(onResidenceText(turn, text)) : NOT_HANDLED),
  addInfo: onAddInfoMessage,
  handoffOrder: async (turn, _message, text) =>
    text && turn.state.targetRequestId ? handledBy(onHandoffOrderText(turn, turn.state.targetRequestId, text)) : NOT_HANDLED,
};

export async function onMessage(turn: Turn, message: TelegramMessage): Promise<TurnResult> {
  const { state } = turn;
  const text = message.text?.trim();
  if (text?.startsWith("/start") || text === "/menu") {
    state.step = "idle";
    state.draft = undefined;
    await turn.reply(t(turn.lang, "telegram:greeting"), { remove_keyboard: true });
    return showMenu(turn);
  }
  const handler = ON_STEP_MESSAGE[state.step];
  if (handler) {
    const outcome = await handler(turn, message, text);
    if (outcome.handled) return outcome.result;
  }
  if (text) return onFreeText(turn, message, text);
  return turn.reply(t(turn.lang, "telegram:unknown"), stepHelpKeyboard(turn));
}

/** Free text outside a flow is never lost: an answer to the request awaiting it, or a new draft. */
async function onFreeText(turn: Turn, message: TelegramMessage, text: string) {
  const awaiting = await getRequestAwaitingAnswer({ chatId: turn.chatId });
  if (awaiting && turn.state.step === "idle") return addToRequest(turn, { requestId: awaiting.id, message, kind: "answer" });
  if (turn.state.step !== "idle" && turn.state.step !== "confirm") {
    // Mid-flow text the step cannot use (e.g. typed during photos): say what is expected.
    return turn.reply(t(turn.lang, "telegram:unknown"), stepHelpKeyboard(turn));
  }
  return startDraftFromText(turn, text);
}
