import type { TelegramClient } from "#integrations/telegram/client.ts";
import {
  TelegramUpdateSchema,
  type ReplyMarkup,
  type TelegramCallbackQuery,
  type TelegramMessage,
  type TelegramUpdate,
} from "#integrations/telegram/schemas.ts";
import { formatKyiv } from "#app/domain/notifications/render-notification.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError, isAppError } from "#app/utils/errors.ts";
import { t, toLang, type Lang } from "#app/utils/i18n.ts";
import { createLogger, maskPhone } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { confirmContactVerification, startContactVerification } from "#app/domain/citizen/contact-verification.server.ts";
import { addCitizenMessage } from "#app/domain/telegram/add-citizen-message.server.ts";
import { getCategoryForWizard, listCategoryChoices, searchCategories } from "#app/domain/telegram/browse-categories.server.ts";
import { getChatState, saveChatState, type ChatState, type Draft } from "./conversation-state.server.ts";
import { findTelegramOutage } from "#app/domain/telegram/find-telegram-outage.server.ts";
import { btn, categoryKeyboard, CB, contactKeyboard, inline, menuKeyboard } from "./keyboards.ts";
import { getTelegramCitizen, linkTelegramContact } from "#app/domain/telegram/link-telegram-contact.server.ts";
import { getCitizenRequest, getRequestAwaitingAnswer, listCitizenRequests } from "#app/domain/telegram/list-citizen-requests.server.ts";
import { canRecordTelegramHandoffOrder, recordTelegramHandoffOrder } from "#app/domain/telegram/record-telegram-handoff-order.server.ts";
import { rateTelegramRequest, respondTelegramResolution } from "#app/domain/telegram/respond-telegram-resolution.server.ts";
import { submitTelegramRequest } from "#app/domain/telegram/submit-telegram-request.server.ts";
import { telegramKey, withTelegramLock } from "./telegram-redis.server.ts";

const log = createLogger("bot");
const MAX_PHOTOS = 5;
/** Codes one chat may have texted to numbers in an hour (each number has its own limit too). */
const CODES_PER_CHAT_HOUR = 5;

/** What the conversation needs from the Bot API (the integration client fits; tests use it too). */
export type TelegramReplier = Pick<TelegramClient, "sendMessage" | "editMessageText" | "answerCallbackQuery" | "getFile">;

type Turn = {
  api: TelegramReplier;
  chatId: string;
  updateId: number;
  state: ChatState;
  lang: Lang;
  reply: (text: string, markup?: ReplyMarkup) => Promise<void>;
};

/** The chat an update belongs to; updates without one (channel posts, polls) are ignored. */
export function chatIdOf(update: TelegramUpdate): string | null {
  const id = update.message?.chat.id ?? update.edited_message?.chat.id ?? update.callback_query?.message?.chat.id ?? update.callback_query?.from.id;
  return id === undefined ? null : String(id);
}

/**
 * Acts on one recorded Telegram update: the citizen's conversation, one step. Updates of
 * one chat run one at a time across processes (Redis lock), and an update already acted
 * on (by the bot or by the intake worker) is skipped, so nothing happens twice.
 */
export async function processTelegramUpdate(options: { inboundEventId: string; update: unknown; api: TelegramReplier }) {
  const update = TelegramUpdateSchema.parse(options.update);
  const chatId = chatIdOf(update);
  if (!chatId) return { requestId: null };
  const db = getDb();
  const locked = await withTelegramLock({
    key: telegramKey("lock", chatId),
    fn: async () => {
      const event = await db.inboundEvent.findUnique({ where: { id: options.inboundEventId }, select: { processedAt: true, requestId: true } });
      if (event?.processedAt) return { requestId: event.requestId };
      const requestId = await converse({ update, chatId, api: options.api });
      // Marked here, under the lock, so a second runner that waited for it sees it done.
      await db.inboundEvent.update({ where: { id: options.inboundEventId }, data: { processedAt: new Date(), requestId: requestId ?? null } });
      return { requestId: requestId ?? null };
    },
  });
  if (!locked) throw new AppError("UNAVAILABLE", "The chat is busy; try again");
  return locked.value;
}

