/**
 * Normalises a Ukrainian or international phone number to E.164 ("+380501234567"), or
 * returns null when it cannot be a phone number. Local forms: 0501234567, 380501234567,
 * (050) 123-45-67.
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[\s\-().]/g, "");
  if (!/^\+?\d+$/.test(digits)) return null;
  let d = digits.startsWith("+") ? digits.slice(1) : digits;
  if (!digits.startsWith("+")) {
    if (d.length === 10 && d.startsWith("0")) d = "38" + d;
    else if (d.length === 9) d = "380" + d;
  }
  if (d.length < 10 || d.length > 15) return null;
  if (d.startsWith("380") && d.length !== 12) return null;
  return "+" + d;
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
