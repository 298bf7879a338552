// A message from the citizen: a command, what the current wizard step expects, the rest of a
// long text Telegram split in two, an answer to staff, or something that starts a request.
// Nothing a citizen sends is silently dropped or taken for what it is not.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { getRequestsAwaitingAnswer } from "#app/domain/requests/list-citizen-requests.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import type { Step } from "../conversation-state.server.ts";
import { isCancelLabel, menuKeyboard } from "../keyboards.ts";
import { TELEGRAM_TEXT_LIMIT } from "../message-length.ts";
import { askCurrentStep, cancelFlow, onCommand, resumeDraft } from "./commands.server.ts";
import { absorbMedia, appendDescription } from "./draft-input.server.ts";
import { addToRequest, askWhichRequest, mergeContent, messageContent, onAddInfoMessage, onHandoffOrderText } from "./my-requests.server.ts";
import { onCategoryText, showCategories, startDraftFromMessage } from "./steps/category.server.ts";
import { onConfirmMessage, showConfirm } from "./steps/confirmation.server.ts";
import { onContactMessage, onFullNameText, onResidenceText } from "./steps/contact.server.ts";
import { onDescriptionMessage } from "./steps/description.server.ts";
import { onLocationMessage } from "./steps/location.server.ts";
import { onPhotoMessage } from "./steps/photos.server.ts";
import type { Turn, TurnResult } from "./turn.ts";

type Handled = { handled: false } | { handled: true; result: TurnResult };
type StepHandler = (turn: Turn, message: TelegramMessage, text: string | undefined) => Promise<Handled>;

const NOT_HANDLED: Handled = { handled: false };
const handledBy = async (p: Promise<TurnResult> | TurnResult): Promise<Handled> => ({ handled: true, result: await p });

/**
 * Telegram cuts a text over 4,096 characters into consecutive messages sent at once. A
 * message right after (same or next seconds) one this long continues it.
 */
const SPLIT_PART_MIN_LENGTH = 3900;
const SPLIT_MAX_GAP_SECONDS = 5;

/** What each step makes of a message; idle has its own rules (onRestMessage). */
const ON_STEP_MESSAGE: Partial<Record<Step, StepHandler>> = {
  category: async (turn, message, text) => {
    if (text) return handledBy(onCategoryText(turn, text));
    if (!turn.state.draft || !(message.photo?.length || message.voice || message.location)) return NOT_HANDLED;
    // Kept for the request; the category is still to choose.
    await absorbMedia(turn, message);
    return handledBy(showCategories(turn));
  },
  description: onDescriptionMessage,
  location: onLocationMessage,
  photos: onPhotoMessage,
  contact: onContactMessage,
  code: onContactMessage,
  fullName: async (turn, _message, text) => (text && turn.state.draft ? handledBy(onFullNameText(turn, text)) : NOT_HANDLED),
  residence: async (turn, _message, text) => (text && turn.state.draft ? handledBy(onResidenceText(turn, text)) : NOT_HANDLED),
  confirm: onConfirmMessage,
  addInfo: async (turn, message, text) => {
    const outcome = await onAddInfoMessage(turn, message, text);
    if (outcome.handled && turn.state.resumeStep) await resumeDraft(turn);
    return outcome;
  },
  handoffOrder: async (turn, _message, text) =>
    text && turn.state.targetRequestId ? handledBy(onHandoffOrderText(turn, turn.state.targetRequestId, text)) : NOT_HANDLED,
};

export async function onMessage(turn: Turn, message: TelegramMessage): Promise<TurnResult> {
  const text = message.text?.trim() || undefined;
  if (text?.startsWith("/")) return onCommand(turn, text);
  if (text && isCancelLabel(text)) return cancelFlow(turn);
  if (text && isSplitContinuation(turn, message)) return continueSplitText(turn, message, text);
  const album = mediaGroupOf(message);
  if (album && turn.state.album?.id === album) {
    const rest = await continueAlbum(turn, message, text);
    if (rest.handled) return rest.result;
  }

  const result = await onStepMessage(turn, message, text);
  remember(turn, message);
  return result;
}

/** Telegram's id of an album: photos sent together arrive as one message each, sharing it. */
function mediaGroupOf(message: TelegramMessage): string | undefined {
  const id = (message as { media_group_id?: unknown }).media_group_id;
  return typeof id === "string" ? id : undefined;
}

/**
 * The rest of an album goes where its first message went, without a reply for each: to the
 * request (an answer of several photos), to the message held for "which request?", or
 * into the draft.
 */
