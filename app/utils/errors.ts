// One error type for the whole core. An error carries a translation key and the values for
// its placeholders, never prose: each door renders it in the reader's language through one
// mapper (app/utils/user-error.server.ts) and maps `code` to its medium (an HTTP status, a
// bot reply, TwiML). `message` is the English text of the key, for logs. `field` names the
// input a person must fix; `problems` lists every field to fix when there are several.
import type enErrors from "#app/locales/en/errors.json";
import { t, type Lang } from "./i18n.ts";

export type AppErrorCode = "VALIDATION" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "INVALID_TRANSITION" | "UNAVAILABLE";

type Leaves<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}` }[keyof T & string];
/** A key of app/locales/<lang>/errors.json, e.g. "errors:department.notFound". */
export type ErrorKey = `errors:${Leaves<typeof enErrors>}`;

/** A text of any namespace, translated with the error (e.g. a status name inside a sentence). */
export type TextRef = { key: string; params?: ErrorParams };
export type ErrorParam = string | number | null | undefined | TextRef;
export type ErrorParams = Record<string, ErrorParam>;

/** One field to fix and what is wrong with it. */
export type Problem = { field: string; key: ErrorKey; params?: ErrorParams };

const httpStatus: Record<AppErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  UNAVAILABLE: 503,
};

/** A translated text whose params may themselves be texts to translate. */
export function renderText(lang: Lang, key: string, params: ErrorParams = {}): string {
  const values: Record<string, string | number | null | undefined> = {};
  for (const [name, value] of Object.entries(params))
    values[name] = value !== null && typeof value === "object" ? renderText(lang, value.key, value.params) : value;
  return t(lang, key, values);
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly key: ErrorKey;
  readonly params: ErrorParams;
  readonly field?: string;
  readonly problems: readonly Problem[];
  /** Facts a door or a channel acts on (never shown as text): a reason, a count of tries left, … */
  readonly details?: Record<string, unknown>;
  constructor(
    code: AppErrorCode,
    key: ErrorKey,
    options: { params?: ErrorParams; field?: string; problems?: Problem[]; details?: Record<string, unknown> } = {},
  ) {
    const params = options.params ?? {};
    const problems = options.problems ?? (options.field ? [{ field: options.field, key, params }] : []);
    super(problems.length > 1 ? problems.map((p) => `${p.field}: ${renderText("en", p.key, p.params)}`).join(" ") : renderText("en", key, params));
    this.name = "AppError";
    this.code = code;
    this.key = key;
    this.params = params;
    this.field = options.field || problems[0]?.field || undefined;
    this.problems = problems;
    this.details = options.details;
  }
  get status() {
    return httpStatus[this.code];
  }
  /** A VALIDATION error naming every field to fix (at least one). */
  static invalid(problems: [Problem, ...Problem[]], details?: Record<string, unknown>) {
    const [first] = problems;
    return new AppError("VALIDATION", first.key, { params: first.params, field: first.field, problems, details });
  }
}

/** A list with at least one item (AppError.invalid takes one). */
export const isNonEmpty = <T>(list: T[]): list is [T, ...T[]] => list.length > 0;

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
