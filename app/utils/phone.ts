import { parsePhoneNumberFromString } from "libphonenumber-js/min";

/**
 * Normalises a Ukrainian or international phone number to E.164 ("+380501234567"), or
 * returns null when it cannot be a phone number. Parsing is libphonenumber's (Ukraine as
 * the default country), so local forms (0501234567, 380501234567, (050) 123-45-67) and the
 * international prefix (00380…) all work. Two rules on top: only digits and the usual
 * separators (no letters turned into digits), and a Ukrainian number has exactly 9 digits
 * after +380 (libphonenumber's small metadata would also allow 10).
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s\-().]+$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, "UA");
  if (!parsed || !parsed.isPossible()) return null;
  if (parsed.countryCallingCode === "380" && parsed.nationalNumber.length !== 9) return null;
  return parsed.number;
}

/**
 * A phone number for someone who may not see it: the country code and the last two
 * digits, enough to tell two callers apart on a list ("+380 •• ••• •• 67").
 */
export function maskPhoneForDisplay(phone: string | null | undefined): string {
  const d = (phone ?? "").replace(/\D/g, "");
  if (d.length < 6) return "••";
  const tail = d.slice(-2);
  return d.startsWith("380") && d.length === 12 ? `+380 •• ••• •• ${tail}` : `+•• ••• •• ${tail}`;
}
