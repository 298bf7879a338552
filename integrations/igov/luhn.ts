// iGov order ids: `{nID_Server}-{nID_Protected}`; the last digit of nID_Protected is a
// Luhn (mod 10) check digit over the digits before it. iGov itself answers a wrong one
// with 403 "CRC Error", so checking here saves a round trip and a useless stored id.

/** The Luhn check digit for a string of digits (the digit to append). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // Doubling starts at the rightmost digit, because the check digit will sit after it.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the Luhn check digit of the ones before it. */
export function hasValidLuhnDigit(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

export type OrderIdCheck = { ok: true; orderId: string; nIdServer: number; nIdProtected: string } | { ok: false; reason: "format" | "checkDigit" };

const ORDER_ID = /^(\d{1,4})-(\d{2,18})$/;

/** Parses and checks an sID_Order as a person typed it (spaces and dashes variants tolerated). */
export function checkOrderId(input: string): OrderIdCheck {
  const compact = input
    .trim()
    .replace(/\s+/g, "")
    .replace(/[‐-―−]/g, "-");
  const m = ORDER_ID.exec(compact);
  if (!m) return { ok: false, reason: "format" };
  const [, server, protectedId] = m;
  if (!hasValidLuhnDigit(protectedId!)) return { ok: false, reason: "checkDigit" };
  return { ok: true, orderId: `${Number(server)}-${protectedId}`, nIdServer: Number(server), nIdProtected: protectedId! };
}

/** Builds a valid order id from a server number and the digits before the check digit (fixtures, tests). */
export function makeOrderId(nIdServer: number, body: string): string {
  return `${nIdServer}-${body}${luhnCheckDigit(body)}`;
}
