// The one place an error becomes what a person reads: an HTTP status, sentences in the
// request's language, and which inputs they are about. Every page's action and loader, and
// the bot, go through toUserError; only the shape a page puts them in differs.
import { isInvalidInputError } from "./db-errors.ts";
import { AppError, isAppError, renderText, type AppErrorCode, type Problem } from "./errors.ts";
import { hasText, t, type Lang } from "./i18n.server.ts";

export type UserError = {
  status: number;
  code: AppErrorCode;
  /** Everything to fix, as one or more sentences (for pages with one message line). */
  message: string;
  /** The first input to fix, by the page's name for it, or null. */
  field: string | null;
  /** Sentences to show next to the page's inputs, by input name. */
  fieldErrors: Record<string, string>;
  /** What has no input on the page to stand next to (or no field at all), or null. */
  formError: string | null;
  /** The error's facts for the page's own decisions (a reason, tries left), never text. */
  details: Record<string, unknown>;
};

export type UserErrorOptions = {
  /** Where the page's input labels live (e.g. "admin:fields"): a general input problem then names its field. */
  labels?: string;
  /** The core's field name → the page's input name, or null when the page has no such input. */
  fieldName?: (field: string) => string | null;
};

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase() + s.slice(1);

function labelOf(lang: Lang, labels: string | undefined, names: (string | null)[]): string | null {
  if (!labels) return null;
  for (const name of names) if (name && hasText(lang, `${labels}.${name}`)) return t(lang, `${labels}.${name}`);
  return null;
}

/**
 * Any error → what a person reads, in `lang`. An AppError keeps its status; a value the
 * database refused (bad input that slipped past the checks) is a 400; anything else is a
 * bug and is rethrown, so it stays a 500.
 */
export function toUserError(error: unknown, lang: Lang, options: UserErrorOptions = {}): UserError {
  const e = isInvalidInputError(error) ? new AppError("VALIDATION", "errors:input.refused") : error;
  if (!isAppError(e)) throw error;
  const rename = options.fieldName ?? ((field: string) => field);
  const problems: readonly Problem[] = e.problems.length ? e.problems : [{ field: "", key: e.key, params: e.params }];
  const sentences: string[] = [];
  const unplaced: string[] = [];
  const fieldErrors: Record<string, string> = {};
  let field: string | null = null;
  for (const p of problems) {
    const text = renderText(lang, p.key, p.params);
    const name = p.field ? rename(p.field) : null;
    // A general input problem ("fill in this field") names its field when it stands alone.
    const label = p.key.startsWith("errors:input.") ? labelOf(lang, options.labels, [p.field, name]) : null;
    const sentence = label ? t(lang, "errors:input.withLabel", { label, message: lowerFirst(text) }) : text;
    sentences.push(sentence);
    if (!name) unplaced.push(sentence);
    else {
      fieldErrors[name] = fieldErrors[name] ? `${fieldErrors[name]} ${text}` : text;
      field ??= name;
    }
  }
  return {
    status: e.status,
    code: e.code,
    message: sentences.join(" "),
    field,
    fieldErrors,
    formError: unplaced.length ? unplaced.join(" ") : null,
    details: e.details ?? {},
  };
}

export type FieldErrors = Record<string, string>;

/** For a form that shows sentences next to its inputs: those, and the rest under "form". */
export function formErrorsOf(error: UserError): FieldErrors {
  return error.formError ? { ...error.fieldErrors, form: error.formError } : error.fieldErrors;
}

/** For loaders: the error as a thrown plain-text Response with its status (the error page shows it). */
export function throwAsResponse(error: unknown, lang: Lang): never {
  const { status, message } = toUserError(error, lang);
  throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
