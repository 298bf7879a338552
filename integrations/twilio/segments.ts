// GSM 03.38 basic set + extension table (extension characters cost two septets).
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXT = "^{}\\[~]|€";

export type SmsEncoding = "GSM-7" | "UCS-2";

/**
 * How many SMS parts a text costs. GSM-7: 160 single / 153 per part; UCS-2 (any
 * Cyrillic): 70 single / 67 per part, counted in UTF-16 code units (an emoji is two).
 */
export function countSmsSegments(text: string): { encoding: SmsEncoding; units: number; segments: number } {
  let gsm = true;
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXT.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: "GSM-7", units: septets, segments: septets === 0 ? 1 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length; // UTF-16 code units
  return { encoding: "UCS-2", units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/** Cuts a text to at most `maxSegments` parts (ending with "…" when cut). */
export function fitSmsSegments(text: string, maxSegments = 2): string {
  if (countSmsSegments(text).segments <= maxSegments) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countSmsSegments(text.slice(0, mid).trimEnd() + "…").segments <= maxSegments) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo).trimEnd() + "…";
}