async function converse(options: { update: TelegramUpdate; chatId: string; api: TelegramReplier }): Promise<string | null | void> {
  const { update, chatId, api } = options;
  const from = update.message?.from ?? update.callback_query?.from ?? update.edited_message?.from;
  const state: ChatState = (await getChatState({ chatId })) ?? { lang: toLang(from?.language_code), step: "idle" };
  const turn: Turn = {
    api,
    chatId,
    updateId: update.update_id,
    state,
    get lang() {
      return state.lang;
    },
    reply: async (text, markup) => {
      await api.sendMessage({ chatId, text, replyMarkup: markup });
    },
  };
  try {
    if (update.callback_query) return await onCallback(turn, update.callback_query);
    if (update.edited_message) return void (await turn.reply(t(turn.lang, "telegram:edited")));
    if (update.message) return await onMessage(turn, update.message);
  } finally {
    await saveChatState({ chatId, state });
  }
}

// ───────────────────────────── messages ─────────────────────────────

async function onMessage(turn: Turn, message: TelegramMessage): Promise<string | null | void> {
  const { state } = turn;
  const text = message.text?.trim();
  if (text?.startsWith("/start") || text === "/menu") {
    state.step = "idle";
    state.draft = undefined;
    await turn.reply(t(turn.lang, "telegram:greeting"), { remove_keyboard: true });
    return showMenu(turn);
  }
  const draft = state.draft;
  switch (state.step) {
    case "category":
      if (text) return showSearch(turn, text);
      break;
    case "description":
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
        return askLocation(turn);
      }
      if (text && draft) {
        if (text.length < 3) return turn.reply(t(turn.lang, "telegram:description.short"));
        draft.description = text.slice(0, 5000);
        return askLocation(turn);
      }
      break;
    case "location":
      if (message.location && draft) {
        draft.lat = message.location.latitude;
        draft.lon = message.location.longitude;
        await turn.reply(t(turn.lang, "telegram:location.saved"));
        await tellOutage(turn, draft);
        return askPhotos(turn);
      }
      if (text && draft) {
        draft.address = text.slice(0, 500);
        await turn.reply(t(turn.lang, "telegram:location.saved"));
        return askPhotos(turn);
      }
      break;
    case "photos":
      if (message.photo?.length && draft) {
        if (draft.files.filter((f) => f.kind === "photo").length >= MAX_PHOTOS) return turn.reply(t(turn.lang, "telegram:photos.limit"), doneKeyboard(turn.lang));
        // Telegram sends several sizes; the last is the largest.
        const largest = message.photo[message.photo.length - 1]!;
        draft.files.push({ kind: "photo", fileId: largest.file_id, fileUniqueId: largest.file_unique_id, mimeType: "image/jpeg", size: largest.file_size ?? 0 });
        const count = draft.files.filter((f) => f.kind === "photo").length;
        return turn.reply(t(turn.lang, "telegram:photos.added", { count }), doneKeyboard(turn.lang));
      }
      break;
    case "contact":
    case "code":
      if (message.contact && draft) {
        // Telegram vouches for a number only in the sender's own card (the request_contact
        // button: user_id is the sender). A card without user_id or someone else's is just a
        // number typed by hand: it must be proven by a code before it links anything.
        const own = message.from?.id !== undefined && message.contact.user_id === message.from.id;
        if (!own) return sendPhoneCode(turn, message.contact.phone_number);
        const fullName = [message.contact.first_name, message.contact.last_name].filter(Boolean).join(" ") || undefined;
        return linkProvenPhone(turn, message.contact.phone_number, fullName);
      }
      if (text && draft && state.step === "code" && /^\d{6}$/.test(text.replace(/[\s-]+/g, ""))) return confirmPhoneCode(turn, text);
      if (text && draft && normalizePhone(text)) return sendPhoneCode(turn, text);
      if (text && draft && state.step === "code") return turn.reply(t(turn.lang, "telegram:contact.codeAsk"), contactKeyboard(turn.lang));
      break;
    case "fullName":
      if (text && draft) {
        if (text.length < 5 || !text.includes(" ")) return turn.reply(t(turn.lang, "telegram:appeal.short"));
        draft.fullName = text.slice(0, 200);
        return askResidenceOrConfirm(turn);
      }
      break;
    case "residence":
      if (text && draft) {
        if (text.length < 5) return turn.reply(t(turn.lang, "telegram:appeal.short"));
        draft.residence = text.slice(0, 500);
        return showConfirm(turn);
      }
      break;
    case "addInfo":
      if ((text || message.photo?.length) && state.targetRequestId) {
        const requestId = state.targetRequestId;
        state.step = "idle";
        state.targetRequestId = undefined;
        return addToRequest(turn, { requestId, message, kind: "info" });
      }
      break;
    case "handoffOrder":
      if (text && state.targetRequestId) return saveHandoffOrder(turn, state.targetRequestId, text);
      break;
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
  turn.state.step = "category";
  turn.state.draft = { parentCategoryId: null, files: [], description: text.slice(0, 5000) };
  const { choices } = await listCategoryChoices({ parentId: null, lang: turn.lang });
  await turn.reply(t(turn.lang, "telegram:freeText.draft"), categoryKeyboard({ lang: turn.lang, choices, canGoUp: false }));
}

