// Step "category": the category tree one level at a time, with search by typed words.
import { getCategoryForWizard, listCategoryChoices, searchCategories } from "#app/domain/categories/browse-categories.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { categoryKeyboard } from "../../keyboards.ts";
import type { Turn, TurnResult } from "../turn.ts";
import { askDescription } from "./description.server.ts";
import { askLocation } from "./location.server.ts";

/** "New request": an empty draft, the tree's roots. */
export function startNewRequest(turn: Turn) {
  turn.state.step = "category";
  turn.state.draft = { parentCategoryId: null, files: [] };
  return showCategories(turn);
}

/** Free text outside a flow: it becomes the description of a new draft, and the category is asked. */
export async function startDraftFromText(turn: Turn, text: string) {
  turn.state.step = "category";
  turn.state.draft = { parentCategoryId: null, files: [], description: text.slice(0, 5000) };
  const { choices } = await listCategoryChoices({ parentId: null, lang: turn.lang });
  await turn.reply(t(turn.lang, "telegram:freeText.draft"), categoryKeyboard({ lang: turn.lang, choices, canGoUp: false }));
}

export async function showCategories(turn: Turn, editMessageId?: number) {
  const parentId = turn.state.draft?.parentCategoryId ?? null;
  const { choices, parent } = await listCategoryChoices({ parentId, lang: turn.lang });
  const text = parent ? t(turn.lang, "telegram:category.in", { name: parent.name }) : t(turn.lang, "telegram:category.choose");
  const markup = categoryKeyboard({ lang: turn.lang, choices, canGoUp: Boolean(parent) });
  if (editMessageId) return turn.api.editMessageText({ chatId: turn.chatId, messageId: editMessageId, text, replyMarkup: markup });
  return turn.reply(text, markup);
}

/** Text at the category step: a search. */
export async function onCategoryText(turn: Turn, query: string) {
  const found = await searchCategories({ query, lang: turn.lang });
  if (!found.length) {
    const { choices } = await listCategoryChoices({ parentId: null, lang: turn.lang });
    return turn.reply(
      t(turn.lang, "telegram:category.noResults", { query: query.slice(0, 50) }),
      categoryKeyboard({ lang: turn.lang, choices, canGoUp: false }),
    );
  }
  return turn.reply(
    t(turn.lang, "telegram:category.results", { query: query.slice(0, 50) }),
    categoryKeyboard({ lang: turn.lang, choices: found, canGoUp: false }),
  );
}

/** "Back" in the tree. */
export async function onCategoryUp(turn: Turn, messageId?: number) {
  const draft = turn.state.draft!;
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
    return showCategories(turn, messageId);
  }
  draft.categoryCode = category.code;
  const name = turn.lang === "en" ? category.nameEn : category.nameUk;
  if (messageId) await turn.api.editMessageText({ chatId: turn.chatId, messageId, text: t(turn.lang, "telegram:category.chosen", { name }) });
  if (draft.description) return askLocation(turn); // a draft started from free text already has it
  return askDescription(turn);
}
