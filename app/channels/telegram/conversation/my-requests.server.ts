// "My requests": the list, one request's public timeline and its buttons (add information,
// the iGov order id, "solved?" and the rating), and messages the citizen adds to a request.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { formatKyivMoment } from "#app/domain/calendar/kyiv-time.ts";
import { isAnswered, isFinal, isSettled } from "#app/domain/requests/status-machine.ts";
import { addCitizenMessage } from "#app/domain/requests/add-citizen-message.server.ts";
import { getCitizenRequest, listCitizenRequests } from "#app/domain/requests/list-citizen-requests.server.ts";
import { canRecordTelegramHandoffOrder, recordTelegramHandoffOrder } from "#app/domain/handoff/record-telegram-handoff-order.server.ts";
import { rateTelegramRequest, respondTelegramResolution } from "#app/domain/tracking/respond-telegram-resolution.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { t } from "#app/utils/i18n.server.ts";
import { btn, cancelKeyboard, CB, inline, menuKeyboard, rateKeyboard } from "../keyboards.ts";
import { messageFiles } from "./draft-input.server.ts";
import { eventText, statusText } from "./render.ts";
import type { Turn, TurnResult } from "./turn.ts";

export async function showMyRequests(turn: Turn) {
  const rows = await listCitizenRequests({ chatId: turn.chatId });
  if (!rows.length) return turn.reply(t(turn.lang, "telegram:my.empty"), menuKeyboard(turn.lang));
  const lines = [t(turn.lang, "telegram:my.title")];
  for (const r of rows) {
    // No due date once the request is settled: answered, closed, refused, merged, or handed off
    // to another service, whose clocks are stopped; a date we no longer keep is not promised.
    const due = r.dueAt && !isSettled(r.status) ? ` (${t(turn.lang, "telegram:my.due", { date: formatKyivMoment(r.dueAt, turn.lang) })})` : "";
    lines.push(`• ${t(turn.lang, "telegram:my.item", { number: r.number, status: statusText(turn.lang, r.status) })}${due}`);
  }
  return turn.reply(lines.join("\n"), inline(rows.map((r) => [btn(r.number, CB.open(r.id))])));
}

export async function showRequest(turn: Turn, requestId: string) {
  let r;
  try {
    r = await getCitizenRequest({ chatId: turn.chatId, requestId });
  } catch (e) {
    return replyDomainError(turn, e);
  }
  const L = turn.lang;
  const lines = [
    t(L, "telegram:my.timeline", { number: r.number }),
    `${statusText(L, r.status)}${r.dueAt ? ` · ${t(L, "telegram:my.due", { date: formatKyivMoment(r.dueAt, L) })}` : ""}`,
    "",
  ];
  for (const e of r.events.slice(-15)) lines.push(`${formatKyivMoment(e.createdAt, L)} — ${eventText(L, e)}`);
  const rows = [];
  if (!isFinal(r.status)) rows.push([btn(t(L, "telegram:my.addInfo"), CB.addInfo(r.id))]);
  if (await canRecordTelegramHandoffOrder({ chatId: turn.chatId, requestId: r.id }))
    rows.push([btn(t(L, "telegram:handoffOrder.button"), CB.handoffOrder(r.id))]);
  if (r.status === "RESOLVED")
    rows.push([btn(t(L, "telegram:my.resolvedYes"), CB.resolvedYes(r.id)), btn(t(L, "telegram:my.resolvedNo"), CB.resolvedNo(r.id))]);
  if (isAnswered(r.status)) rows.push(...rateKeyboard(r.id).inline_keyboard);
  return turn.reply(lines.join("\n").slice(0, 4000), rows.length ? inline(rows) : undefined);
}

/** "Add information": the next message (words, a photo, a voice note, a place) goes to this request (step "addInfo"). */
export async function onAddInfoButton(turn: Turn, requestId: string) {
  try {
    const r = await getCitizenRequest({ chatId: turn.chatId, requestId });
    // A draft in progress waits: the citizen comes back to it after answering.
    if (turn.state.draft && !["idle", "addInfo", "handoffOrder"].includes(turn.state.step)) turn.state.resumeStep = turn.state.step;
    else turn.state.draft = undefined;
    turn.state.step = "addInfo";
    turn.state.targetRequestId = r.id;
    return turn.reply(t(turn.lang, "telegram:my.askInfo", { number: r.number }), cancelKeyboard(turn.lang));
  } catch (e) {
    return replyDomainError(turn, e);
  }
}

