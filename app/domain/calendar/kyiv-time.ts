// Kyiv wall-clock time: the one place that turns instants (stored in UTC) into what people
// in Sloviansk read and type, and back. Pure: no database, no clock, safe in the browser.
//
// Daylight saving (Europe/Kyiv): clocks go 03:00 → 04:00 on the last Sunday of March and
// 04:00 → 03:00 on the last Sunday of October. A typed wall-clock time is read by one rule
// (see instantFromKyivWallClock):
// - a time that does not exist (03:00–03:59 on the March night) is moved forward by the
//   hour skipped: 03:30 is read as 04:30 summer time, the moment the clock would show had
//   it not jumped;
// - a time that happens twice (03:00–03:59 on the October night) is its second occurrence,
//   in winter time: for a deadline or the start of works that is the later, never the
//   earlier, of the two readings.
import type { Lang } from "#app/utils/i18n.ts";
import { AppError } from "#app/utils/errors.ts";

export const KYIV_TIME_ZONE = "Europe/Kyiv";

/** "YYYY-MM-DD", a date on the Kyiv wall calendar. */
export type IsoDate = string;

const DAY_MS = 86_400_000;

// ───────────── dates ─────────────

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** [year, month, day] of a valid IsoDate; VALIDATION (field "date") otherwise. */
export function parseIsoDate(value: IsoDate): [number, number, number] {
  if (!isValidIsoDate(value)) throw new AppError("VALIDATION", "errors:calendar.dateInvalid", { field: "date", details: { value } });
  return value.split("-").map(Number) as [number, number, number];
}

function pad(n: number) {
  return String(n).padStart(2, "0");
}

