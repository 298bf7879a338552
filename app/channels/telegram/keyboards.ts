import type { InlineButton, InlineKeyboard, ReplyKeyboard } from "#integrations/telegram/schemas.ts";
import { t, type Lang } from "#app/utils/i18n.ts";

// callback_data is at most 64 bytes: a one-letter verb and an id (a uuid is 36).
export const CB = {
  newRequest: "m:new",
  myRequests: "m:my",
  language: "m:lang",
  category: (id: string) => `c:${id}`,
  categoryUp: "c:up",
  skipLocation: "l:skip",
  photosDone: "p:done",
  anonymous: "k:anon",
  send: "f:yes",
  cancel: "f:no",
  open: (id: string) => `r:${id}`,
  addInfo: (id: string) => `i:${id}`,
  handoffOrder: (id: string) => `o:${id}`,
  resolvedYes: (id: string) => `y:${id}`,
  resolvedNo: (id: string) => `n:${id}`,
  rate: (id: string, score: number) => `s:${score}:${id}`,
} as const;

const btn = (text: string, data: string): InlineButton => ({ text, callback_data: data });
export const inline = (rows: InlineButton[][]): InlineKeyboard => ({ inline_keyboard: rows });

export function menuKeyboard(lang: Lang): InlineKeyboard {
  return inline([
    [btn(t(lang, "telegram:menu.new"), CB.newRequest)],
    [btn(t(lang, "telegram:menu.my"), CB.myRequests)],
    [btn(t(lang, "telegram:menu.lang"), CB.language)],
  ]);
}

export function categoryKeyboard(options: { lang: Lang; choices: { id: string; name: string; isLeaf: boolean }[]; canGoUp: boolean }): InlineKeyboard {
  const rows = options.choices.map((c) => [btn(c.isLeaf ? c.name : `${c.name} ›`, CB.category(c.id))]);
  if (options.canGoUp) rows.push([btn(t(options.lang, "telegram:category.back"), CB.categoryUp)]);
  return inline(rows);
}

export function contactKeyboard(lang: Lang): ReplyKeyboard {
  return { keyboard: [[{ text: t(lang, "telegram:contact.share"), request_contact: true }]], resize_keyboard: true, one_time_keyboard: true };
}

export { btn };