/** A message at the addInfo step; false when it holds nothing a request can keep. */
export async function onAddInfoMessage(
  turn: Turn,
  message: TelegramMessage,
  text: string | undefined,
): Promise<{ handled: false } | { handled: true; result: TurnResult }> {
  const { state } = turn;
  const content = messageContent(turn, message, text);
  if (!(content && state.targetRequestId)) return { handled: false };
  const requestId = state.targetRequestId;
  state.step = "idle";
  state.targetRequestId = undefined;
  return { handled: true, result: await addToRequest(turn, { requestId, content, kind: "info" }) };
}

export type MessageContent = { text: string; externalMessageId: string; files: ReturnType<typeof messageFiles> };

/**
 * What a message adds to a request: its words (or caption; a place as coordinates; a voice
 * note without words named as one until speech to text gives its words) and its files.
 * Null when there is nothing (a sticker).
 */
export function messageContent(turn: Turn, message: TelegramMessage, text: string | undefined): MessageContent | null {
  const files = messageFiles(message);
  const words = [text ?? message.caption?.trim() ?? ""];
  if (message.location) words.push(t(turn.lang, "telegram:freeText.location", { lat: message.location.latitude, lon: message.location.longitude }));
  if (message.voice && !words.some(Boolean)) words.push(t(turn.lang, "telegram:description.voice"));
  const joined = words.filter(Boolean).join("\n");
  if (!joined && !files.length) return null;
  return { text: joined, externalMessageId: `${turn.chatId}-${message.message_id}`, files };
}

/** Staff wait in several requests: the message is held and the citizen picks the request by its number. */
export async function askWhichRequest(turn: Turn, requests: { id: string; number: string }[], content: MessageContent) {
  // A second message before the choice joins the first: both go to the request picked.
  turn.state.pendingAnswer = mergeContent(turn.state.pendingAnswer, content);
  return turn.reply(
    t(turn.lang, "telegram:freeText.which"),
    inline([...requests.map((r) => [btn(r.number, CB.answerTo(r.id))]), [btn(t(turn.lang, "telegram:cancel.button"), CB.cancel)]]),
  );
}

export function mergeContent(held: MessageContent | undefined, next: MessageContent): MessageContent {
  if (!held) return next;
  return { text: [held.text, next.text].filter(Boolean).join("\n"), externalMessageId: held.externalMessageId, files: [...held.files, ...next.files] };
}

/** The request picked for the held message. */
export async function onAnswerTo(turn: Turn, requestId: string): Promise<TurnResult> {
  const content = turn.state.pendingAnswer;
  turn.state.pendingAnswer = undefined;
  if (!content) return void (await turn.reply(t(turn.lang, "telegram:freeText.gone"), menuKeyboard(turn.lang)));
  return addToRequest(turn, { requestId, content, kind: "answer" });
}

/** How long messages at rest keep going to the request the chat has just written to (the photo after the words of an answer). */
const FOLLOW_UP_MS = 10 * 60_000;

/** Messages at rest go to this request until `ms` from now (never shortening a longer window for it). */
function keepReplyTo(turn: Turn, requestId: string, ms: number) {
  const until = Date.now() + ms;
  const current = turn.state.replyTo;
  turn.state.replyTo = { requestId, until: current?.requestId === requestId ? Math.max(current.until, until) : until };
}

/**
 * Words or files for one of the chat's requests: information, or the answer staff waited
 * for (`followUp`: a message at rest that follows one just added). For a while after, what
 * the chat sends at rest goes to the same request, said each time with how to start a new one.
 */
export async function addToRequest(
  turn: Turn,
  options: { requestId: string; content: MessageContent; kind: "answer" | "info"; quiet?: boolean; followUp?: boolean },
) {
  const { content } = options;
  try {
    const result = await addCitizenMessage({
      chatId: turn.chatId,
      requestId: options.requestId,
      text: content.text,
      externalMessageId: content.externalMessageId,
      files: content.files,
    });
    turn.addedToRequestId = options.requestId;
    if (!turn.state.draft) keepReplyTo(turn, options.requestId, FOLLOW_UP_MS);
    const key = result.answered
      ? options.kind === "answer"
        ? "telegram:freeText.toRequest"
        : "telegram:my.answered"
      : options.followUp
        ? "telegram:my.followUpAdded"
        : "telegram:my.infoAdded";
    if (!options.quiet) await turn.reply(t(turn.lang, key, { number: result.number }), turn.state.draft ? undefined : menuKeyboard(turn.lang));
    return options.requestId;
  } catch (e) {
    if (isAppError(e) && (e.code === "CONFLICT" || e.code === "NOT_FOUND"))
      return void (await turn.reply(t(turn.lang, e.code === "CONFLICT" ? "telegram:my.closed" : "telegram:my.notFound"), menuKeyboard(turn.lang)));
    throw e;
  }
}

