export type SmsKeyword = { kind: "status"; rest: string } | { kind: "stop" } | { kind: "start" } | { kind: "help" };

// Cyrillic letters that look like Latin ones (and the other way round) fold to one
// skeleton, so "СТОП", "STOP", "CТOП" (mixed keyboards) all read the same.
const LOOKALIKES: Record<string, string> = {
  а: "a",
  в: "b",
  с: "c",
  е: "e",
  ё: "e",
  н: "h",
  і: "i",
  ї: "i",
  ј: "j",
  к: "k",
  м: "m",
  о: "o",
  р: "p",
  ѕ: "s",
  т: "t",
  х: "x",
  у: "y",
};

export function foldLookalikes(text: string): string {
  return [...text.normalize("NFC").toLowerCase()].map((ch) => LOOKALIKES[ch] ?? ch).join("");
}

const WORDS: Record<Exclude<SmsKeyword["kind"], never>, string[]> = {
  status: ["статус", "status", "стан"],
  stop: ["стоп", "stop", "відписатися", "отписаться", "unsubscribe", "stopall", "cancel"],
  start: ["старт", "start", "unstop", "yes"],
  help: ["допомога", "помощь", "help", "info", "довідка"],
};
const FOLDED = Object.entries(WORDS).map(([kind, words]) => [kind, new Set(words.map(foldLookalikes))] as const);

/**
 * The keyword an SMS starts with, case- and lookalike-insensitive. STOP/START/HELP count
 * only as the whole message (a sentence starting with "стоп" is a report); STATUS takes
 * the rest of the message as the request number.
 */
export function parseSmsKeyword(body: string): SmsKeyword | null {
  const trimmed = body.trim().replace(/[.!?]+$/, "");
  const m = trimmed.match(/^(\S+)\s*(.*)$/s);
  if (!m) return null;
  const first = foldLookalikes(m[1]!.replace(/[:,;]+$/, ""));
  const rest = m[2]!.trim();
  for (const [kind, words] of FOLDED) {
    if (!words.has(first)) continue;
    if (kind === "status") return { kind, rest };
    if (rest === "") return { kind } as SmsKeyword;
  }
  return null;
}

/**
 * The language to answer an SMS in: English only for a text in Latin letters with no
 * Cyrillic in it (STATUS, HELP); Ukrainian for everything else, an empty MMS included.
 */
export function smsReplyLanguage(body: string): "uk" | "en" {
  return /[a-z]/i.test(body) && !/[\u0400-\u04ff]/.test(body) ? "en" : "uk";
}