async function addToRequest(turn: Turn, options: { requestId: string; message: TelegramMessage; kind: "answer" | "info" }) {
  const { message } = options;
  const largest = message.photo?.[message.photo.length - 1];
  try {
    const result = await addCitizenMessage({
      chatId: turn.chatId,
      requestId: options.requestId,
      text: (message.text ?? message.caption ?? "").trim(),
      externalMessageId: `${turn.chatId}-${message.message_id}`,
      files: largest ? [{ kind: "photo", mimeType: "image/jpeg", size: largest.file_size ?? 0, fileId: largest.file_id }] : [],
    });
    const key = result.answered ? (options.kind === "answer" ? "telegram:freeText.toRequest" : "telegram:my.answered") : "telegram:my.infoAdded";
    await turn.reply(t(turn.lang, key, { number: result.number }), menuKeyboard(turn.lang));
    return options.requestId;
  } catch (e) {
    if (isAppError(e) && (e.code === "CONFLICT" || e.code === "NOT_FOUND"))
      return void (await turn.reply(t(turn.lang, e.code === "CONFLICT" ? "telegram:my.closed" : "telegram:my.notFound"), menuKeyboard(turn.lang)));
    throw e;
  }
}

// ───────────────────────────── proving a phone ─────────────────────────────

/** A phone the chat proved (own contact card, or the right code): the chat may now join its citizen. */
async function linkProvenPhone(turn: Turn, phone: string, fullName?: string) {
  const draft = turn.state.draft!;
  try {
    const linked = await linkTelegramContact({ chatId: turn.chatId, phone, fullName, language: turn.lang });
    draft.phone = linked.phone;
    draft.anonymous = false;
    turn.state.verificationId = undefined;
    await turn.reply(t(turn.lang, linked.linkedExisting ? "telegram:contact.linked" : "telegram:contact.saved"), { remove_keyboard: true });
  } catch (e) {
    if (isAppError(e) && e.code === "VALIDATION") return turn.reply(t(turn.lang, "telegram:contact.invalid"), contactKeyboard(turn.lang));
    throw e;
  }
  return afterContact(turn);
}

