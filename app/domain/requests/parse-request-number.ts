import { kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";

/**
 * A public request number from what a citizen typed or keyed in: "SLV-2026-000123",
 * "2026-123", "2026000123" (keypad), or "123" (this Kyiv year). Null when none.
 */
export function parseRequestNumber(options: { text: string; now?: Date }): string | null {
  const text = options.text.trim();
  const year = Number(kyivDateOf(options.now ?? new Date()).slice(0, 4));
  const full = text.match(/(20\d{2})\s*[-–/. ]\s*(\d{1,9})/);
  if (full) return format(Number(full[1]), full[2]!);
  const digits = text.replace(/\D+/g, " ").trim().split(" ").filter(Boolean);
  if (digits.length === 1) {
    const d = digits[0]!;
    if (d.length >= 10 && /^20\d{2}/.test(d)) return format(Number(d.slice(0, 4)), d.slice(4));
    if (d.length <= 9) return format(year, d);
  }
  return null;
}

function format(year: number, seq: string) {
  const n = Number(seq);
  if (!Number.isFinite(n) || n <= 0) return null;
  return `SLV-${year}-${String(n).padStart(6, "0")}`;
}
