// Step "category": the category tree one level at a time (the emergency entry first), search
// by typed words, and for a draft started from free text the category the text suggests.
// An emergency category shows its notice — call 101–104 now, what to do meanwhile — the
// moment it is known, before anything else is asked.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { getCategoryForWizard, listCategoryChoices, searchCategories } from "#app/domain/categories/browse-categories.server.ts";
import { emergencyNumbersText, getEmergencyNotice, listEmergencyCategories } from "#app/domain/categories/emergency-notice.server.ts";
import { suggestCategory } from "#app/domain/categories/suggest-category.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import type { Draft } from "../../conversation-state.server.ts";
import { categoryKeyboard } from "../../keyboards.ts";
import { absorbMedia, appendDescription } from "../draft-input.server.ts";
import type { Turn, TurnResult } from "../turn.ts";
import { afterDescription, askDescription } from "./description.server.ts";

/** A guess below this is not offered: the tree is quicker than a wrong "Yes, it is X". */
const SUGGESTION_MIN_CONFIDENCE = 0.3;

/** "New request": an empty draft, the tree's roots. */
export function startNewRequest(turn: Turn) {
  turn.state.step = "category";
  turn.state.replyTo = undefined;
  turn.state.pendingAnswer = undefined;
  turn.state.draft = { parentCategoryId: null, files: [] };
  return showCategories(turn);
}

/**
 * A message outside a flow that is not an answer to anyone: it starts a new draft (its
 * words are the description, its photo, voice note or place kept), and the category is
 * asked — with the one the words suggest offered first, and its emergency notice at once.
 */
export async function startDraftFromMessage(turn: Turn, message: TelegramMessage, text: string | undefined) {
  turn.state.step = "category";
  const draft: Draft = { parentCategoryId: null, files: [] };
  turn.state.draft = draft;
  if (text) draft.description = text.slice(0, 5000);
  await absorbMedia(turn, message);
  if (message.voice) draft.description ??= t(turn.lang, "telegram:description.voice");
  const words = [text, message.caption].filter(Boolean).join(" ");
  return offerCategories(turn, words, {
    suggested: "telegram:freeText.draftSuggested",
    plain: text ? "telegram:freeText.draft" : "telegram:freeText.draftMedia",
  });
}

/**
 * The category choice for a description: the category its words suggest first, as «Yes,
 * it is X» (its emergency notice said at once), above the tree with the emergency entry.
 */
async function offerCategories(turn: Turn, words: string, lead: { suggested: string; plain: string }) {
  const guess = words ? await suggestCategory({ text: words }) : null;
  const suggested = guess && guess.confidence >= SUGGESTION_MIN_CONFIDENCE ? await getCategoryForWizard({ code: guess.categoryCode }) : null;
  if (suggested) await showNoticeOnce(turn, suggested.id);
  const { choices } = await listCategoryChoices({ parentId: null, lang: turn.lang, besideEmergencyEntry: true });
  const name = suggested ? (turn.lang === "en" ? suggested.nameEn : suggested.nameUk) : null;
  await turn.reply(
    name ? t(turn.lang, lead.suggested, { name }) : t(turn.lang, lead.plain),
    categoryKeyboard({ lang: turn.lang, choices, canGoUp: false, emergencyEntry: true, suggested: suggested && name ? { id: suggested.id, name } : undefined }),
  );
}

/** More words than anyone types into a search: the citizen is describing the problem. */
const DESCRIPTION_MIN_WORDS = 6;

