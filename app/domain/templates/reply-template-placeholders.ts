import { AppError } from "#app/utils/errors.ts";

/** The placeholders a reply template may use; the console fills them in. */
export const REPLY_PLACEHOLDERS = ["number", "name", "dueDate", "department", "category", "address", "operator"] as const;

export function requireKnownPlaceholders(options: { text: string; field: string }) {
  const used = [...options.text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const unknown = [...new Set(used.filter((p) => !(REPLY_PLACEHOLDERS as readonly string[]).includes(p)))];
  if (unknown.length)
    throw new AppError("VALIDATION", "errors:template.unknownPlaceholders", {
      field: options.field,
      params: { unknown: unknown.map((u) => `{${u}}`).join(", "), allowed: REPLY_PLACEHOLDERS.map((p) => `{${p}}`).join(", ") },
    });
}
