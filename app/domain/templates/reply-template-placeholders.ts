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

/** Whether a Ukrainian text puts the citizen's name in it (see requireNoNameInUkrainian). */
export function usesNameInUkrainian(text: string): boolean {
  return /\{name\}/.test(text);
}

/**
 * A Ukrainian text addresses the citizen without their name. Addressing someone needs the
 * vocative (Олено, Петре Івановичу), which depends on the name, its gender and which words
 * are the given name and patronymic; we only have the name as it was typed (any order, any
 * spelling), so any attempt would often be wrong, and the nominative ("Шановна Олена
 * Петренко!") is a mistake every reader notices. English has no such case, so {name} stays
 * there.
 */
export function requireNoNameInUkrainian(options: { text: string; field: string }) {
  if (usesNameInUkrainian(options.text))
    throw new AppError("VALIDATION", "errors:template.nameInUkrainian", { field: options.field, params: { placeholder: "{name}" } });
}

/** Every check a template's two texts go through, for saving and for a preview alike. */
export function requireValidTemplateTexts(options: { bodyUk: string; bodyEn: string }) {
  requireKnownPlaceholders({ text: options.bodyUk, field: "bodyUk" });
  requireKnownPlaceholders({ text: options.bodyEn, field: "bodyEn" });
  requireNoNameInUkrainian({ text: options.bodyUk, field: "bodyUk" });
}
