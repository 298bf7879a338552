// One way of reading what a citizen wrote, shared by the category search (words typed at
// the Telegram category step) and the suggestion for free text (SMS, voice transcripts,
// Telegram): a Naive Bayes model over crude stems plus, for the search, a direct match
// against category names, synonyms and group names.
//
// Normalisation (no Ukrainian stemmer exists in Postgres or npm here):
// - Ukrainian and Russian spellings fold together (и/і/ы/й, е/є/э/ё, г/ґ, apostrophes);
// - one common inflectional ending is cut ("труба", "трубу", "труби", "трубы" → "труб";
//   "ліхтар", "ліхтарі" → "ліхтар"), then the word is cut to a 5-letter stem;
// - "нема", "немає", "нет", "нету" are one word (the absence of something is what "no
//   water" is about); a word after "не" is a different word ("не горить ліхтар" is not a
//   fire, "горить" is);
// - a word we never saw is matched to a known word within one edit when both are at least
//   5 letters (typos: "освітленя", "атапление"), or to a known stem that begins with it or
//   that it begins with (4 letters at least). Short words never match by similarity:
//   "привіт" is not "прибирання".

const FOLD: Record<string, string> = { і: "и", ї: "и", ы: "и", й: "и", є: "е", э: "е", ё: "е", ґ: "г", ъ: "" };
const STEM = 5;
/**
 * Endings (folded) cut once, longest first, when at least two letters remain. Not the
 * Russian present tense (-ит, -ет, …): cut, it would make "запит" (a request) the same word
 * as "запах" (a smell) and "пакет" a "пак"; those forms still match as typos.
 */
const ENDINGS =
  "ями ами ого ому ими ових ови ою ею ои еи ии ая яя ое ее ие ах ях ам ям ом ем им их ов ев ить ать ять еть уть ють ути ити ати яти ти ть уе юе ло ла ли а я у ю и е о ь"
    .split(" ")
    .sort((a, b) => b.length - a.length);
/** "Nothing there" in Ukrainian, Russian and surzhyk: one word. */
const ABSENCE = new Set(["нема", "немає", "нєма", "нет", "нету"].map((w) => fold(w)));
const ABSENCE_STEM = "нема";
/** The next meaningful word is negated: "не горить" is another word than "горить". */
const NEGATION = new Set(["не"]);
const NEGATED = "!";
const STOPWORDS = new Set(
  [
    "і",
    "й",
    "та",
    "або",
    "на",
    "в",
    "у",
    "з",
    "із",
    "зі",
    "до",
    "по",
    "за",
    "від",
    "біля",
    "для",
    "про",
    "під",
    "над",
    "це",
    "що",
    "як",
    "вже",
    "ще",
    "ні",
    "так",
    "там",
    "тут",
    "є",
    "був",
    "була",
    "було",
    "буде",
    "мені",
    "нас",
    "нам",
    "ми",
    "ви",
    "він",
    "вона",
    "вони",
    "який",
    "яка",
    "яке",
    "дуже",
    "все",
    "всі",
    "вул",
    "будь",
    "ласка",
    "прошу",
    "будинку",
    "будинок",
    "дом",
    "дома",
    "доме",
    "возле",
    "около",
    "и",
    "или",
    "с",
    "со",
    "к",
    "от",
    "из",
    "о",
    "об",
    "уже",
    "еще",
    "да",
    "это",
    "что",
    "как",
    "мы",
    "вы",
    "он",
    "она",
    "они",
    "очень",
    "все",
    "пожалуйста",
    "улица",
    "улице",
    "вулиці",
    "вулиця",
    "день",
    "дня",
    "дні",
    "днів",
    "тиждень",
    "неделю",
    // Greetings and politeness say nothing about the problem (and are in many descriptions).
    "привіт",
    "привет",
    "вітаю",
    "здрастуйте",
    "здравствуйте",
    "добрий",
    "доброго",
    "добрый",
    "доброе",
    "добре",
    "дякую",
    "спасибі",
    "спасибо",
    "допоможіть",
    "помогите",
    "підкажіть",
    "подскажите",
    "скажіть",
    "скажите",
    "хочу",
    "можна",
    "можно",
    "люди",
  ].map((w) => fold(w)),
);

export type CategoryExample = { categoryCode: string; text: string; weight?: number };
export type CategoryModel = {
  codes: string[];
  prior: Map<string, number>;
  counts: Map<string, Map<string, number>>;
  totals: Map<string, number>;
  vocab: Set<string>;
  /** Every folded word seen (with its negation mark) → its stem, for typo matching. */
  words: Map<string, string>;
  /** stem → a word we saw it in, to show the operator readable "terms". */
  display: Map<string, string>;
};
export type CategoryGuess = { categoryCode: string; confidence: number; terms: string[] };
/** A word of a text: its stem (with "!" when negated), the folded word (same mark) and the word as written. */
export type Token = { stem: string; folded: string; word: string };

