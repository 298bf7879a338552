// Telegram refuses a text over 4,096 characters ("message is too long"), and nothing is
// sent then. Every text the bot sends passes through here: a conversation reply is split
// into several messages on a paragraph, line or word boundary; a notification, which is
// one message in the outbox, is shortened instead, keeping its last line when that is the
// link to the tracking page, so the whole story stays one tap away.

export const TELEGRAM_TEXT_LIMIT = 4096;

/** A cut point at or before `limit`: a paragraph, a line, a word, or (no space at all) the limit itself. */
function cutPoint(text: string, limit: number): number {
  const floor = Math.floor(limit / 2);
  for (const sep of ["\n\n", "\n", " "]) {
    const at = text.lastIndexOf(sep, limit - sep.length);
    if (at >= floor) return at + sep.length;
  }
  // Never between the two halves of a surrogate pair (an emoji, say).
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

/** The text as messages Telegram accepts, in order; a short text is one message. */
export function splitTelegramText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const at = cutPoint(rest, limit);
    const head = rest.slice(0, at).trimEnd();
    if (head) parts.push(head);
    rest = rest.slice(at).trimStart();
  }
  if (rest || !parts.length) parts.push(rest);
  return parts;
}

/**
 * One message Telegram accepts: the text itself, or its beginning cut at a word with "…",
 * followed by its last line when that line is a link (the tracking page says the rest).
 */
export function shortenTelegramText(text: string, limit = TELEGRAM_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const lastBreak = text.lastIndexOf("\n");
  const lastLine = lastBreak >= 0 ? text.slice(lastBreak + 1) : "";
  const tail = /https?:\/\//.test(lastLine) && lastLine.length < 500 ? `\n${lastLine}` : "";
  const room = limit - tail.length - 1;
  const body = text.slice(0, lastBreak >= 0 && tail ? lastBreak : text.length);
  return `${body.slice(0, cutPoint(body, room)).trimEnd()}…${tail}`;
}