/** A number the chat only typed (or forwarded): text a one-time code to it and wait for it here. */
async function sendPhoneCode(turn: Turn, raw: string) {
  const phone = normalizePhone(raw);
  if (!phone) return turn.reply(t(turn.lang, "telegram:contact.invalid"), contactKeyboard(turn.lang));
  const started = await startContactVerification({
    purpose: "telegram-link",
    subject: turn.chatId,
    channel: "SMS",
    address: phone,
    lang: turn.lang,
    limits: [{ scope: "telegram-chat", value: turn.chatId, max: CODES_PER_CHAT_HOUR, windowSeconds: 3600 }],
  });
  if (!started.ok) return turn.reply(t(turn.lang, "telegram:contact.codeLimited"), contactKeyboard(turn.lang));
  turn.state.step = "code";
  turn.state.verificationId = started.verificationId;
  return turn.reply(t(turn.lang, "telegram:contact.codeSent", { phone: maskPhone(phone) ?? "" }), contactKeyboard(turn.lang));
}

async function confirmPhoneCode(turn: Turn, text: string) {
  const verificationId = turn.state.verificationId;
  const result = verificationId
    ? await confirmContactVerification({ verificationId, code: text, purpose: "telegram-link", subject: turn.chatId })
    : ({ ok: false, reason: "expired" } as const);
  if (result.ok) return linkProvenPhone(turn, result.address);
  if (result.reason === "wrong") return turn.reply(t(turn.lang, "telegram:contact.codeWrong", { left: result.attemptsLeft }));
  turn.state.step = "contact";
  turn.state.verificationId = undefined;
  return turn.reply(t(turn.lang, "telegram:contact.codeExpired"), contactKeyboard(turn.lang));
}

// ───────────────────────────── buttons ─────────────────────────────