export function isoDateFromParts(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, "0")}-${pad(m)}-${pad(d)}`;
}

// ───────────── instant → Kyiv wall clock ─────────────

const kyivParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: KYIV_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

export type KyivWallClock = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
};

/** What a clock on a wall in Kyiv shows at this instant. */
export function kyivWallClock(instant: Date): KyivWallClock {
  const parts: Record<string, number> = {};
  for (const p of kyivParts.formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const w = parts as Omit<KyivWallClock, "weekday">;
  const weekday = ((new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7) + 1;
  return { ...w, weekday };
}

/** Minutes Kyiv is ahead of UTC at this instant (120 in winter, 180 in summer). */
export function kyivOffsetMinutes(instant: Date): number {
  const w = kyivWallClock(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

/** VALIDATION (naming `field`) unless this is a real instant. */
export function assertInstant(instant: Date, field = "receivedAt") {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new AppError("VALIDATION", "errors:calendar.dateTimeInvalid", { field });
  }
}

/** The Kyiv calendar date of an instant: 2026-03-10T22:30Z → "2026-03-11". */
export function kyivDateOf(instant: Date): IsoDate {
  assertInstant(instant);
  const w = kyivWallClock(instant);
  return isoDateFromParts(w.year, w.month, w.day);
}

/** ISO-8601 in Kyiv time with its offset and milliseconds: "2026-02-02T23:59:59.999+02:00". */
export function toKyivIso(instant: Date): string {
  assertInstant(instant, "instant");
  const w = kyivWallClock(instant);
  const offset = kyivOffsetMinutes(instant);
  const ms = ((instant.getTime() % 1000) + 1000) % 1000;
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return (
    `${isoDateFromParts(w.year, w.month, w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${String(ms).padStart(3, "0")}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The Kyiv wall-clock time for a datetime-local field: "2026-03-10T14:30". */
export function toKyivLocalInput(instant: Date): string {
  return toKyivIso(instant).slice(0, 16);
}

// ───────────── Kyiv wall clock → instant ─────────────

/** How a wall-clock time maps to instants: once, twice (autumn) or never (spring). */
export type WallClockFit = "exact" | "ambiguous" | "skipped";

/**
 * The UTC instant of a Kyiv wall-clock time, by the rule at the top of this file: a
 * skipped time moves forward by the hour skipped, a repeated one is its second occurrence.
 */
export function resolveKyivWallClock(options: { date: IsoDate; hour?: number; minute?: number; second?: number; ms?: number }): {
  instant: Date;
  fit: WallClockFit;
} {
  const [y, m, d] = parseIsoDate(options.date);
  const local = Date.UTC(y, m - 1, d, options.hour ?? 0, options.minute ?? 0, options.second ?? 0, options.ms ?? 0);
  // The offsets in force a day before and a day after: at most one change lies between.
  const before = kyivOffsetMinutes(new Date(local - DAY_MS));
  const after = kyivOffsetMinutes(new Date(local + DAY_MS));
  const fits = [...new Set([before, after])]
    .map((offset) => ({ offset, at: local - offset * 60_000 }))
    .filter((c) => kyivOffsetMinutes(new Date(c.at)) === c.offset)
    .map((c) => c.at)
    .sort((a, b) => a - b);
  if (fits.length === 0) return { instant: new Date(local - before * 60_000), fit: "skipped" };
  return { instant: new Date(fits[fits.length - 1]!), fit: fits.length > 1 ? "ambiguous" : "exact" };
}

export function instantFromKyivWallClock(options: { date: IsoDate; hour?: number; minute?: number; second?: number; ms?: number }): Date {
  return resolveKyivWallClock(options).instant;
}

/** The last millisecond of a Kyiv day (23:59:59.999 Kyiv time) as a UTC instant. */
export function endOfKyivDay(isoDate: IsoDate): Date {
  return instantFromKyivWallClock({ date: isoDate, hour: 23, minute: 59, second: 59, ms: 999 });
}

/**
 * "2026-03-10T14:30" (seconds optional) as typed into a datetime-local field, read as Kyiv
 * wall-clock time by the DST rule above; null for anything else or an impossible date.
 */
export function parseKyivLocal(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m || !isValidIsoDate(m[1]!)) return null;
  const [h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  return instantFromKyivWallClock({ date: m[1]!, hour: h, minute: mi, second: s });
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Parses an ISO-8601 instant that names its offset ("…Z" or "…+02:00"); null for anything
 * else, including impossible dates that Date.parse would roll over (30 February).
 */
export function parseIsoInstant(value: string): Date | null {
  const m = ISO_INSTANT.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  if (m[8] !== "Z" && (Number(m[9]) > 14 || Number(m[10]) > 59)) return null;
  const ms = Number((m[7] ?? "0").padEnd(3, "0").slice(0, 3));
  const offsetMin = m[8] === "Z" ? 0 : (m[8]!.startsWith("-") ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  // Date.UTC reads years 0–99 as 1900–1999; set the year itself so "0099" stays 99.
  const utc = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  utc.setUTCFullYear(y, mo - 1, d);
  return new Date(utc.getTime() - offsetMin * 60_000);
}

// ───────────── for people to read ─────────────

const DATE = { day: "2-digit", month: "2-digit", year: "numeric" } as const;
const TIME = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

/**
 * The shapes a Kyiv time is shown in (Ukrainian "10.03.2026, 14:30"; English "10/03/2026, 14:30"):
 * date; time; dateTime; dateTimeSeconds (logs, outbox); dayMonthTime (today's board, no
 * year); weekdayDateTime (when a term ends).
 */
const FORMATS = {
  date: DATE,
  time: TIME,
  dateTime: { ...DATE, ...TIME },
  dateTimeSeconds: { ...DATE, ...TIME, second: "2-digit" },
  dayMonthTime: { day: "2-digit", month: "2-digit", ...TIME },
  weekdayDateTime: { weekday: "long", ...DATE, ...TIME },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type KyivFormat = keyof typeof FORMATS;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(format: KyivFormat, lang: Lang) {
  const key = `${format}:${lang}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "uk-UA", { timeZone: KYIV_TIME_ZONE, ...FORMATS[format] });
    formatters.set(key, f);
  }
  return f;
}

/** An instant (or its ISO text) in Kyiv time for people; "" when missing or not a date. */
export function formatKyivTime(value: Date | string | null | undefined, format: KyivFormat, lang: Lang = "uk"): string {
  if (value === null || value === undefined || value === "") return "";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "";
  return formatter(format, lang).format(date);
}

/**
 * A moment told to a citizen: "10.03.2026 14:30" (English "10/03/2026 14:30"); a deadline at
 * the end of a day (23:59) or at midnight shows as the date alone.
 */
export function formatKyivMoment(value: Date | string, lang: Lang): string {
  const time = formatKyivTime(value, "time", "en");
  const day = formatKyivTime(value, "date", lang);
  if (!day) return "";
  return time === "23:59" || time === "00:00" ? day : `${day} ${time}`;
}

/** The Kyiv date as people write it: "02.03.2026". */
export function kyivDateText(instant: Date): string {
  const [y, m, d] = kyivDateOf(instant).split("-");
  return `${d}.${m}.${y}`;
}
