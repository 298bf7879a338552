import type { InlineButton, InlineKeyboard, ReplyKeyboard } from "#integrations/telegram/schemas.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { CB } from "./callback-data.ts";

export { CB };

export const btn = (text: string, data: string): InlineButton => ({ text, callback_data: data });
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

export function doneKeyboard(lang: Lang): InlineKeyboard {
  return inline([[btn(t(lang, "telegram:photos.done"), CB.photosDone)]]);
}

export function skipLocationKeyboard(lang: Lang): InlineKeyboard {
  return inline([[btn(t(lang, "telegram:location.skip"), CB.skipLocation)]]);
}

export function anonymousKeyboard(lang: Lang): InlineKeyboard {
  return inline([[btn(t(lang, "telegram:contact.anonymous"), CB.anonymous)]]);
}

export function confirmKeyboard(lang: Lang): InlineKeyboard {
  return inline([[btn(t(lang, "telegram:confirm.send"), CB.send), btn(t(lang, "telegram:confirm.cancel"), CB.cancel)]]);
}

export function rateKeyboard(requestId: string): InlineKeyboard {
  return inline([[1, 2, 3, 4, 5].map((n) => btn("⭐".repeat(n).slice(0, 10) || String(n), CB.rate(requestId, n)))]);
}
