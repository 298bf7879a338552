// Naive Bayes over crude stems, shared by SMS, voice transcripts and Telegram free text.
// Ukrainian and Russian spellings fold together (и/і/ы/й, е/є/э/ё, г/ґ, apostrophes),
// words are cut to a 5-letter stem (no Ukrainian stemmer exists in Postgres or npm here),
// and a word we never saw is matched to the closest known stem within one edit (typos).

const FOLD: Record<string, string> = { і: "и", ї: "и", ы: "и", й: "и", є: "е", э: "е", ё: "е", ґ: "г", ъ: "" };
const STEM = 5;
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
    "не",
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
    "нет",
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
  ].map((w) => fold(w)),
);

export type CategoryExample = { categoryCode: string; text: string; weight?: number };
export type CategoryModel = {
  codes: string[];
  prior: Map<string, number>;
  counts: Map<string, Map<string, number>>;
  totals: Map<string, number>;
  vocab: Set<string>;
  /** stem → a word we saw it in, to show the operator readable "terms". */
  display: Map<string, string>;
};
export type CategoryGuess = { categoryCode: string; confidence: number; terms: string[] };

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

/** Words of a text as folded stems (numbers and 1–2 letter words dropped), with the original word. */
export function tokenize(text: string): { stem: string; word: string }[] {
  const words = text.toLowerCase().match(/[\p{L}'’ʼ]+/gu) ?? [];
  const out: { stem: string; word: string }[] = [];
  for (const word of words) {
    const f = fold(word);
    if (f.length < 3 || STOPWORDS.has(f)) continue;
    out.push({ stem: f.slice(0, STEM), word: word.replace(/['’ʼ]/g, "'") });
  }
  return out;
}

export function buildCategoryModel(options: { examples: CategoryExample[] }): CategoryModel {
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const docs = new Map<string, number>();
  const vocab = new Set<string>();
  const display = new Map<string, string>();
  for (const ex of options.examples) {
    const w = ex.weight ?? 1;
    const c = counts.get(ex.categoryCode) ?? new Map<string, number>();
    counts.set(ex.categoryCode, c);
    docs.set(ex.categoryCode, (docs.get(ex.categoryCode) ?? 0) + 1);
    for (const { stem, word } of tokenize(ex.text)) {
      c.set(stem, (c.get(stem) ?? 0) + w);
      totals.set(ex.categoryCode, (totals.get(ex.categoryCode) ?? 0) + w);
      vocab.add(stem);
      if (!display.has(stem)) display.set(stem, word);
    }
  }
  const codes = [...counts.keys()];
  // Flat prior: a category with a long history must not drown a rare one that matches well.
  const prior = new Map(codes.map((code) => [code, Math.log(1 / codes.length)]));
  return { codes, prior, counts, totals, vocab, display };
}

/** The best category for a text, its probability among all categories, and the words that drove it. */
export function classifyText(options: { model: CategoryModel; text: string }): CategoryGuess | null {
  const { model } = options;
  if (!model.codes.length) return null;
  const stems = tokenize(options.text)
    .map((t) => (model.vocab.has(t.stem) ? t.stem : nearestStem(model, t.stem)))
    .filter((s): s is string => s !== null);
  if (!stems.length) return null;
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
  const best = scores[0]!;
  const bestCounts = model.counts.get(best.code)!;
  const terms = [...new Set(stems)]
    .filter((s) => (bestCounts.get(s) ?? 0) > 0)
    .sort((a, b) => (bestCounts.get(b) ?? 0) - (bestCounts.get(a) ?? 0))
    .slice(0, 5)
    .map((s) => model.display.get(s) ?? s);
  return { categoryCode: best.code, confidence: Math.round((1 / z) * 1000) / 1000, terms };
}

// A typo ("атапление", "смітєвоз") is one edit from a known stem; longer stems only, so short words do not match at random.
function nearestStem(model: CategoryModel, stem: string): string | null {
  if (stem.length < 4) return null;
  let best: string | null = null;
  for (const v of model.vocab) {
    if (Math.abs(v.length - stem.length) > 1) continue;
    if (editDistanceAtMostOne(v, stem)) {
      if (best === null || v < best) best = v;
    }
  }
  return best;
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
