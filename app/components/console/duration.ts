import { t, type Lang } from "#app/utils/i18n.ts";

/**
 * A length of time for people: whole days and hours ("1 д 16 год"), never raw hours or
 * milliseconds. `texts` is where the page's words for it live (underHour, hours, days, dayHours).
 */
export function durationText(lang: Lang, hours: number | null | undefined, texts = "console:dashboard.duration"): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return "—";
  if (hours < 1) return t(lang, `${texts}.underHour`);
  const total = Math.round(hours);
  const d = Math.floor(total / 24);
  const h = total % 24;
  if (!d) return t(lang, `${texts}.hours`, { h });
  return h ? t(lang, `${texts}.dayHours`, { d, h }) : t(lang, `${texts}.days`, { d });
}
