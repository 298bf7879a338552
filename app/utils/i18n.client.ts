// The browser's loader of texts: each app/locales/<lang>/<namespace>.json is its own small
// asset (Vite gives every file a content-hashed chunk, served with long caching), fetched
// the first time a page needs that namespace in that language.
import { hasNamespace, registerTexts, type Dict, type Lang, type Namespace } from "./i18n.ts";

const files = import.meta.glob<Dict>("../locales/*/*.json", { import: "default" });
const loading = new Map<string, Promise<void>>();

/** Makes sure the store holds these namespaces of the language; resolves when it does. */
export function ensureTexts(lang: Lang, namespaces: readonly Namespace[]): Promise<void> {
  return Promise.all(
    namespaces
      .filter((ns) => !hasNamespace(lang, ns))
      .map((ns) => {
        const id = `${lang}/${ns}`;
        let pending = loading.get(id);
        if (!pending) {
          const load = files[`../locales/${id}.json`];
          if (!load) throw new Error(`no texts for ${id}`);
          pending = load().then(
            (dict) => registerTexts(lang, { [ns]: dict }),
            (error: unknown) => {
              loading.delete(id);
              throw error;
            },
          );
          loading.set(id, pending);
        }
        return pending;
      }),
  ).then(() => undefined);
}
