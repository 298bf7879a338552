// A button the citizen pressed: decoded (callback-data.ts), then acted on where the chat is.
import type { TelegramCallbackQuery } from "#integrations/telegram/schemas.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { createLogger, describeError } from "#app/utils/logger.server.ts";
import { decodeCallbackData } from "../callback-data.ts";
import { askCurrentStep, cancelFlow } from "./commands.server.ts";
import { onAddInfoButton, onAnswerTo, onHandoffOrderButton, onRate, onResolution, showMyRequests, showRequest } from "./my-requests.server.ts";
import { showMenu } from "./render.ts";
import { onCategoryChosen, onCategoryUp, onEmergencyEntry, startNewRequest } from "./steps/category.server.ts";
import { onSend } from "./steps/confirmation.server.ts";
import { askContact, onAnonymous } from "./steps/contact.server.ts";
import { onSkipLocation } from "./steps/location.server.ts";
import type { Turn, TurnResult } from "./turn.ts";

const log = createLogger("bot");

export async function onCallback(turn: Turn, query: TelegramCallbackQuery): Promise<TurnResult> {
  // Acknowledge first, so the button stops spinning whatever happens next.
  await turn.api.answerCallbackQuery({ callbackQueryId: query.id }).catch((e: unknown) => log.warn("answerCallbackQuery failed", describeError(e)));
  const data = decodeCallbackData(query.data);
  const { state } = turn;
  const draft = state.draft;
  const step = state.step;
  const messageId = query.message?.message_id;

  switch (data?.kind) {
    case "newRequest":
      return startNewRequest(turn);
    case "myRequests":
      return showMyRequests(turn);
    case "language":
      state.lang = state.lang === "uk" ? "en" : "uk";
      await getDb().citizen.updateMany({ where: { identities: { some: { channel: "TELEGRAM", externalId: turn.chatId } } }, data: { language: state.lang } });
      await turn.reply(t(turn.lang, "telegram:langChanged"));
      return showMenu(turn);
    case "emergency":
      if (step === "category" && draft) return onEmergencyEntry(turn);
      break;
    case "categoryUp":
      if (step === "category" && draft) return onCategoryUp(turn, messageId);
      break;
    case "category":
      if (step === "category" && draft) return onCategoryChosen(turn, data.categoryId, messageId);
      break;
    case "skipLocation":
      if (step === "location" && draft) return onSkipLocation(turn);
      break;
    case "photosDone":
      if (step === "photos" && draft) return askContact(turn);
      break;
    case "anonymous":
      if ((step === "contact" || step === "code") && draft) return onAnonymous(turn);
      break;
    case "cancel":
      return cancelFlow(turn);
    case "send":
      if (step === "confirm" && draft) return onSend(turn, draft, messageId);
      break;
    case "open":
      return showRequest(turn, data.requestId);
    case "addInfo":
      return onAddInfoButton(turn, data.requestId);
    case "handoffOrder":
      return onHandoffOrderButton(turn, data.requestId);
    case "resolvedYes":
    case "resolvedNo":
      return onResolution(turn, data.requestId, data.kind === "resolvedYes");
    case "rate":
      return onRate(turn, data.requestId, data.score);
    case "answerTo":
      return onAnswerTo(turn, data.requestId);
  }
  // A button from an old message whose step has passed (or one we never sent): say so and show where we are.
  await turn.reply(t(turn.lang, "telegram:staleButton"));
  return askCurrentStep(turn);
}
