// The server's side of the texts: every dictionary of every language, put into the shared
// store when this module is first imported, so server code (the core, the channels, the
// workers, the bot, loaders and actions) can use t() for any namespace. Server code imports
// t from here, which also guarantees the texts are loaded. The browser never gets this file:
// a page receives only its own namespaces (textsFor, used by entry.server.tsx).
import { AsyncLocalStorage } from "node:async_hooks";
import enAdmin from "#app/locales/en/admin.json";
import enCitizen from "#app/locales/en/citizen.json";
import enCommon from "#app/locales/en/common.json";
import enConsole from "#app/locales/en/console.json";
import enDeadlines from "#app/locales/en/deadlines.json";
import enErrors from "#app/locales/en/errors.json";
import enHandoff from "#app/locales/en/handoff.json";
import enNotifications from "#app/locales/en/notifications.json";
import enPhone from "#app/locales/en/phone.json";
import enProblems from "#app/locales/en/problems.json";
import enRequests from "#app/locales/en/requests.json";
import enStaff from "#app/locales/en/staff.json";
import enTelegram from "#app/locales/en/telegram.json";
import enTransparency from "#app/locales/en/transparency.json";
import ukAdmin from "#app/locales/uk/admin.json";
import ukCitizen from "#app/locales/uk/citizen.json";
import ukCommon from "#app/locales/uk/common.json";
import ukConsole from "#app/locales/uk/console.json";
import ukDeadlines from "#app/locales/uk/deadlines.json";
import ukErrors from "#app/locales/uk/errors.json";
import ukHandoff from "#app/locales/uk/handoff.json";
import ukNotifications from "#app/locales/uk/notifications.json";
import ukPhone from "#app/locales/uk/phone.json";
import ukProblems from "#app/locales/uk/problems.json";
import ukRequests from "#app/locales/uk/requests.json";
import ukStaff from "#app/locales/uk/staff.json";
import ukTelegram from "#app/locales/uk/telegram.json";
import ukTransparency from "#app/locales/uk/transparency.json";
import { isNamespace, registerTexts, setTextScope, type Dict, type Lang, type Namespace, type Texts } from "./i18n.ts";

export { hasText, t, toLang, LANGUAGES, type Lang, type Namespace } from "./i18n.ts";

const dictionaries: Record<Lang, Record<Namespace, Dict>> = {
  uk: {
    common: ukCommon,
    requests: ukRequests,
    deadlines: ukDeadlines,
    notifications: ukNotifications,
    staff: ukStaff,
    citizen: ukCitizen,
    console: ukConsole,
    admin: ukAdmin,
    telegram: ukTelegram,
    phone: ukPhone,
    handoff: ukHandoff,
    transparency: ukTransparency,
    problems: ukProblems,
    errors: ukErrors,
  },
  en: {
    common: enCommon,
    requests: enRequests,
    deadlines: enDeadlines,
    notifications: enNotifications,
    staff: enStaff,
    citizen: enCitizen,
    console: enConsole,
    admin: enAdmin,
    telegram: enTelegram,
    phone: enPhone,
    handoff: enHandoff,
    transparency: enTransparency,
    problems: enProblems,
    errors: enErrors,
  },
};

registerTexts("uk", dictionaries.uk);
registerTexts("en", dictionaries.en);

/**
 * The namespaces a page needs: "common" (the layout's own texts) and whatever its matched
 * routes declare in `handle.i18n`, in a stable order.
 */
export function pageNamespaces(handles: readonly unknown[]): Namespace[] {
  const wanted = new Set<Namespace>(["common"]);
  for (const handle of handles) {
    const list = handle && typeof handle === "object" ? (handle as { i18n?: unknown }).i18n : undefined;
    if (Array.isArray(list)) for (const ns of list) if (isNamespace(ns)) wanted.add(ns);
  }
  return [...wanted].sort();
}

/** The dictionaries of these namespaces in one language: what a page's HTML carries to the browser. */
export function textsFor(lang: Lang, namespaces: readonly Namespace[]): Texts {
  return Object.fromEntries(namespaces.map((ns) => [ns, dictionaries[lang][ns]]));
}

const renderScope = new AsyncLocalStorage<ReadonlySet<`${Lang}:${Namespace}`>>();
setTextScope(() => renderScope.getStore());

/**
 * Runs a page render in which t() sees only the texts the page sends to the browser: a
 * component that reads an undeclared namespace shows its raw key already in the server's
 * HTML (where tests see it), never only after hydration.
 */
export function renderWithTexts<T>(lang: Lang, namespaces: readonly Namespace[], render: () => T): T {
  return renderScope.run(new Set(namespaces.map((ns) => `${lang}:${ns}` as const)), render);
}
