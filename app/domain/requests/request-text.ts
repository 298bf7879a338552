// A request's texts and the words the inbox search reads are one piece of data: every write
// of the description or the address goes through requestTextData, so Request.searchWords
// never lags behind the text it indexes (docs/decisions/015).
import { searchWordsOf } from "#app/domain/inbox/search-words.ts";

/** The columns that write a request's description and address, with their search words. */
export function requestTextData(text: { description: string; address: string | null | undefined }) {
  return { description: text.description, address: text.address ?? null, searchWords: searchWordsOf(text.description, text.address) };
}