async function onCallback(turn: Turn, query: TelegramCallbackQuery): Promise<string | null | void> {
  // Acknowledge first, so the button stops spinning whatever happens next.
  await turn.api.answerCallbackQuery({ callbackQueryId: query.id }).catch((e) => log.warn("answerCallbackQuery failed", { error: (e as Error).name }));
  const data = query.data ?? "";
  const { state } = turn;
  const [verb, ...rest] = data.split(":");
  const arg = rest.join(":");
  const messageId = query.message?.message_id;

  if (data === CB.newRequest) {
    state.step = "category";
    state.draft = { parentCategoryId: null, files: [] };
    return showCategories(turn);
  }
  if (data === CB.myRequests) return showMyRequests(turn);
  if (data === CB.language) {
    state.lang = state.lang === "uk" ? "en" : "uk";
    await getDb().citizen.updateMany({ where: { identities: { some: { channel: "TELEGRAM", externalId: turn.chatId } } }, data: { language: state.lang } });
    await turn.reply(t(turn.lang, "telegram:langChanged"));
    return showMenu(turn);
  }

  const draft = state.draft;
  if (verb === "c" && state.step === "category" && draft) {
    if (arg === "up") {
      const parent = draft.parentCategoryId ? await getCategoryForWizard({ id: draft.parentCategoryId }) : null;
      draft.parentCategoryId = parent?.parentId ?? null;
      return showCategories(turn, messageId);
    }
    const category = await getCategoryForWizard({ id: arg });
    if (!category) return showCategories(turn, messageId);
    const { choices } = await listCategoryChoices({ parentId: category.id, lang: turn.lang });
    if (choices.length) {
      draft.parentCategoryId = category.id;
      return showCategories(turn, messageId);
    }
    draft.categoryCode = category.code;
    const name = turn.lang === "en" ? category.nameEn : category.nameUk;
    if (messageId) await turn.api.editMessageText({ chatId: turn.chatId, messageId, text: t(turn.lang, "telegram:category.chosen", { name }) });
    if (draft.description) return askLocation(turn); // a draft started from free text already has it
    state.step = "description";
    return turn.reply(t(turn.lang, "telegram:description.ask"));
  }
  if (data === CB.skipLocation && state.step === "location" && draft) {
    const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
    if (category?.requiresLocation) return askLocation(turn);
    return askPhotos(turn);
  }
  if (data === CB.photosDone && state.step === "photos" && draft) return askContact(turn);
  if (data === CB.anonymous && (state.step === "contact" || state.step === "code") && draft) {
    const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
    if (!category?.allowsAnonymous || category.statutoryApplies) return askContact(turn);
    draft.anonymous = true;
    await turn.reply(t(turn.lang, "telegram:confirm.anonymous"), { remove_keyboard: true });
    return showConfirm(turn);
  }
  if (data === CB.cancel && state.step === "confirm") {
    state.step = "idle";
    state.draft = undefined;
    if (messageId) await turn.api.editMessageText({ chatId: turn.chatId, messageId, text: t(turn.lang, "telegram:cancelled") });
    return showMenu(turn);
  }
  if (data === CB.send && state.step === "confirm" && draft) return submitDraft(turn, draft, messageId);

  if (verb === "r") return showRequest(turn, arg);
  if (verb === "i") {
    try {
      const r = await getCitizenRequest({ chatId: turn.chatId, requestId: arg });
      state.step = "addInfo";
      state.targetRequestId = r.id;
      return turn.reply(t(turn.lang, "telegram:my.askInfo", { number: r.number }));
    } catch (e) {
      return replyDomainError(turn, e);
    }
  }
  if (verb === "o") {
    if (!(await canRecordTelegramHandoffOrder({ chatId: turn.chatId, requestId: arg }))) return turn.reply(t(turn.lang, "telegram:my.notFound"), menuKeyboard(turn.lang));
    state.step = "handoffOrder";
    state.targetRequestId = arg;
    state.draft = undefined;
    return turn.reply(t(turn.lang, "telegram:handoffOrder.ask"));
  }
  if (verb === "y" || verb === "n") {
    try {
      const result = await respondTelegramResolution({ chatId: turn.chatId, requestId: arg, resolved: verb === "y" });
      await turn.reply(t(turn.lang, verb === "y" ? "telegram:my.confirmed" : "telegram:my.reopened", { number: result.number }));
      if (verb === "y") await turn.reply(t(turn.lang, "telegram:my.rate"), rateKeyboard(arg));
      return arg;
    } catch (e) {
      return replyDomainError(turn, e);
    }
  }
  if (verb === "s") {
    const [score, requestId] = [Number(rest[0]), rest.slice(1).join(":")];
    try {
      await rateTelegramRequest({ chatId: turn.chatId, requestId, score });
      return turn.reply(t(turn.lang, "telegram:my.rated"), menuKeyboard(turn.lang));
    } catch (e) {
      return replyDomainError(turn, e);
    }
  }
  // A button from an old message whose step has passed: show where we are.
  return turn.reply(t(turn.lang, "telegram:unknown"), stepHelpKeyboard(turn));
}

/** The text after "record the iGov order id": stored, or refused with the reason, staying at the step. */
async function saveHandoffOrder(turn: Turn, requestId: string, text: string): Promise<string | void> {
  try {
    const result = await recordTelegramHandoffOrder({ chatId: turn.chatId, requestId, orderId: text.slice(0, 40) });
    turn.state.step = "idle";
    turn.state.targetRequestId = undefined;
    await turn.reply(t(turn.lang, "telegram:handoffOrder.saved", { number: result.number, orderId: result.orderId }), menuKeyboard(turn.lang));
    return requestId;
  } catch (e) {
    if (isAppError(e) && e.code === "VALIDATION") {
      const reason = (e.details as { reason?: string } | undefined)?.reason;
      return void (await turn.reply(t(turn.lang, reason === "checkDigit" ? "telegram:handoffOrder.badCheckDigit" : reason === "format" ? "telegram:handoffOrder.badFormat" : "telegram:handoffOrder.notTracked")));
    }
    turn.state.step = "idle";
    turn.state.targetRequestId = undefined;
    return void (await replyDomainError(turn, e));
  }
}