async function continueAlbum(turn: Turn, message: TelegramMessage, text: string | undefined): Promise<Handled> {
  const { state } = turn;
  const requestId = state.album?.requestId;
  const content = messageContent(turn, message, text);
  if (requestId && content) return handledBy(addToRequest(turn, { requestId, content, kind: "info", quiet: true }));
  if (state.pendingAnswer && content) {
    state.pendingAnswer = mergeContent(state.pendingAnswer, content);
    return { handled: true, result: undefined };
  }
  if (state.draft && !["addInfo", "handoffOrder"].includes(state.step)) {
    const got = await absorbMedia(turn, message);
    if (got.photoLimit) await turn.reply(t(turn.lang, "telegram:photos.limit"));
    return { handled: true, result: undefined };
  }
  return NOT_HANDLED;
}

async function onStepMessage(turn: Turn, message: TelegramMessage, text: string | undefined): Promise<TurnResult> {
  const { state } = turn;
  const handler = state.step === "idle" ? undefined : ON_STEP_MESSAGE[state.step];
  if (handler) {
    const outcome = await handler(turn, message, text);
    if (outcome.handled) return outcome.result;
  }
  if (state.step === "idle" || !(state.draft || state.targetRequestId)) return onRestMessage(turn, message, text);
  if (state.draft && (message.photo?.length || message.voice || message.location)) {
    // A photo, voice note or place at a step that asks for something else (the contact, a
    // name): kept for the request all the same, and the step's question asked again.
    const got = await absorbMedia(turn, message);
    const key = got.photoLimit ? "telegram:photos.limit" : got.location && !got.photo && !got.voice ? "telegram:location.saved" : "telegram:media.kept";
    await turn.reply(t(turn.lang, key));
    return askCurrentStep(turn);
  }
  // Something this step cannot use (a sticker at the description, words at the contact): say so and ask again.
  await turn.reply(t(turn.lang, "telegram:unknown"));
  return askCurrentStep(turn);
}

/**
 * A message at rest is never lost: it goes to the request the citizen just reopened, or to
 * the one staff wait on (asking which when several wait), or it starts a new request.
 */
async function onRestMessage(turn: Turn, message: TelegramMessage, text: string | undefined): Promise<TurnResult> {
  const { state } = turn;
  state.step = "idle";
  const content = messageContent(turn, message, text);
  if (!content) return turn.reply(t(turn.lang, "telegram:unknownIdle"), menuKeyboard(turn.lang));
  if (state.replyTo && state.replyTo.until > Date.now()) {
    return addToRequest(turn, { requestId: state.replyTo.requestId, content, kind: "info", followUp: true });
  }
  state.replyTo = undefined;
  const waiting = await getRequestsAwaitingAnswer({ chatId: turn.chatId });
  if (waiting.length === 1) return addToRequest(turn, { requestId: waiting[0]!.id, content, kind: "answer" });
  if (waiting.length > 1) return askWhichRequest(turn, waiting, content);
  return startDraftFromMessage(turn, message, text);
}

function isSplitContinuation(turn: Turn, message: TelegramMessage) {
  const last = turn.state.lastText;
  if (!last || last.length < SPLIT_PART_MIN_LENGTH || last.length > TELEGRAM_TEXT_LIMIT) return false;
  const gap = message.date - last.date;
  if (gap < 0 || gap > SPLIT_MAX_GAP_SECONDS) return false;
  return Boolean(last.requestId || turn.state.draft);
}

/** The next part of a long text: it joins what the first part went to, and the chat stays where it is. */
async function continueSplitText(turn: Turn, message: TelegramMessage, text: string): Promise<TurnResult> {
  const last = turn.state.lastText!;
  turn.state.lastText = { date: message.date, length: message.text!.length, requestId: last.requestId, spaceAfter: /\s$/.test(message.text!) };
  if (last.requestId) {
    const content = messageContent(turn, message, text)!;
    return addToRequest(turn, { requestId: last.requestId, content, kind: "info" });
  }
  // One text cut in two: joined as it was typed (a space where Telegram cut between words).
  const raw = message.text!;
  await appendDescription(turn, raw.trim(), last.spaceAfter || /^\s/.test(raw) ? " " : "");
  if (turn.state.step === "confirm") return showConfirm(turn);
  await turn.reply(t(turn.lang, "telegram:description.continued"));
}

/** Remembers a long text or an album (and the request it went to, if any) so what Telegram sends next of it can follow. */
function remember(turn: Turn, message: TelegramMessage) {
  const length = message.text?.length ?? 0;
  const requestId = turn.addedToRequestId;
  turn.state.lastText = length >= SPLIT_PART_MIN_LENGTH ? { date: message.date, length, requestId, spaceAfter: /\s$/.test(message.text!) } : undefined;
  const album = mediaGroupOf(message);
  turn.state.album = album ? { id: album, requestId } : undefined;
}
