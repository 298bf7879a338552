import { isInvalidInputError } from "#app/utils/db-errors.ts";
import { isAppError } from "#app/utils/errors.ts";
import { t, type Lang } from "#app/utils/i18n.ts";

/**
 * Maps a domain error to an HTTP status and a message a person can act on, in their
 * language. A value the database refused (a malformed id or text that slipped past the
 * door's checks) is the person's input, so a 400 too. Anything else that is not an
 * AppError is re-thrown (a real bug stays a 500).
 */
export function toActionError(error: unknown, lang: Lang): { status: number; message: string; field: string | null } {
  if (isInvalidInputError(error)) return { status: 400, message: t(lang, "console:errors.VALIDATION"), field: null };
  if (!isAppError(error)) throw error;
  const field = error.field ?? null;
  let message: string;
  if (error.code === "INVALID_TRANSITION") {
    const from = typeof error.details?.from === "string" ? t(lang, `console:status.${error.details.from}`) : "—";
    message = t(lang, "console:errors.INVALID_TRANSITION", { status: from });
  } else if (error.code === "FORBIDDEN") {
    message = t(lang, "console:errors.FORBIDDEN");
  } else if (error.code === "VALIDATION" && field && (field === "publicAnswer" || field === "resultCode")) {
    message = t(lang, `console:errors.${field}`);
  } else if (lang === "uk" && /[А-Яа-яІіЇїЄєҐґ]/.test(error.message)) {
    // Our own messages are already Ukrainian and name what to fix.
    message = error.message;
  } else {
    message = `${t(lang, `console:errors.${error.code}`)} ${lang === "en" || !/[A-Za-z]{4}/.test(error.message) ? error.message : ""}`.trim();
  }
  return { status: error.status, message, field };
}

/** For loaders: an AppError becomes a thrown Response with its status and message. */
export function throwAsResponse(error: unknown, lang: Lang): never {
  const { status, message } = toActionError(error, lang);
  throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
