// Texts people read live in app/locales/<lang>/<namespace>.json; Ukrainian first, English
// second. A key missing in English falls back to Ukrainian, then to the key itself.
import enAdmin from "#app/locales/en/admin.json";
import enCitizen from "#app/locales/en/citizen.json";
import enCommon from "#app/locales/en/common.json";
import enHandoff from "#app/locales/en/handoff.json";
import enPhone from "#app/locales/en/phone.json";
import enConsole from "#app/locales/en/console.json";
import enDeadlines from "#app/locales/en/deadlines.json";
import enErrors from "#app/locales/en/errors.json";
import enNotifications from "#app/locales/en/notifications.json";
import enRequests from "#app/locales/en/requests.json";
import enStaff from "#app/locales/en/staff.json";
import enTelegram from "#app/locales/en/telegram.json";
import ukAdmin from "#app/locales/uk/admin.json";
import ukCitizen from "#app/locales/uk/citizen.json";
import ukCommon from "#app/locales/uk/common.json";
import ukHandoff from "#app/locales/uk/handoff.json";
import ukPhone from "#app/locales/uk/phone.json";
import ukConsole from "#app/locales/uk/console.json";
import ukDeadlines from "#app/locales/uk/deadlines.json";
import ukErrors from "#app/locales/uk/errors.json";
import ukNotifications from "#app/locales/uk/notifications.json";
import ukRequests from "#app/locales/uk/requests.json";
import ukStaff from "#app/locales/uk/staff.json";
import ukTelegram from "#app/locales/uk/telegram.json";

export const LANGUAGES = ["uk", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];
export type Namespace = "common" | "requests" | "deadlines" | "notifications" | "staff" | "citizen" | "console" | "admin" | "telegram" | "phone" | "handoff" | "errors";

type Dict = Record<string, unknown>;
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
    errors: enErrors,
  },
};

export function toLang(value: string | null | undefined): Lang {
  return value && value.toLowerCase().startsWith("en") ? "en" : "uk";
}

function lookup(dict: Dict, key: string): string | undefined {
  let node: unknown = dict;
  for (const part of key.split(".")) {
    if (node && typeof node === "object" && part in (node as Dict)) node = (node as Dict)[part];
    else return undefined;
  }
  return typeof node === "string" ? node : undefined;
}

/** t("uk", "notifications:received", { number }) — "{name}" placeholders are filled from params. */
export function t(lang: Lang, fullKey: string, params: Record<string, string | number | null | undefined> = {}): string {
  const [ns, key] = fullKey.includes(":") ? (fullKey.split(":", 2) as [Namespace, string]) : (["common", fullKey] as const);
  const text = lookup(dictionaries[lang][ns] ?? {}, key) ?? lookup(dictionaries.uk[ns] ?? {}, key) ?? fullKey;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? "" : String(v);
  });
}

export function hasText(lang: Lang, fullKey: string) {
  return t(lang, fullKey) !== fullKey;
}