async function replyDomainError(turn: Turn, e: unknown) {
  if (isAppError(e) && e.code === "NOT_FOUND") return turn.reply(t(turn.lang, "telegram:my.notFound"), menuKeyboard(turn.lang));
  if (isAppError(e) && (e.code === "CONFLICT" || e.code === "INVALID_TRANSITION")) return turn.reply(t(turn.lang, "telegram:my.closed"), menuKeyboard(turn.lang));
  throw e;
}

// ───────────────────────────── wizard steps ─────────────────────────────

function showMenu(turn: Turn) {
  return turn.reply(t(turn.lang, "telegram:menu.title"), menuKeyboard(turn.lang));
}

async function showCategories(turn: Turn, editMessageId?: number) {
  const parentId = turn.state.draft?.parentCategoryId ?? null;
  const { choices, parent } = await listCategoryChoices({ parentId, lang: turn.lang });
  const text = parent ? t(turn.lang, "telegram:category.in", { name: parent.name }) : t(turn.lang, "telegram:category.choose");
  const markup = categoryKeyboard({ lang: turn.lang, choices, canGoUp: Boolean(parent) });
  if (editMessageId) return turn.api.editMessageText({ chatId: turn.chatId, messageId: editMessageId, text, replyMarkup: markup });
  return turn.reply(text, markup);
}

async function showSearch(turn: Turn, query: string) {
  const found = await searchCategories({ query, lang: turn.lang });
  if (!found.length) {
    const { choices } = await listCategoryChoices({ parentId: null, lang: turn.lang });
    return turn.reply(t(turn.lang, "telegram:category.noResults", { query: query.slice(0, 50) }), categoryKeyboard({ lang: turn.lang, choices, canGoUp: false }));
  }
  return turn.reply(t(turn.lang, "telegram:category.results", { query: query.slice(0, 50) }), categoryKeyboard({ lang: turn.lang, choices: found, canGoUp: false }));
}

async function askLocation(turn: Turn) {
  turn.state.step = "location";
  const category = turn.state.draft?.categoryCode ? await getCategoryForWizard({ code: turn.state.draft.categoryCode }) : null;
  if (category?.requiresLocation) return turn.reply(t(turn.lang, "telegram:location.ask"));
  return turn.reply(t(turn.lang, "telegram:location.askOptional"), inline([[btn(t(turn.lang, "telegram:location.skip"), CB.skipLocation)]]));
}

async function tellOutage(turn: Turn, draft: Draft) {
  if (!draft.categoryCode || draft.lat === undefined || draft.lon === undefined) return;
  const outage = await findTelegramOutage({ categoryCode: draft.categoryCode, lat: draft.lat, lon: draft.lon });
  if (outage) await turn.reply(outageText(turn.lang, outage));
}

function outageText(lang: Lang, o: { titleUk: string; titleEn: string | null; causeUk: string; causeEn: string | null; plannedEndAt: Date | null }) {
  const lines = [
    t(lang, "telegram:outage.known", {
      title: lang === "en" ? (o.titleEn ?? o.titleUk) : o.titleUk,
      cause: lang === "en" ? (o.causeEn ?? o.causeUk) : o.causeUk,
    }),
  ];
  if (o.plannedEndAt) lines.push(t(lang, "telegram:outage.plannedEnd", { date: formatKyiv(o.plannedEndAt, lang) }));
  return lines.join("\n");
}

function doneKeyboard(lang: Lang) {
  return inline([[btn(t(lang, "telegram:photos.done"), CB.photosDone)]]);
}

function askPhotos(turn: Turn) {
  turn.state.step = "photos";
  return turn.reply(t(turn.lang, "telegram:photos.ask"), doneKeyboard(turn.lang));
}

