// Texts people read live in app/locales/<lang>/<namespace>.json; Ukrainian first, English
// second. This module holds no texts itself: it is shared by the server and the browser,
// and only keeps a store that others fill. On the server, i18n.server.ts puts every
// dictionary in it; in the browser, a page gets only the namespaces its routes declare
// (`export const handle = { i18n: [...] }`, see i18n-route.ts), so no page ships the
// texts of another part of the site (docs/decisions/011).
//
// A key missing in English falls back to Ukrainian, then to the key itself.

export const LANGUAGES = ["uk", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const NAMESPACES = [
  "common",
  "requests",
  "deadlines",
  "notifications",
  "staff",
  "citizen",
  "console",
  "admin",
  "telegram",
  "phone",
  "handoff",
  "transparency",
  "problems",
  "errors",
] as const;
export type Namespace = (typeof NAMESPACES)[number];

export type Dict = { [key: string]: string | Dict };
/** Texts of some namespaces in one language, as a page receives them. */
export type Texts = Partial<Record<Namespace, Dict>>;
export type TextParams = Record<string, string | number | null | undefined>;

const store: Record<Lang, Texts> = { uk: {}, en: {} };

export function isNamespace(value: unknown): value is Namespace {
  return typeof value === "string" && (NAMESPACES as readonly string[]).includes(value);
}

/** Puts the dictionaries of some namespaces of a language into the store (replacing earlier ones). */
export function registerTexts(lang: Lang, texts: Texts) {
  Object.assign(store[lang], texts);
}

export function hasNamespace(lang: Lang, ns: Namespace) {
  return store[lang][ns] !== undefined;
}

// While the server renders a page, only the namespaces that page sends to the browser may be
// read, so what the server writes is what the browser can write again when it hydrates.
// i18n.server.ts sets this; elsewhere (loaders, workers, the bot, the browser) it is absent.
let scope: () => ReadonlySet<`${Lang}:${Namespace}`> | undefined = () => undefined;
export function setTextScope(current: typeof scope) {
  scope = current;
}

function dictionary(lang: Lang, ns: Namespace): Dict | undefined {
  const allowed = scope();
  if (allowed && !allowed.has(`${lang}:${ns}`)) return undefined;
  return store[lang][ns];
}

export function toLang(value: string | null | undefined): Lang {
  return value && value.toLowerCase().startsWith("en") ? "en" : "uk";
}

// The CLDR plural categories; an entry whose keys are all among these (with "other") is one
// text in several forms, not a group of texts.
const PLURAL_FORMS = new Set(["zero", "one", "two", "few", "many", "other"]);
export function isPluralEntry(value: unknown): value is Record<string, string> & { other: string } {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.includes("other") && keys.every((k) => PLURAL_FORMS.has(k) && typeof (value as Dict)[k] === "string");
}

const pluralRules = new Map<Lang, Intl.PluralRules>();
function pluralForm(lang: Lang, count: number) {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(count);
}

function lookup(dict: Dict | undefined, key: string, lang: Lang, count: unknown): string | undefined {
  let node: unknown = dict;
  for (const part of key.split(".")) {
    if (node && typeof node === "object" && part in (node as Dict)) node = (node as Dict)[part];
    else return undefined;
  }
  if (typeof node === "string") return node;
  if (isPluralEntry(node)) return (typeof count === "number" ? node[pluralForm(lang, count)] : undefined) ?? node.other;
  return undefined;
}

const reported = new Set<string>();
function reportMissing(lang: Lang, ns: Namespace, fullKey: string) {
  // In the browser a namespace the page did not declare shows as a raw key: say which one
  // (the browser walk fails on console errors).
  if (typeof document === "undefined" || hasNamespace(lang, ns) || reported.has(`${lang}:${ns}`)) return;
  reported.add(`${lang}:${ns}`);
  console.error(`i18n: "${fullKey}" needs the "${ns}" texts (${lang}), which this page did not load: add "${ns}" to its route's handle.i18n`);
}

/**
 * t("uk", "notifications:received", { number }) — "{name}" placeholders are filled from params.
 * When params.count is a number and the text has plural forms ({ one, few, many, other }),
 * the form is chosen by the language's plural rules.
 */
export function t(lang: Lang, fullKey: string, params: TextParams = {}): string {
  const [ns, key] = fullKey.includes(":") ? (fullKey.split(":", 2) as [Namespace, string]) : (["common", fullKey] as const);
  const text = lookup(dictionary(lang, ns), key, lang, params.count) ?? lookup(dictionary("uk", ns), key, "uk", params.count);
  if (text === undefined) {
    reportMissing(lang, ns, fullKey);
    return fullKey;
  }
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? "" : String(v);
  });
}

export function hasText(lang: Lang, fullKey: string) {
  return t(lang, fullKey) !== fullKey;
}