/** "Record the iGov order id": the next text is the id (step "handoffOrder"). */
export async function onHandoffOrderButton(turn: Turn, requestId: string) {
  if (!(await canRecordTelegramHandoffOrder({ chatId: turn.chatId, requestId })))
    return turn.reply(t(turn.lang, "telegram:my.notFound"), menuKeyboard(turn.lang));
  turn.state.step = "handoffOrder";
  turn.state.targetRequestId = requestId;
  turn.state.draft = undefined;
  return turn.reply(t(turn.lang, "telegram:handoffOrder.ask"), cancelKeyboard(turn.lang));
}

/** The text after "record the iGov order id": stored, or refused with the reason, staying at the step. */
export async function onHandoffOrderText(turn: Turn, requestId: string, text: string): Promise<string | void> {
  try {
    const result = await recordTelegramHandoffOrder({ chatId: turn.chatId, requestId, orderId: text.slice(0, 40) });
    turn.state.step = "idle";
    turn.state.targetRequestId = undefined;
    await turn.reply(t(turn.lang, "telegram:handoffOrder.saved", { number: result.number, orderId: result.orderId }), menuKeyboard(turn.lang));
    return requestId;
  } catch (e) {
    if (isAppError(e) && e.code === "VALIDATION") {
      const reason = (e.details as { reason?: string } | undefined)?.reason;
      return void (await turn.reply(
        t(
          turn.lang,
          reason === "checkDigit"
            ? "telegram:handoffOrder.badCheckDigit"
            : reason === "format"
              ? "telegram:handoffOrder.badFormat"
              : "telegram:handoffOrder.notTracked",
        ),
        cancelKeyboard(turn.lang),
      ));
    }
    turn.state.step = "idle";
    turn.state.targetRequestId = undefined;
    return void (await replyDomainError(turn, e));
  }
}

/** How long messages at rest go to a request the citizen just reopened. */
const REOPENED_REPLY_MS = 30 * 60_000;

/**
 * "Solved" / "Not solved" on a resolved request; "solved" asks for a rating. After "not
 * solved" the citizen naturally says what is still wrong: for a while, what they send at
 * rest goes to that request instead of starting a new one.
 */
export async function onResolution(turn: Turn, requestId: string, resolved: boolean): Promise<TurnResult> {
  try {
    const result = await respondTelegramResolution({ chatId: turn.chatId, requestId, resolved });
    if (resolved) {
      await turn.reply(t(turn.lang, "telegram:my.confirmed", { number: result.number }));
      await turn.reply(t(turn.lang, "telegram:my.rate"), rateKeyboard(requestId));
    } else {
      keepReplyTo(turn, requestId, REOPENED_REPLY_MS);
      await turn.reply(t(turn.lang, "telegram:my.reopenedAsk", { number: result.number }), menuKeyboard(turn.lang));
    }
    return requestId;
  } catch (e) {
    return replyDomainError(turn, e);
  }
}

export async function onRate(turn: Turn, requestId: string, score: number) {
  try {
    await rateTelegramRequest({ chatId: turn.chatId, requestId, score });
    return turn.reply(t(turn.lang, "telegram:my.rated"), menuKeyboard(turn.lang));
  } catch (e) {
    return replyDomainError(turn, e);
  }
}

async function replyDomainError(turn: Turn, e: unknown) {
  if (isAppError(e) && e.code === "NOT_FOUND") return turn.reply(t(turn.lang, "telegram:my.notFound"), menuKeyboard(turn.lang));
  if (isAppError(e) && (e.code === "CONFLICT" || e.code === "INVALID_TRANSITION"))
    return turn.reply(t(turn.lang, "telegram:my.closed"), menuKeyboard(turn.lang));
  throw e;
}