async function askContact(turn: Turn) {
  const draft = turn.state.draft!;
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  const known = await getTelegramCitizen({ chatId: turn.chatId });
  if (known?.phone) {
    // Shared before: no need to ask again.
    draft.phone = known.phone;
    draft.fullName ??= category?.statutoryApplies ? (known.fullName ?? undefined) : undefined;
    draft.residence ??= category?.statutoryApplies ? (known.residence ?? undefined) : undefined;
    return afterContact(turn);
  }
  turn.state.step = "contact";
  const canBeAnonymous = Boolean(category?.allowsAnonymous && !category.statutoryApplies);
  await turn.reply(t(turn.lang, canBeAnonymous ? "telegram:contact.askOrAnonymous" : "telegram:contact.ask"), contactKeyboard(turn.lang));
  if (canBeAnonymous) await turn.reply("👤", inline([[btn(t(turn.lang, "telegram:contact.anonymous"), CB.anonymous)]]));
}

async function afterContact(turn: Turn) {
  const draft = turn.state.draft!;
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  if (category?.statutoryApplies && !draft.fullName) {
    turn.state.step = "fullName";
    return turn.reply(t(turn.lang, "telegram:appeal.askName"));
  }
  if (category?.statutoryApplies) return askResidenceOrConfirm(turn);
  return showConfirm(turn);
}

function askResidenceOrConfirm(turn: Turn) {
  if (!turn.state.draft!.residence) {
    turn.state.step = "residence";
    return turn.reply(t(turn.lang, "telegram:appeal.askResidence"));
  }
  return showConfirm(turn);
}

async function showConfirm(turn: Turn) {
  const draft = turn.state.draft!;
  turn.state.step = "confirm";
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  const L = turn.lang;
  const lines = [t(L, "telegram:confirm.title")];
  if (category) lines.push(t(L, "telegram:confirm.category", { value: L === "en" ? category.nameEn : category.nameUk }));
  lines.push(t(L, "telegram:confirm.description", { value: draft.description ?? "" }));
  const place = [draft.address, draft.lat !== undefined ? t(L, "telegram:confirm.point") : null].filter(Boolean).join(", ");
  if (place) lines.push(t(L, "telegram:confirm.place", { value: place }));
  if (draft.files.length) lines.push(t(L, "telegram:confirm.files", { value: draft.files.length }));
  lines.push(t(L, "telegram:confirm.contact", { value: draft.phone ?? t(L, "telegram:confirm.anonymous") }));
  if (draft.fullName) lines.push(t(L, "telegram:confirm.name", { value: draft.fullName }));
  if (draft.residence) lines.push(t(L, "telegram:confirm.residence", { value: draft.residence }));
  return turn.reply(lines.join("\n"), inline([[btn(t(L, "telegram:confirm.send"), CB.send), btn(t(L, "telegram:confirm.cancel"), CB.cancel)]]));
}

async function submitDraft(turn: Turn, draft: Draft, messageId?: number): Promise<string | null | void> {
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  try {
    const result = await submitTelegramRequest({
      chatId: turn.chatId,
      updateId: turn.updateId,
      draft,
      lang: turn.lang,
      isAppeal: Boolean(category?.statutoryApplies),
    });
    turn.state.step = "idle";
    turn.state.draft = undefined;
    const lines = [t(turn.lang, "telegram:submitted", { number: result.request.number })];
    if (result.request.dueAt) lines.push(t(turn.lang, "telegram:submittedDue", { date: formatKyiv(result.request.dueAt, turn.lang) }));
    if (result.outage) lines.push("", outageText(turn.lang, result.outage), t(turn.lang, "telegram:outage.linked"));
    if (messageId) await turn.api.editMessageText({ chatId: turn.chatId, messageId, text: lines.join("\n") });
    else await turn.reply(lines.join("\n"));
    await showMenu(turn);
    log.info("telegram request submitted", { requestId: result.request.id, created: result.created, files: draft.files.length });
    return result.request.id;
  } catch (e) {
    if (isAppError(e) && e.code === "VALIDATION") return void (await turn.reply(t(turn.lang, "telegram:error", { reason: e.message })));
    throw e;
  }
}

// ───────────────────────────── my requests ─────────────────────────────

function statusText(lang: Lang, status: string) {
  return t(lang, `notifications:status.${status}`);
}

