// Shared by the /admin routes (not a route: *.server.* files are ignored by flat-routes).
import { data } from "@remix-run/node";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { isInvalidInputError } from "#app/utils/db-errors.ts";
import { isAppError } from "#app/utils/errors.ts";
import { hasText, t, type Lang } from "#app/utils/i18n.server.ts";
import { readForm } from "#app/utils/request-input.server.ts";

export const requireAdmin = (request: Request) => requireStaffUser(request, { roles: ["ADMIN"] });

/** The posted form, after the admin check and the CSRF check. */
export async function readAdminForm(request: Request) {
  const formData = await readForm(request);
  requireCsrf(request, formData);
  return formData;
}

/** A text field: trimmed, and undefined when empty (optional fields). */
export function text(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  if (typeof v !== "string") return undefined;
  const s = v.trim();
  return s === "" ? undefined : s;
}
/** A checkbox. */
export const checked = (form: FormData, name: string) => form.get(name) === "on" || form.get(name) === "true";
/** A number field: NaN (rejected by the schema) when not a number, undefined when empty. */
export function num(form: FormData, name: string): number | undefined {
  const s = text(form, name);
  return s === undefined ? undefined : Number(s);
}

export type AdminActionResult = { ok: true; message: string } | { ok: false; error: string; field?: string };

/**
 * Runs one domain call and maps the outcome: success → 200 with a message, AppError → its
 * 4xx with a message naming the field to fix, a value the database refused → 400.
 * Anything else is a bug and is rethrown.
 */
export async function runAdminAction(lang: Lang, fn: () => Promise<string>) {
  try {
    const key = await fn();
    return data<AdminActionResult>({ ok: true, message: t(lang, key) });
  } catch (e) {
    // A value the database refused is the admin's input that slipped past the checks: a 400.
    if (isInvalidInputError(e)) return data<AdminActionResult>({ ok: false, error: t(lang, "admin:errors.VALIDATION") }, { status: 400 });
    if (!isAppError(e)) throw e;
    const fieldLabel = e.field && hasText(lang, `admin:fields.${e.field}`) ? t(lang, `admin:fields.${e.field}`) : e.field;
    const lead = fieldLabel ? t(lang, "admin:errors.field", { field: fieldLabel }) : t(lang, `admin:errors.${e.code}`);
    return data<AdminActionResult>({ ok: false, error: `${lead} ${e.message}`, field: e.field }, { status: e.status });
  }
}

/** The intent of a multi-form page; an unknown one is a 400, like any other bad input. */
export function intentOf<const T extends readonly string[]>(form: FormData, intents: T): T[number] {
  const v = form.get("intent");
  if (typeof v === "string" && (intents as readonly string[]).includes(v)) return v as T[number];
  throw new Response("Unknown intent", { status: 400 });
}
