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

const WORDS: Record<SmsKeyword["kind"], string[]> = {
  status: ["статус", "status", "стан"],
  stop: ["стоп", "stop", "відписатися", "отписаться", "unsubscribe", "stopall", "cancel"],
  start: ["старт", "start", "unstop", "yes"],
  help: ["допомога", "помощь", "help", "info", "довідка"],
};
const FOLDED = Object.entries(WORDS).map(([kind, words]) => [kind, new Set(words.map(foldLookalikes))] as const);

/**
 * What may follow СТАТУС: a request number as citizens write it ("SLV-2026-000123",
 * "2026-000123", "№ 123", "моя заявка 123", "2026000123"), and nothing else. «Статус:
 * прорвало трубу…» or «Стан дороги жахливий» is a report, not a command.
 */
const REQUEST_NUMBER =
  /^(?:(?:моя|моєї|мої|заявка|заявки|заявку|звернення|номер|my|request|number|no\.?|n|№|#)[\s:.,№#-]*)*(?:(?:slv|слв)\s*[-–. ]?\s*)?(?:\d{4}\s*[-–/. ]\s*)?\d{1,10}$/iu;

/**
 * The command an SMS is, case- and lookalike-insensitive, or null for anything else (a
 * report). Only the whole message counts: STOP/START/HELP alone (a sentence starting with
 * "стоп" is a report), STATUS alone or followed by a request number.
 */
export function parseSmsKeyword(body: string): SmsKeyword | null {
  const trimmed = body.trim().replace(/[.!?]+$/, "");
  const m = trimmed.match(/^(\S+)\s*(.*)$/s);
  if (!m) return null;
  const first = foldLookalikes(m[1]!.replace(/[:,;]+$/, ""));
  const rest = m[2]!.trim();
  for (const [kind, words] of FOLDED) {
    if (!words.has(first)) continue;
    if (kind === "status") return rest === "" || REQUEST_NUMBER.test(rest) ? { kind, rest } : null;
    if (rest === "") return { kind } as SmsKeyword;
  }
  return null;
}

export type ResolutionAnswer = { resolved: boolean; comment: string | null };

// Whole answers to "Вирішено? Відповідайте ТАК або НІ", folded like the keywords.
const YES = ["так", "yes", "да", "виконано", "вирішено", "вирішили", "зроблено", "ok", "ок"].map(foldLookalikes);
const NO = ["ні", "no", "нет", "не виконано", "не вирішено", "не вирішили", "не зроблено", "не решено", "не выполнено", "нічого не зроблено"].map(
  foldLookalikes,
);

/**
 * A citizen's answer to a resolution: the whole message is one of the yes/no words, or one
 * followed by punctuation and a comment («Ні, яма досі є»). «Ні води, ні світла» is not an
 * answer (no punctuation after the word), it is a report.
 */
export function parseResolutionAnswer(body: string): ResolutionAnswer | null {
  const text = body.trim().replace(/\s+/g, " ");
  const m = text.match(/^([^,.!?;:—–-]+?)\s*(?:[,.!?;:—–-]+\s*(.*))?$/su);
  if (!m) return null;
  const word = foldLookalikes(m[1]!.trim());
  const resolved = YES.includes(word) ? true : NO.includes(word) ? false : null;
  if (resolved === null) return null;
  const comment = m[2]?.trim() || null;
  return { resolved, comment };
}

/**
 * The language of a text a citizen wrote, for someone we know nothing about yet: English
 * only for Latin letters with no Cyrillic (STATUS, HELP, "No water"); Ukrainian for
 * everything else, an empty MMS included. Someone we know is answered in their own language
 * (replyLanguage in receive-sms).
 */
export function smsReplyLanguage(body: string): "uk" | "en" {
  return /[a-z]/i.test(body) && !/[\u0400-\u04ff]/.test(body) ? "en" : "uk";
}