async function showMyRequests(turn: Turn) {
  const rows = await listCitizenRequests({ chatId: turn.chatId });
  if (!rows.length) return turn.reply(t(turn.lang, "telegram:my.empty"), menuKeyboard(turn.lang));
  const lines = [t(turn.lang, "telegram:my.title")];
  for (const r of rows) {
    const due = r.dueAt && !["RESOLVED", "CLOSED", "REJECTED", "MERGED"].includes(r.status) ? ` (${t(turn.lang, "telegram:my.due", { date: formatKyiv(r.dueAt, turn.lang) })})` : "";
    lines.push(`• ${t(turn.lang, "telegram:my.item", { number: r.number, status: statusText(turn.lang, r.status) })}${due}`);
  }
  return turn.reply(lines.join("\n"), inline(rows.map((r) => [btn(r.number, CB.open(r.id))])));
}

function rateKeyboard(requestId: string) {
  return inline([[1, 2, 3, 4, 5].map((n) => btn("⭐".repeat(n).slice(0, 10) || String(n), CB.rate(requestId, n)))]);
}

async function showRequest(turn: Turn, requestId: string) {
  let r;
  try {
    r = await getCitizenRequest({ chatId: turn.chatId, requestId });
  } catch (e) {
    return replyDomainError(turn, e);
  }
  const L = turn.lang;
  const lines = [t(L, "telegram:my.timeline", { number: r.number }), `${statusText(L, r.status)}${r.dueAt ? ` · ${t(L, "telegram:my.due", { date: formatKyiv(r.dueAt, L) })}` : ""}`, ""];
  for (const e of r.events.slice(-15)) lines.push(`${formatKyiv(e.createdAt, L)} — ${eventText(L, e)}`);
  const rows = [];
  if (!["CLOSED", "REJECTED", "MERGED"].includes(r.status)) rows.push([btn(t(L, "telegram:my.addInfo"), CB.addInfo(r.id))]);
  if (await canRecordTelegramHandoffOrder({ chatId: turn.chatId, requestId: r.id })) rows.push([btn(t(L, "telegram:handoffOrder.button"), CB.handoffOrder(r.id))]);
  if (r.status === "RESOLVED") rows.push([btn(t(L, "telegram:my.resolvedYes"), CB.resolvedYes(r.id)), btn(t(L, "telegram:my.resolvedNo"), CB.resolvedNo(r.id))]);
  if (r.status === "RESOLVED" || r.status === "CLOSED") rows.push(...rateKeyboard(r.id).inline_keyboard);
  return turn.reply(lines.join("\n").slice(0, 4000), rows.length ? inline(rows) : undefined);
}

function eventText(lang: Lang, e: { type: string; toStatus: string | null; data: unknown }) {
  const data = (e.data && typeof e.data === "object" ? e.data : {}) as Record<string, unknown>;
  const cut = (v: unknown) => String(v ?? "").slice(0, 300);
  if (typeof data.question === "string") return t(lang, "telegram:event.question", { text: cut(data.question) });
  if (typeof data.publicAnswer === "string") return t(lang, "telegram:event.answer", { text: cut(data.publicAnswer) });
  if (e.type === "citizen-info") return t(lang, "telegram:event.citizen-info", { text: cut(data.text) });
  if (["received", "citizen-answered", "reopened", "confirmed", "outage-linked"].includes(e.type)) return t(lang, `telegram:event.${e.type}`);
  if (e.toStatus) return t(lang, "telegram:event.status-changed", { status: statusText(lang, e.toStatus) });
  if (typeof data.text === "string") return t(lang, "telegram:event.answer", { text: cut(data.text) });
  return t(lang, "telegram:event.other");
}

function stepHelpKeyboard(turn: Turn): ReplyMarkup | undefined {
  switch (turn.state.step) {
    case "photos":
      return doneKeyboard(turn.lang);
    case "contact":
    case "code":
      return contactKeyboard(turn.lang);
    case "idle":
      return menuKeyboard(turn.lang);
    default:
      return undefined;
  }
}
