// What enters from outside (forms, query strings, webhooks, bot updates) is cleaned of
// characters that carry no meaning in what people write and that PostgreSQL refuses:
// NUL is rejected in text and jsonb, an unpaired UTF-16 surrogate in jsonb. Other C0
// controls (except tab, line feed, carriage return) go too: they only ever come from
// scripts and would end up in SMS, PDFs and CSV exports.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` without C0 control characters (tab, LF and CR kept) and with unpaired surrogates as U+FFFD. */
export function cleanText(value: string): string {
  let out = value;
  if (CONTROL.test(out)) out = out.replace(CONTROL_ALL, "");
  if (LONE_SURROGATE.test(out)) out = out.replace(LONE_SURROGATE_ALL, "\uFFFD");
  return out;
}

/** Thrown by cleanJson for a value nested deeper than allowed (no real payload is). */
export class TooDeepError extends Error {
  constructor(readonly maxDepth: number) {
    super(`nested deeper than ${maxDepth} levels`);
    this.name = "TooDeepError";
  }
}

/**
 * A copy of a parsed JSON value with every string (keys too) passed through cleanText.
 * Throws TooDeepError beyond `maxDepth` nested objects/arrays: PostgreSQL's jsonb and the
 * code reading it recurse, so a hostile payload must be refused before it is stored.
 */
export function cleanJson<T>(value: T, maxDepth = 32): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return cleanText(v);
    if (v === null || typeof v !== "object") return v;
    if (depth >= maxDepth) throw new TooDeepError(maxDepth);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v; // a Date or the like, not parsed JSON
    const out: Record<string, unknown> = {};
    // defineProperty, so a "__proto__" key stays a plain key as JSON.parse made it.
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, cleanText(k), { value: walk(x, depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return walk(value, 0) as T;
}