export async function showCategories(turn: Turn, editMessageId?: number) {
  const draft = turn.state.draft;
  if (draft?.emergencyList) {
    // The numbers first: this list is for people who may be in danger.
    const choices = await listEmergencyCategories({ lang: turn.lang });
    const text = [`⚠️ ${emergencyNumbersText(turn.lang)}`, ...(choices.length ? [t(turn.lang, "telegram:category.emergency")] : [])].join("\n\n");
    return turn.reply(text, categoryKeyboard({ lang: turn.lang, choices, canGoUp: true }));
  }
  const parentId = draft?.parentCategoryId ?? null;
  const { choices, parent } = await listCategoryChoices({ parentId, lang: turn.lang, besideEmergencyEntry: !parentId });
  const text = parent ? t(turn.lang, "telegram:category.in", { name: parent.name }) : t(turn.lang, "telegram:category.choose");
  const markup = categoryKeyboard({ lang: turn.lang, choices, canGoUp: Boolean(parent), emergencyEntry: !parent });
  if (editMessageId) return turn.api.editMessageText({ chatId: turn.chatId, messageId: editMessageId, text, replyMarkup: markup });
  return turn.reply(text, markup);
}

/** The emergency entry: the emergency categories, with the numbers. */
export function onEmergencyEntry(turn: Turn) {
  const draft = turn.state.draft!;
  draft.emergencyList = true;
  draft.parentCategoryId = null;
  return showCategories(turn);
}

/**
 * Text at the category step: a search (forgiving typos and word forms), or, when it is
 * more words than a search, the description itself: kept, and the category it suggests offered.
 */
export async function onCategoryText(turn: Turn, query: string) {
  if (query.split(/\s+/).filter(Boolean).length >= DESCRIPTION_MIN_WORDS) {
    await appendDescription(turn, query);
    return offerCategories(turn, turn.state.draft?.description ?? query, {
      suggested: "telegram:category.describedSuggested",
      plain: "telegram:category.described",
    });
  }
  const found = await searchCategories({ query, lang: turn.lang });
  if (!found.length) {
    const { choices } = await listCategoryChoices({ parentId: null, lang: turn.lang, besideEmergencyEntry: true });
    return turn.reply(
      t(turn.lang, "telegram:category.noResults", { query: query.slice(0, 50) }),
      categoryKeyboard({ lang: turn.lang, choices, canGoUp: false, emergencyEntry: true }),
    );
  }
  return turn.reply(
    t(turn.lang, "telegram:category.results", { query: query.slice(0, 50) }),
    categoryKeyboard({ lang: turn.lang, choices: found, canGoUp: false }),
  );
}

/** "Back" in the tree (from the emergency list: to the roots). */
export async function onCategoryUp(turn: Turn, messageId?: number) {
  const draft = turn.state.draft!;
  if (draft.emergencyList) {
    draft.emergencyList = false;
    draft.parentCategoryId = null;
    return showCategories(turn);
  }
  const parent = draft.parentCategoryId ? await getCategoryForWizard({ id: draft.parentCategoryId }) : null;
  draft.parentCategoryId = parent?.parentId ?? null;
  return showCategories(turn, messageId);
}

/** A category button: a branch opens, a leaf is chosen and the wizard moves on. */
export async function onCategoryChosen(turn: Turn, categoryId: string, messageId?: number): Promise<TurnResult> {
  const draft = turn.state.draft!;
  const category = await getCategoryForWizard({ id: categoryId });
  if (!category) return showCategories(turn, messageId);
  const { choices } = await listCategoryChoices({ parentId: category.id, lang: turn.lang });
  if (choices.length) {
    draft.parentCategoryId = category.id;
    draft.emergencyList = false;
    return showCategories(turn, messageId);
  }
  draft.categoryCode = category.code;
  draft.emergencyList = false;
  const name = turn.lang === "en" ? category.nameEn : category.nameUk;
  if (messageId) await turn.api.editMessageText({ chatId: turn.chatId, messageId, text: t(turn.lang, "telegram:category.chosen", { name }) });
  await showNoticeOnce(turn, category.id);
  if (draft.description) return afterDescription(turn); // a draft started from free text already has it
  return askDescription(turn);
}

/** An emergency category's notice, at once and once per draft. */
async function showNoticeOnce(turn: Turn, categoryId: string) {
  const notice = await getEmergencyNotice({ id: categoryId, lang: turn.lang });
  const draft = turn.state.draft!;
  if (!notice || draft.noticeShownFor === notice.categoryCode) return;
  draft.noticeShownFor = notice.categoryCode;
  await turn.reply(notice.text);
}
