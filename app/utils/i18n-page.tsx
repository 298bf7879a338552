// How a page gets its texts (docs/decisions/011). Each route declares the namespaces it
// reads, the remix-i18next way:
//
//   export const handle: PageHandle = { i18n: ["citizen", "errors"] };
//   export const clientLoader = loadPageTexts(handle);
//
// - The server's HTML carries the texts of the matched routes' namespaces ("common" always)
//   for the request's language, as a JSON block with the CSP nonce (entry.server.tsx fills
//   it, root.tsx places it); entry.client.tsx reads it before hydrating.
// - A client-side navigation runs the route's clientLoader, which fetches the namespaces
//   the page lacks alongside its data, so the page never renders before its texts arrive.
// - Without JavaScript every page is a full server render: nothing else is needed.
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { createContext, useContext } from "react";
import { ensureTexts } from "./i18n.client.ts";
import { registerTexts, toLang, type Lang, type Namespace, type Texts } from "./i18n.ts";

/** A route's `handle`: the namespaces its page (with its layouts) reads besides "common". */
export type PageHandle = { i18n: readonly Namespace[] };

export const PAGE_TEXTS_ID = "page-texts";

const PageTextsContext = createContext("");
/** The serialised texts of this page: entry.server provides them, entry.client the same string again. */
export const PageTextsProvider = PageTextsContext.Provider;

/** JSON for an HTML data block: "<" is escaped so that no text can end the script element. */
export function serializePageTexts(lang: Lang, texts: Texts) {
  return JSON.stringify({ lang, texts }).replace(/</g, "\\u003c");
}

/**
 * The page's texts in the document: a JSON data block (never executed), carrying the nonce
 * like every inline script. The browser renders the very string the server wrote, so
 * hydration leaves it alone.
 */
export function PageTexts({ nonce }: { nonce: string }) {
  const json = useContext(PageTextsContext);
  return <script id={PAGE_TEXTS_ID} type="application/json" nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: json }} />;
}

/** In the browser, before hydration: puts the texts the HTML carries into the store; returns their JSON. */
export function readPageTexts(): string {
  const json = document.getElementById(PAGE_TEXTS_ID)?.textContent ?? "";
  if (json) {
    const { lang, texts } = JSON.parse(json) as { lang: string; texts: Texts };
    registerTexts(toLang(lang), texts);
  }
  return json;
}

function langOf(data: unknown): Lang | undefined {
  const lang = data && typeof data === "object" ? (data as { lang?: unknown }).lang : undefined;
  return lang === "uk" || lang === "en" ? lang : undefined;
}

/** A texts chunk that cannot be fetched (a new release removed it): load the page from the server instead. */
function loadFromServer(url: string): Promise<never> {
  window.location.assign(url);
  return new Promise<never>(() => {});
}

/**
 * The route's clientLoader: on a client-side navigation (and revalidation) it fetches the
 * route's data and, at the same time, the namespaces of the page the browser does not yet
 * hold, in the language the link asks for (?lang=) or else the page's current one, and
 * again in the data's language if that differs. It is not run on hydration.
 */
export function loadPageTexts(handle: PageHandle) {
  const namespaces: Namespace[] = ["common", ...handle.i18n];
  const ensure = (lang: Lang, url: string) => ensureTexts(lang, namespaces).catch(() => loadFromServer(url));
  return async ({ request, serverLoader }: ClientLoaderFunctionArgs): Promise<unknown> => {
    const asked = new URL(request.url).searchParams.get("lang");
    const guess = toLang(asked ?? document.documentElement.lang);
    const [data] = await Promise.all([serverLoader(), ensure(guess, request.url)]);
    const lang = langOf(data);
    if (lang && lang !== guess) await ensure(lang, request.url);
    return data;
  };
}