export function fold(text: string): string {
  return [
    ...text
      .normalize("NFC")
      .toLowerCase()
      .replace(/['’ʼ`"«»]/g, ""),
  ]
    .map((c) => FOLD[c] ?? c)
    .join("");
}

/** The stem of one folded word: one ending cut, then the first 5 letters. */
export function stemOf(folded: string): string {
  if (ABSENCE.has(folded)) return ABSENCE_STEM;
  for (const ending of ENDINGS) {
    if (folded.length - ending.length >= 2 && folded.endsWith(ending)) return folded.slice(0, folded.length - ending.length).slice(0, STEM);
  }
  return folded.slice(0, STEM);
}

/** Words of a text as folded stems (numbers, stopwords and 1–2 letter words dropped), with the original word. */
export function tokenize(text: string): Token[] {
  const words = text.toLowerCase().match(/[\p{L}'’ʼ]+/gu) ?? [];
  const out: Token[] = [];
  let negated = false;
  for (const word of words) {
    const f = fold(word);
    if (NEGATION.has(f)) {
      negated = true;
      continue;
    }
    if (f.length < 3 || (STOPWORDS.has(f) && !ABSENCE.has(f))) continue;
    const mark = negated && !ABSENCE.has(f) ? NEGATED : "";
    negated = false;
    out.push({ stem: mark + stemOf(f), folded: mark + f, word: word.replace(/['’ʼ]/g, "'") });
  }
  return out;
}

export function buildCategoryModel(options: { examples: CategoryExample[] }): CategoryModel {
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const vocab = new Set<string>();
  const words = new Map<string, string>();
  const display = new Map<string, string>();
  for (const ex of options.examples) {
    const w = ex.weight ?? 1;
    const c = counts.get(ex.categoryCode) ?? new Map<string, number>();
    counts.set(ex.categoryCode, c);
    for (const { stem, folded, word } of tokenize(ex.text)) {
      c.set(stem, (c.get(stem) ?? 0) + w);
      totals.set(ex.categoryCode, (totals.get(ex.categoryCode) ?? 0) + w);
      vocab.add(stem);
      if (!words.has(folded)) words.set(folded, stem);
      if (!display.has(stem)) display.set(stem, word);
    }
  }
  const codes = [...counts.keys()];
  // Flat prior: a category with a long history must not drown a rare one that matches well.
  const prior = new Map(codes.map((code) => [code, Math.log(1 / codes.length)]));
  return { codes, prior, counts, totals, vocab, words, display };
}

/** Every category's probability for a text (best first) and, per category, the stems of the text it knows. */
export function scoreText(options: { model: CategoryModel; text: string }): { code: string; probability: number; stems: string[] }[] {
  const { model } = options;
  if (!model.codes.length) return [];
  const stems = tokenize(options.text)
    .map((t) => resolveStem(model, t))
    .filter((s): s is string => s !== null);
  if (!stems.length) return [];
  const V = model.vocab.size;
  const alpha = 0.1;
  const scores = model.codes.map((code) => {
    const c = model.counts.get(code)!;
    const total = model.totals.get(code) ?? 0;
    let s = model.prior.get(code)!;
    for (const stem of stems) s += Math.log(((c.get(stem) ?? 0) + alpha) / (total + alpha * V));
    return { code, s };
  });
  scores.sort((a, b) => b.s - a.s);
  const max = scores[0]!.s;
  const z = scores.reduce((acc, x) => acc + Math.exp(x.s - max), 0);
  return scores.map(({ code, s }) => {
    const c = model.counts.get(code)!;
    return {
      code,
      probability: Math.exp(s - max) / z,
      stems: [...new Set(stems)].filter((stem) => (c.get(stem) ?? 0) > 0).sort((a, b) => (c.get(b) ?? 0) - (c.get(a) ?? 0)),
    };
  });
}

/** The best category for a text, its probability among all categories, and the words that drove it. */
export function classifyText(options: { model: CategoryModel; text: string }): CategoryGuess | null {
  const best = scoreText(options)[0];
  if (!best) return null;
  return {
    categoryCode: best.code,
    confidence: Math.round(best.probability * 1000) / 1000,
    terms: best.stems.slice(0, 5).map((s) => options.model.display.get(s) ?? s),
  };
}

/** The known stem a word stands for: its own, a known word one typo away, or a known stem it shares a 4+ letter prefix with. */
function resolveStem(model: CategoryModel, token: Token): string | null {
  if (model.vocab.has(token.stem)) return token.stem;
  let best: string | null = null;
  for (const [word, stem] of model.words) {
    if (isTypo(word, token.folded) && (best === null || stem < best)) best = stem;
  }
  if (best !== null) return best;
  for (const stem of model.vocab) {
    if (isPrefixRelated(stem, token.stem) && (best === null || stem < best)) best = stem;
  }
  return best;
}

/** One edit apart, both words (negation mark included) at least 5 letters and the same negation. */
function isTypo(a: string, b: string): boolean {
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) > 1) return false;
  if (a.startsWith(NEGATED) !== b.startsWith(NEGATED)) return false;
  return editDistanceAtMostOne(a, b);
}

/** One stem begins the other, the shorter at least 4 letters, the same negation. */
function isPrefixRelated(a: string, b: string): boolean {
  if (a.startsWith(NEGATED) !== b.startsWith(NEGATED)) return false;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  return s.replace(NEGATED, "").length >= 4 && l.startsWith(s);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++diff > 1) return false;
    return true;
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  let j = 0;
  let skipped = false;
  while (i < s.length && j < l.length) {
    if (s[i] === l[j]) {
      i++;
      j++;
    } else {
      if (skipped) return false;
      skipped = true;
      j++;
    }
  }
  return true;
}

/** Examples from the category tree itself: the name and each synonym count as a short labelled text. */
export function categoryExamples(categories: { code: string; nameUk: string; synonyms: string[] }[]): CategoryExample[] {
  return categories.flatMap((c) => [
    { categoryCode: c.code, text: c.nameUk, weight: 2 },
    ...c.synonyms.map((s) => ({ categoryCode: c.code, text: s, weight: 2 })),
  ]);
}

// ───────────────────────────── search ─────────────────────────────

/** A category as the search sees it: its own names and synonyms, and its group's names. */
export type SearchableCategory = { code: string; isLeaf: boolean; names: string[]; synonyms: string[]; parentNames: string[] };
export type SearchHit = { code: string; score: number };

/** How strongly a typed word matches a word of a category: the same stem, a shared 4+ letter prefix, or a typo. */
function wordMatch(q: Token, c: Token): number {
  if (q.stem === c.stem) return 1;
  if (isPrefixRelated(q.stem, c.stem)) return 0.8;
  if (isTypo(q.folded, c.folded)) return 0.7;
  return 0;
}

const PARENT_WEIGHT = 0.6;
const WHOLE_PHRASE_BONUS = 0.25;
/**
 * Hits matching a much smaller share of the query's words than the best one (a single
 * common word such as "вода" of "нема води") are left out; a group's name (0.6) still
 * keeps its categories next to a full match.
 */
const RELATIVE_CUT = 0.55;

/**
 * Categories for what was typed, best first. A category is found when any meaningful word
 * matches its names, synonyms or its group's name (word forms, typos), or when the model
 * knows a word of the query for it (from names, synonyms and the requests staff
 * categorised). Ranked by the share of the query's words that match, a bonus when one name
 * or synonym holds them all, plus the model's probability; those matching a much smaller
 * share of the words than the best are left out. Nothing for a query without a meaningful word.
 */
export function searchCategoryIndex(options: { model: CategoryModel; categories: SearchableCategory[]; query: string }): SearchHit[] {
  const query = tokenize(options.query);
  if (!query.length) return [];
  const byModel = new Map(scoreText({ model: options.model, text: options.query }).map((s) => [s.code, s]));
  const hits: (SearchHit & { share: number })[] = [];
  for (const category of options.categories) {
    const own = [...category.names, ...category.synonyms].map(tokenize);
    const parent = category.parentNames.flatMap(tokenize);
    let matched = 0;
    for (const q of query) {
      const ownBest = Math.max(0, ...own.flat().map((c) => wordMatch(q, c)));
      const parentBest = PARENT_WEIGHT * Math.max(0, ...parent.map((c) => wordMatch(q, c)));
      matched += Math.max(ownBest, parentBest);
    }
    const wholePhrase = own.some((field) => query.every((q) => field.some((c) => wordMatch(q, c) >= 0.7)));
    const modelled = category.isLeaf ? byModel.get(category.code) : undefined;
    const known = Boolean(modelled?.stems.length);
    if (matched === 0 && !known) continue;
    const score = matched / query.length + (wholePhrase ? WHOLE_PHRASE_BONUS : 0) + (known ? modelled!.probability : 0);
    hits.push({ code: category.code, score, share: matched / query.length });
  }
  const cut = Math.max(0, ...hits.map((h) => h.share)) * RELATIVE_CUT;
  return hits
    .filter((h) => h.share >= cut)
    .sort((a, b) => b.score - a.score)
    .map(({ code, score }) => ({ code, score }));
}
