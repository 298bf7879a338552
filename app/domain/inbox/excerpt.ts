/** How long an inbox row's excerpt may be: one line of the table at 1366 px. */
export const EXCERPT_MAX = 90;

/**
 * What a request is about, for a list: the first non-empty line of the citizen's text,
 * cut at a whole word (never inside one) with "…" when anything was left out.
 */
export function excerptOf(text: string, max = EXCERPT_MAX): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const first = lines[0] ?? "";
  if (first.length <= max) return lines.length > 1 ? `${first.replace(/[\s,;:.—-]+$/u, "")}…` : first;
  const cut = first.slice(0, max);
  const space = cut.lastIndexOf(" ");
  // A single word longer than the line is cut where it must be.
  const head = space > max / 3 ? cut.slice(0, space) : cut.slice(0, max - 1);
  return `${head.replace(/[\s,;:.—-]+$/u, "")}…`;
}
