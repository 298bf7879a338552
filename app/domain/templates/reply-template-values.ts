import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import type { Lang } from "#app/utils/i18n.ts";

/**
 * The values a reply template's placeholders get, in the request's language: what the
 * console sends and what the admin's preview shows come from here. A citizen with no name
 * is "citizen" in English ({name} is not used in Ukrainian texts; older ones get the
 * vocative "заявнику", which reads right after "Шановний").
 */
export function replyTemplateValues(options: {
  lang: Lang;
  number: string;
  fullName: string | null | undefined;
  dueAt: Date | null | undefined;
  department: string | null | undefined;
  category?: string | null;
  address?: string | null;
  operator?: string | null;
}): Record<string, string> {
  const en = options.lang === "en";
  return {
    number: options.number,
    name: options.fullName?.trim() || (en ? "citizen" : "заявнику"),
    dueDate: formatKyivTime(options.dueAt, "date"),
    department: options.department ?? "",
    category: options.category ?? "",
    address: options.address ?? "",
    operator: options.operator ?? "",
  };
}
