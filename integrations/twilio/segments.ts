// SMS parts, counted by Twilio's own segment calculator (sms-segments-calculator, from
// TwilioDevEd/message-segment-calculator): GSM-7 with its extension table, UCS-2 for any
// Cyrillic, and characters never split across parts (an emoji that would straddle a part
// boundary moves whole to the next part, as carriers do).
import { SegmentedMessage } from "sms-segments-calculator";

export type SmsEncoding = "GSM-7" | "UCS-2";

/** How many SMS parts a text costs, and its encoding. */
export function countSmsSegments(text: string): { encoding: SmsEncoding; segments: number } {
  const message = new SegmentedMessage(text, "auto");
  return { encoding: message.encodingName === "GSM-7" ? "GSM-7" : "UCS-2", segments: Math.max(1, message.segmentsCount) };
}

/**
 * Cuts a text to at most `maxSegments` parts, ending with "…" when cut. The cut falls
 * between words (a word is never broken), and only inside a single word too long to keep
 * whole does it fall between characters (code points, never inside a surrogate pair).
 */
export function fitSmsSegments(text: string, maxSegments = 2): string {
  return fitSmsParts({ body: text, maxSegments });
}

/**
 * One SMS from its parts, each on its own line: `head` (say, the emergency numbers) and
 * `tail` (the question to answer, the link to the whole text) are kept whole; only `body`
 * is shortened, at a word, with "…", so the whole fits `maxSegments`; `more` (details
 * worth having but not needed, such as a due date) is added only whole and only where it
 * fits. A body that cannot keep even one word is left out. Head and tail alone longer
 * than the limit are sent as they are: they are the parts that must not be lost.
 */
export function fitSmsParts(options: {
  head?: string | null;
  body: string;
  /** Sentences added to the body, whole and in order, only while everything still fits. */
  more?: (string | null | undefined)[];
  tail?: string | null;
  maxSegments?: number;
}): string {
  const max = options.maxSegments ?? 2;
  const head = options.head?.trim() || null;
  const tail = options.tail?.trim() || null;
  let body = options.body.trim();
  const join = (b: string) => [head, b || null, tail].filter(Boolean).join("\n");
  const fits = (b: string) => countSmsSegments(join(b)).segments <= max;
  if (fits(body)) {
    for (const sentence of options.more ?? []) {
      const longer = [body, sentence?.trim()].filter(Boolean).join(" ");
      if (!fits(longer)) break;
      body = longer;
    }
    return join(body);
  }

  const chars = Array.from(body);
  const cut = (n: number) => (n > 0 ? chars.slice(0, n).join("").trimEnd() + "…" : "");
  // The longest prefix that fits (binary search over code points)…
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(cut(mid))) lo = mid;
    else hi = mid - 1;
  }
  if (lo === 0) return join("");
  // …moved back to the end of its last whole word, unless the text is one long word.
  const inWord = (i: number) => i < chars.length && /\S/u.test(chars[i]!) && /\S/u.test(chars[i - 1]!);
  let end = lo;
  while (end > 0 && inWord(end)) end--;
  if (end === 0) end = lo;
  // Punctuation left dangling before the ellipsis ("слово, …") goes too.
  const shortened = chars
    .slice(0, end)
    .join("")
    .replace(/[\s,;:—–-]+$/u, "");
  return join(shortened ? shortened + "…" : "");
}
