// The words of a request as the inbox search reads them. Postgres has no Ukrainian stemmer,
// so the core stores the words already normalised (Request.searchWords) and the search
// normalises the operator's query the same way: one function on both sides, the category
// search's folding and stemming (category-model.ts), so «труба», «трубу» and «трубы» are one
// word, and so are «ліхтар» and «ліхтарі». Numbers are words too («буд. 17» has "17").
// The migration that added the column filled it for earlier requests with a SQL copy of
// these rules (prisma/migrations/*_inbox_search); after that only this function writes it.
import { fold, stemOf } from "#app/domain/categories/category-model.ts";

const WORD = /[\p{L}'’ʼ]+|\d+/gu;

/** One word as stored and searched: a number without leading zeros, or a folded stem. */
function normaliseWord(word: string): string | null {
  if (/^\d+$/.test(word)) return word.replace(/^0+(?=\d)/, "");
  const folded = fold(word);
  // One letter says nothing («в», «у», «і») and differs between ways of saying the same thing.
  if ([...folded].length < 2) return null;
  return stemOf(folded);
}

/**
 * The words of a query each with its text as typed (lower case), in order: the search
 * looks a word up as a word when the index knows it, and as a part of a word otherwise.
 */
export function searchTokensOf(text: string): { text: string; word: string }[] {
  const out: { text: string; word: string }[] = [];
  for (const token of text.toLowerCase().match(WORD) ?? []) {
    const word = normaliseWord(token);
    if (word && !out.some((t) => t.word === word)) out.push({ text: token, word });
  }
  return out;
}

/** The distinct normalised words of some texts (a request's description and address). */
export function searchWordsOf(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const word of text?.toLowerCase().match(WORD) ?? []) {
      const w = normaliseWord(word);
      if (w) out.add(w);
    }
  }
  return [...out];
}
