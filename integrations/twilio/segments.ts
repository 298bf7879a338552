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
 * Cuts a text to at most `maxSegments` parts, ending with "…" when cut. Cuts fall between
 * whole characters (code points), never inside a surrogate pair.
 */
export function fitSmsSegments(text: string, maxSegments = 2): string {
  if (countSmsSegments(text).segments <= maxSegments) return text;
  const chars = Array.from(text);
  const cut = (n: number) => chars.slice(0, n).join("").trimEnd() + "…";
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countSmsSegments(cut(mid)).segments <= maxSegments) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}
