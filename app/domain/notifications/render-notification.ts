import { formatKyivMoment } from "#app/domain/calendar/kyiv-time.ts";
import { hasText, t, type Lang } from "#app/utils/i18n.server.ts";

type Params = Record<string, unknown>;

const MISSING = "\u0000";
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The text a citizen receives, in their language. A template may name details the caller
 * did not have (a due date not yet known): then a shorter variant is used instead of a
 * sentence with a hole in it. Order tried: "<template>", "alt.<template>", "short.<template>".
 * A "link" param, when present, is appended on its own line.
 */
export function renderNotification(options: { template: string; params: Params; lang: Lang }): string {
  const { template, lang } = options;
  const resolve = (name: string) => resolveParam(options.params, name, lang);
  const candidates = [template, `alt.${template}`, `short.${template}`].map((key) => `notifications:${key}`).filter((key) => hasText(lang, key));
  let text: string | undefined;
  for (const key of candidates) {
    // Every placeholder without a value comes back as MISSING, so a hole is detectable.
    const rendered = t(lang, key, paramsProxy(resolve));
    if (!rendered.includes(MISSING)) {
      text = rendered;
      break;
    }
  }
  // A template nobody wrote a text for: still tell the citizen something true.
  text ??= t(lang, "notifications:short.statusChanged", { number: resolve("number") ?? "" });
  const link = resolve("link");
  return link ? `${text}\n${t(lang, "notifications:link", { link })}` : text;
}

function paramsProxy(resolve: (name: string) => string | undefined) {
  return new Proxy({} as Record<string, string>, {
    get: (_, name) => (typeof name === "string" ? (resolve(name) ?? MISSING) : undefined),
  });
}

/** "department" reads "departmentUk"/"departmentEn" first, then "department"; empty counts as missing. */
function resolveParam(params: Params, name: string, lang: Lang): string | undefined {
  const suffix = lang === "en" ? "En" : "Uk";
  const raw = params[`${name}${suffix}`] ?? params[name];
  if (raw === null || raw === undefined) return undefined;
  let value = String(raw).trim();
  if (!value) return undefined;
  if (name === "status" && hasText(lang, `notifications:status.${value}`)) value = t(lang, `notifications:status.${value}`);
  else if (ISO_DATE_TIME.test(value)) value = formatKyivMoment(new Date(value), lang);
  // A stray NUL in a citizen's own text must not look like a missing param.
  return value.replaceAll(MISSING, "");
}
