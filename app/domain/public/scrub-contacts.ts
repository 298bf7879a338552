// Published text stays free of contacts. A citizen who agreed to publish their words may
// still have written their phone or e-mail into them, and an official answer may quote
// them: whatever the public sees (pages, files, Open311) has those taken out. A phone is
// written the ways Ukrainians write one — 0XX XXX XX XX, +380…, 380…, or nine bare digits —
// with spaces, brackets or dashes; a request number (SLV-2026-000123), a date with its time
// or a sum of money is not.
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const PHONE = /(?<![\p{L}\p{N}-])\+?\(?\d[\d\s()-]{7,}\d(?![\p{L}\p{N}])/gu;

function isPhone(match: string) {
  const digits = match.replace(/\D/g, "");
  if (match.startsWith("+")) return digits.length >= 10 && digits.length <= 13;
  if (digits.startsWith("380")) return digits.length === 12;
  if (digits.startsWith("0")) return digits.length === 10;
  return digits.length === 9 && /^\d+$/.test(match);
}

export const SCRUBBED = "***";

export function withoutContacts(text: string): string;
export function withoutContacts(text: string | null): string | null;
export function withoutContacts(text: string | null): string | null {
  if (text === null) return null;
  return text.replace(EMAIL, SCRUBBED).replace(PHONE, (m) => (isPhone(m) ? SCRUBBED : m));
}
