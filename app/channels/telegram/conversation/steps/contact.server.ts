// Steps "contact" and "code": the citizen's phone, proven by their own contact card or by a
// one-time code texted to a typed number (or anonymity where the category allows it); then,
// for an official appeal, "fullName" and "residence".
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { confirmContactVerification, startContactVerification } from "#app/domain/citizens/contact-verification.server.ts";
import { getCategoryForWizard } from "#app/domain/categories/browse-categories.server.ts";
import { getTelegramCitizen, linkTelegramContact } from "#app/domain/citizens/link-telegram-contact.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { t } from "#app/utils/i18n.server.ts";
import { maskPhone } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { anonymousKeyboard, cancelKeyboard, contactKeyboard } from "../../keyboards.ts";
import type { Turn, TurnResult } from "../turn.ts";
import { showConfirm } from "./confirmation.server.ts";

/** Codes one chat may have texted to numbers in an hour (each number has its own limit too). */
const CODES_PER_CHAT_HOUR = 5;

type Handled = { handled: false } | { handled: true; result: TurnResult };
const done = async (p: Promise<TurnResult> | TurnResult): Promise<Handled> => ({ handled: true, result: await p });

export async function askContact(turn: Turn) {
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
  return repeatContactQuestion(turn);
}

/** The contact question again (or, waiting for a code, the request for it), with its buttons. */
export async function repeatContactQuestion(turn: Turn) {
  if (turn.state.step === "code") return turn.reply(t(turn.lang, "telegram:contact.codeAsk"), contactKeyboard(turn.lang));
  const draft = turn.state.draft!;
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  const canBeAnonymous = Boolean(category?.allowsAnonymous && !category.statutoryApplies);
  await turn.reply(t(turn.lang, canBeAnonymous ? "telegram:contact.askOrAnonymous" : "telegram:contact.ask"), contactKeyboard(turn.lang));
  if (canBeAnonymous) await turn.reply("👤", anonymousKeyboard(turn.lang));
}

export function askFullName(turn: Turn) {
  turn.state.step = "fullName";
  return turn.reply(t(turn.lang, "telegram:appeal.askName"), cancelKeyboard(turn.lang));
}

export function askResidence(turn: Turn) {
  turn.state.step = "residence";
  return turn.reply(t(turn.lang, "telegram:appeal.askResidence"), cancelKeyboard(turn.lang));
}

/** A message at the contact or code step; false when it is none of a card, a code, a number. */
export async function onContactMessage(turn: Turn, message: TelegramMessage, text: string | undefined): Promise<Handled> {
  const { state } = turn;
  const draft = state.draft;
  if (message.contact && draft) {
    // Telegram vouches for a number only in the sender's own card (the request_contact
    // button: user_id is the sender). A card without user_id or someone else's is just a
    // number typed by hand: it must be proven by a code before it links anything.
    const own = message.from?.id !== undefined && message.contact.user_id === message.from.id;
    if (!own) return done(sendPhoneCode(turn, message.contact.phone_number));
    const fullName = [message.contact.first_name, message.contact.last_name].filter(Boolean).join(" ") || undefined;
    return done(linkProvenPhone(turn, message.contact.phone_number, fullName));
  }
  if (text && draft && state.step === "code" && /^\d{6}$/.test(text.replace(/[\s-]+/g, ""))) return done(confirmPhoneCode(turn, text));
  if (text && draft && normalizePhone(text)) return done(sendPhoneCode(turn, text));
  if (text && draft && state.step === "code") return done(turn.reply(t(turn.lang, "telegram:contact.codeAsk"), contactKeyboard(turn.lang)));
  return { handled: false };
}

/** "Anonymously": only where the category allows it and it is not an official appeal. */
export async function onAnonymous(turn: Turn) {
  const draft = turn.state.draft!;
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  if (!category?.allowsAnonymous || category.statutoryApplies) return askContact(turn);
  draft.anonymous = true;
  await turn.reply(t(turn.lang, "telegram:confirm.anonymous"), { remove_keyboard: true });
  return showConfirm(turn);
}

export async function onFullNameText(turn: Turn, text: string) {
  if (text.length < 5 || !text.includes(" ")) return turn.reply(t(turn.lang, "telegram:appeal.short"), cancelKeyboard(turn.lang));
  turn.state.draft!.fullName = text.slice(0, 200);
  return askResidenceOrConfirm(turn);
}

export async function onResidenceText(turn: Turn, text: string) {
  if (text.length < 5) return turn.reply(t(turn.lang, "telegram:appeal.short"), cancelKeyboard(turn.lang));
  turn.state.draft!.residence = text.slice(0, 500);
  return showConfirm(turn);
}

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
  if (result.reason === "wrong") return turn.reply(t(turn.lang, "telegram:contact.codeWrong", { left: result.attemptsLeft }), contactKeyboard(turn.lang));
  turn.state.step = "contact";
  turn.state.verificationId = undefined;
  return turn.reply(t(turn.lang, "telegram:contact.codeExpired"), contactKeyboard(turn.lang));
}

async function afterContact(turn: Turn) {
  const draft = turn.state.draft!;
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  if (category?.statutoryApplies && !draft.fullName) return askFullName(turn);
  if (category?.statutoryApplies) return askResidenceOrConfirm(turn);
  return showConfirm(turn);
}

function askResidenceOrConfirm(turn: Turn) {
  if (!turn.state.draft!.residence) return askResidence(turn);
  return showConfirm(turn);
}
