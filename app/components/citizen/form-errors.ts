import type { AppError } from "#app/utils/errors.ts";
import { hasText, t, type Lang } from "#app/utils/i18n.ts";

export type FieldErrors = Record<string, string>;

// submitRequest's field names → the web form's field names.
const DOMAIN_FIELDS: Record<string, [string, string]> = {
  description: ["description", "short"],
  "citizen.phone": ["phone", "invalid"],
  "citizen.email": ["email", "invalid"],
  "citizen.fullName": ["fullName", "appeal"],
  "citizen.residence": ["residence", "appeal"],
  "citizen.contact": ["contact", "appeal"],
  categoryCode: ["categoryCode", "unknown"],
  location: ["address", "required"],
};

function message(lang: Lang, field: string, reason: string | undefined, params: Record<string, string | number> = {}) {
  const base = field.startsWith("answer_") ? "citizen:errors.answer" : `citizen:errors.${field}`;
  for (const key of [reason ? `${base}.${reason}` : null, base]) if (key && hasText(lang, key)) return t(lang, key, params);
  return t(lang, "citizen:errors.generic");
}

/** Turns a domain VALIDATION/CONFLICT/NOT_FOUND error into messages next to the form's fields, in the reader's language. */
export function formErrorsFrom(e: AppError, lang: Lang): FieldErrors {
  const details = (e.details ?? {}) as { issues?: { field: string; reason: string }[]; reason?: string; missing?: string[]; max?: number; maxMb?: number };
  const errors: FieldErrors = {};
  if (details.issues) {
    for (const i of details.issues) errors[i.field] ??= message(lang, i.field, i.reason);
    return errors;
  }
  if (details.missing) {
    for (const m of details.missing) {
      const [field, reason] = DOMAIN_FIELDS[m] ?? [m, undefined];
      errors[field] ??= message(lang, field, reason);
    }
    return errors;
  }
  const raw = e.field ?? "form";
  const [field, defaultReason] = DOMAIN_FIELDS[raw] ?? [raw, undefined];
  const reason = details.reason ?? (e.code === "NOT_FOUND" ? "notFound" : defaultReason);
  errors[field] = message(lang, field, reason, { max: details.max ?? "", maxMb: details.maxMb ?? "" });
  return errors;
}
