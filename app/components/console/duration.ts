import { t, type Lang } from "#app/utils/i18n.ts";

/** A length of time for people: whole days and hours ("1 д 16 год"), never raw hours or milliseconds. */
export function durationText(lang: Lang, hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return "—";
  if (hours < 1) return t(lang, "console:dashboard.duration.underHour");
  const total = Math.round(hours);
  const d = Math.floor(total / 24);
  const h = total % 24;
  if (!d) return t(lang, "console:dashboard.duration.hours", { h });
  return h ? t(lang, "console:dashboard.duration.dayHours", { d, h }) : t(lang, "console:dashboard.duration.days", { d });
}
