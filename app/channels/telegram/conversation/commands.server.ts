// Commands (any text starting with "/"), Cancel, and "where were we": a command is never
// taken as a description, an address, a name or a search, and every step can be left.
import { getCitizenRequest } from "#app/domain/requests/list-citizen-requests.server.ts";
import { emergencyNumbersText } from "#app/domain/categories/emergency-notice.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { cancelKeyboard, menuKeyboard } from "../keyboards.ts";
import { showMyRequests } from "./my-requests.server.ts";
import { showMenu } from "./render.ts";
import { showCategories, startNewRequest } from "./steps/category.server.ts";
import { showConfirm } from "./steps/confirmation.server.ts";
import { askFullName, askResidence, repeatContactQuestion } from "./steps/contact.server.ts";
import { askDescription } from "./steps/description.server.ts";
import { askLocation } from "./steps/location.server.ts";
import { askPhotos } from "./steps/photos.server.ts";
import type { Turn, TurnResult } from "./turn.ts";

/** "/cancel@our_bot args" → "cancel". */
export function commandName(text: string) {
  return text.slice(1).split(/[\s@]/)[0]!.toLowerCase();
}

export async function onCommand(turn: Turn, text: string): Promise<TurnResult> {
  const { state } = turn;
  switch (commandName(text)) {
    case "start":
    case "menu":
      clearFlow(turn);
      // The greeting names the emergency numbers: this bot is not where help comes from in danger.
      await turn.reply(`${t(turn.lang, "telegram:greeting")}\n\n${t(turn.lang, "common:emergency.short")}`, { remove_keyboard: true });
      return showMenu(turn);
    case "cancel":
    case "stop":
      return cancelFlow(turn);
    case "help":
      return turn.reply(
        [
          t(turn.lang, "telegram:help"),
          "",
          `⚠️ ${emergencyNumbersText(turn.lang)}`,
          ...(state.draft ? ["", t(turn.lang, "telegram:command.draftKept")] : []),
        ].join("\n"),
        menuKeyboard(turn.lang),
      );
    case "new":
      clearFlow(turn);
      return startNewRequest(turn);
    case "my":
      return showMyRequests(turn);
    default:
      return turn.reply(
        [t(turn.lang, "telegram:command.unknown"), ...(state.draft ? [t(turn.lang, "telegram:command.draftKept")] : [])].join("\n"),
        menuKeyboard(turn.lang),
      );
  }
}

/** Back to rest: no draft, no request waiting for the next message. */
function clearFlow(turn: Turn) {
  const { state } = turn;
  state.step = "idle";
  state.draft = undefined;
  state.targetRequestId = undefined;
  state.verificationId = undefined;
  state.pendingAnswer = undefined;
  state.replyTo = undefined;
  state.lastText = undefined;
  state.album = undefined;
  state.resumeStep = undefined;
}

/** Back to the draft the citizen left to answer staff: its step's question again. */
export async function resumeDraft(turn: Turn): Promise<TurnResult> {
  const { state } = turn;
  const step = state.resumeStep;
  state.resumeStep = undefined;
  if (!step || !state.draft) return;
  state.step = step;
  await turn.reply(t(turn.lang, "telegram:resume"));
  return askCurrentStep(turn);
}

/** /cancel, or a Cancel button at any step: the draft (or what the next message was for) is dropped, said, and the menu shown. */
export async function cancelFlow(turn: Turn) {
  const { state } = turn;
  if (state.resumeStep && state.draft && (state.step === "addInfo" || state.step === "handoffOrder")) {
    // Cancelling the answer to staff, not the request being filled in: back to it.
    state.targetRequestId = undefined;
    await turn.reply(t(turn.lang, "telegram:cancel.done"));
    return resumeDraft(turn);
  }
  const hadDraft = Boolean(state.draft);
  const hadOther = state.step !== "idle" || Boolean(state.pendingAnswer || state.replyTo);
  clearFlow(turn);
  const key = hadDraft ? "telegram:cancelled" : hadOther ? "telegram:cancel.done" : "telegram:cancel.nothing";
  // The reply keyboard of a step (location, contact) goes away with it.
  await turn.reply(t(turn.lang, key), { remove_keyboard: true });
  return showMenu(turn);
}

/** The question of the step the chat is at, with its buttons (Cancel among them), after "I did not understand". */
export async function askCurrentStep(turn: Turn): Promise<TurnResult> {
  const { state } = turn;
  if (state.step !== "idle" && state.step !== "addInfo" && state.step !== "handoffOrder" && !state.draft) state.step = "idle";
  switch (state.step) {
    case "idle":
      return showMenu(turn);
    case "category":
      return showCategories(turn);
    case "description":
      return askDescription(turn);
    case "location":
      return askLocation(turn);
    case "photos":
      return askPhotos(turn);
    case "contact":
    case "code":
      return repeatContactQuestion(turn);
    case "fullName":
      return askFullName(turn);
    case "residence":
      return askResidence(turn);
    case "confirm":
      return showConfirm(turn);
    case "addInfo": {
      const r = state.targetRequestId ? await getCitizenRequest({ chatId: turn.chatId, requestId: state.targetRequestId }).catch(() => null) : null;
      if (!r) {
        state.step = "idle";
        return showMenu(turn);
      }
      return turn.reply(t(turn.lang, "telegram:my.askInfo", { number: r.number }), cancelKeyboard(turn.lang));
    }
    case "handoffOrder":
      return turn.reply(t(turn.lang, "telegram:handoffOrder.ask"), cancelKeyboard(turn.lang));
  }
}
