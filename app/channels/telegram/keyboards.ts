import type { InlineButton, InlineKeyboard, ReplyKeyboard } from "#integrations/telegram/schemas.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { CB } from "./callback-data.ts";

export { CB };

export const btn = (text: string, data: string): InlineButton => ({ text, callback_data: data });
export const inline = (rows: InlineButton[][]): InlineKeyboard => ({ inline_keyboard: rows });

/** Every step of the wizard can be left: an inline "Cancel" row, or a reply-keyboard button with the same label. */
const cancelRow = (lang: Lang) => [btn(t(lang, "telegram:cancel.button"), CB.cancel)];

/** The label of the reply-keyboard Cancel (it arrives as text), in either language. */
export function isCancelLabel(text: string) {
  return (["uk", "en"] as const).some((l) => t(l, "telegram:cancel.button") === text);
}

/** The label of the reply-keyboard "Skip" of the place step, in either language. */
export function isSkipLocationLabel(text: string) {
  return (["uk", "en"] as const).some((l) => t(l, "telegram:location.skip") === text);
}

export function menuKeyboard(lang: Lang): InlineKeyboard {
  return inline([
    [btn(t(lang, "telegram:menu.new"), CB.newRequest)],
    [btn(t(lang, "telegram:menu.my"), CB.myRequests)],
    [btn(t(lang, "telegram:menu.lang"), CB.language)],
  ]);
}

/**
 * One level of the category choice. At the root the emergency entry comes first: whoever
 * smells gas must not have to look for it. A suggested category (from free text) comes
 * before everything as "Yes, it is «X»".
 */
export function categoryKeyboard(options: {
  lang: Lang;
  choices: { id: string; name: string; isLeaf: boolean }[];
  canGoUp: boolean;
  emergencyEntry?: boolean;
  suggested?: { id: string; name: string };
}): InlineKeyboard {
  const { lang } = options;
  const rows: InlineButton[][] = [];
  if (options.suggested) rows.push([btn(t(lang, "telegram:category.suggestYes", { name: options.suggested.name }), CB.category(options.suggested.id))]);
  if (options.emergencyEntry) rows.push([btn(t(lang, "common:emergency.entry"), CB.emergency)]);
  rows.push(...options.choices.map((c) => [btn(c.isLeaf ? c.name : `${c.name} ›`, CB.category(c.id))]));
  if (options.canGoUp) rows.push([btn(t(lang, "telegram:category.back"), CB.categoryUp)]);
  rows.push(cancelRow(lang));
  return inline(rows);
}

export function contactKeyboard(lang: Lang): ReplyKeyboard {
  return {
    keyboard: [[{ text: t(lang, "telegram:contact.share"), request_contact: true }], [{ text: t(lang, "telegram:cancel.button") }]],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

/** The place step: a button that sends where the citizen stands, "Skip" where the place is optional, "Cancel". */
export function locationKeyboard(lang: Lang, options: { optional: boolean }): ReplyKeyboard {
  const rows: ReplyKeyboard["keyboard"] = [[{ text: t(lang, "telegram:location.share"), request_location: true }]];
  if (options.optional) rows.push([{ text: t(lang, "telegram:location.skip") }]);
  rows.push([{ text: t(lang, "telegram:cancel.button") }]);
  return { keyboard: rows, resize_keyboard: true, one_time_keyboard: true };
}

export function doneKeyboard(lang: Lang): InlineKeyboard {
  return inline([[btn(t(lang, "telegram:photos.done"), CB.photosDone)], cancelRow(lang)]);
}

/** A step that waits for words (description, name, residence, information for a request): only "Cancel". */
export function cancelKeyboard(lang: Lang): InlineKeyboard {
  return inline([cancelRow(lang)]);
}

export function anonymousKeyboard(lang: Lang): InlineKeyboard {
  return inline([[btn(t(lang, "telegram:contact.anonymous"), CB.anonymous)], cancelRow(lang)]);
}

export function confirmKeyboard(lang: Lang): InlineKeyboard {
  return inline([[btn(t(lang, "telegram:confirm.send"), CB.send), btn(t(lang, "telegram:confirm.cancel"), CB.cancel)]]);
}

export function rateKeyboard(requestId: string): InlineKeyboard {
  return inline([[1, 2, 3, 4, 5].map((n) => btn("⭐".repeat(n).slice(0, 10) || String(n), CB.rate(requestId, n)))]);
}
