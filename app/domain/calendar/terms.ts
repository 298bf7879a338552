// Term arithmetic of Ukrainian law (Civil Code arts. 253–254, Law 393/96 art. 20) over a
// working calendar. Pure: no database, no clock. Everything people see is in Europe/Kyiv;
// instants are stored in UTC.
import type { CalendarRegime, TermUnit } from "#app/generated/prisma/enums.ts";
import { AppError } from "#app/utils/errors.ts";

export const KYIV_TIME_ZONE = "Europe/Kyiv";

/** "YYYY-MM-DD", a date on the Kyiv wall calendar. */
export type IsoDate = string;

/** Answers "is this a working day?" for one regime. */
export type WorkCalendar = {
  regime?: CalendarRegime;
  isWorkingDay(isoDate: IsoDate): boolean;
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// A calendar with no working day at all would loop forever; no real term needs more.
const MAX_SCAN_DAYS = 3_700;

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

function wallClockOf(instant: Date) {
  const parts: Record<string, number> = {};
  for (const p of kyivParts.formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Minutes Kyiv is ahead of UTC at this instant (120 in winter, 180 in summer). */
export function kyivOffsetMinutes(instant: Date): number {
  const w = wallClockOf(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

function assertInstant(instant: Date, field = "receivedAt") {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new AppError("VALIDATION", "Invalid date and time", { field });
  }
}

/** The Kyiv calendar date of an instant: 2026-03-10T22:30Z → "2026-03-11". */
export function kyivDateOf(instant: Date): IsoDate {
  assertInstant(instant);
  const w = wallClockOf(instant);
  return isoFromParts(w.year, w.month, w.day);
}

/**
 * The UTC instant of a Kyiv wall-clock time. A time inside the spring-forward gap
 * (03:00–03:59 on the last Sunday of March) lands an hour later; a repeated autumn hour
 * resolves to its second occurrence.
 */
export function instantFromKyivWallClock(options: {
  date: IsoDate;
  hour?: number;
  minute?: number;
  second?: number;
  ms?: number;
}): Date {
  const [y, m, d] = parseIsoDate(options.date);
  const local = Date.UTC(y, m - 1, d, options.hour ?? 0, options.minute ?? 0, options.second ?? 0, options.ms ?? 0);
  // Two passes settle the offset on either side of a DST change.
  let guess = local - kyivOffsetMinutes(new Date(local)) * 60_000;
  guess = local - kyivOffsetMinutes(new Date(guess)) * 60_000;
  return new Date(guess);
}

/** The last millisecond of a Kyiv day (23:59:59.999 Kyiv time) as a UTC instant. */
export function endOfKyivDay(isoDate: IsoDate): Date {
  return instantFromKyivWallClock({ date: isoDate, hour: 23, minute: 59, second: 59, ms: 999 });
}

/** ISO-8601 in Kyiv time with its offset and milliseconds: "2026-02-02T23:59:59.999+02:00". */
export function toKyivIso(instant: Date): string {
  assertInstant(instant, "instant");
  const w = wallClockOf(instant);
  const offset = kyivOffsetMinutes(instant);
  const ms = ((instant.getTime() % 1000) + 1000) % 1000;
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return (
    `${isoFromParts(w.year, w.month, w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${String(ms).padStart(3, "0")}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The Kyiv date as people write it: "02.03.2026". */
export function kyivDateText(instant: Date): string {
  const [y, m, d] = kyivDateOf(instant).split("-");
  return `${d}.${m}.${y}`;
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

/** "2026-03-10T14:30" as typed into a datetime-local field, read as Kyiv wall-clock time. */
export function parseKyivLocal(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m || !isValidIsoDate(m[1]!)) return null;
  const [h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  return instantFromKyivWallClock({ date: m[1]!, hour: h, minute: mi, second: s });
}

/** The Kyiv wall-clock time for a datetime-local field: "2026-03-10T14:30". */
export function toKyivLocalInput(instant: Date): string {
  return toKyivIso(instant).slice(0, 16);
}

// ───────────── date-only arithmetic (UTC-based, so no DST can leak in) ─────────────

export function isValidIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parseIsoDate(value: IsoDate): [number, number, number] {
  if (!isValidIsoDate(value)) throw new AppError("VALIDATION", `Invalid date: ${value}`, { field: "date" });
  return value.split("-").map(Number) as [number, number, number];
}

function pad(n: number) {
  return String(n).padStart(2, "0");
}

function isoFromParts(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, "0")}-${pad(m)}-${pad(d)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(isoDate: IsoDate, days: number): IsoDate {
  const [y, m, d] = parseIsoDate(isoDate);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return isoFromParts(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Same date N months later; the month's last day when it has no such date (31 Jan + 1 → 28/29 Feb). */
export function addMonths(isoDate: IsoDate, months: number): IsoDate {
  const [y, m, d] = parseIsoDate(isoDate);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return isoFromParts(year, month, Math.min(d, daysInMonth(year, month)));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(isoDate: IsoDate): number {
  const [y, m, d] = parseIsoDate(isoDate);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekend(isoDate: IsoDate): boolean {
  const wd = weekdayOf(isoDate);
  return wd === 0 || wd === 6;
}

// ───────────── calendars ─────────────

/**
 * A calendar from exception rows: Saturday and Sunday rest, Monday–Friday work, unless a
 * row for that date says otherwise.
 */
export function createWorkCalendar(options: {
  regime?: CalendarRegime;
  exceptions?: Iterable<{ date: IsoDate; isWorking: boolean }>;
}): WorkCalendar {
  const overrides = new Map<IsoDate, boolean>();
  for (const e of options.exceptions ?? []) overrides.set(e.date, e.isWorking);
  return {
    regime: options.regime,
    isWorkingDay(isoDate) {
      return overrides.get(isoDate) ?? !isWeekend(isoDate);
    },
  };
}

/** The first working day on or after the date. */
export function nextWorkingDayFrom(options: { date: IsoDate; calendar: WorkCalendar }): IsoDate {
  let day = options.date;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    if (options.calendar.isWorkingDay(day)) return day;
    day = addDays(day, 1);
  }
  throw new Error(`No working day within ${MAX_SCAN_DAYS} days of ${options.date}`);
}

// ───────────── terms ─────────────

/**
 * When a term ends. The receipt date is the Kyiv date of `receivedAt`; the term starts
 * the next day. Days and months end at 23:59:59.999 Kyiv of the last day, moved to the
 * next working day when that day is non-working (unless `moveOffNonWorking` is false);
 * working days count only working days after the receipt date; hours are exact.
 */
export function addTerm(options: {
  receivedAt: Date;
  amount: number;
  unit: TermUnit;
  calendar: WorkCalendar;
  /** false only for absolute caps such as the 45-day limit of Law 393/96 art. 20. */
  moveOffNonWorking?: boolean;
}): Date {
  const { receivedAt, amount, unit, calendar } = options;
  assertInstant(receivedAt);
  if (!Number.isInteger(amount) || amount < 1) {
    throw new AppError("VALIDATION", "A term must be a whole positive number", { field: "amount" });
  }
  if (unit === "HOURS") return new Date(receivedAt.getTime() + amount * HOUR_MS);

  const receipt = kyivDateOf(receivedAt);
  const move = options.moveOffNonWorking ?? true;
  switch (unit) {
    case "CALENDAR_DAYS": {
      const last = addDays(receipt, amount);
      return endOfKyivDay(move ? nextWorkingDayFrom({ date: last, calendar }) : last);
    }
    case "MONTHS": {
      const last = addMonths(receipt, amount);
      return endOfKyivDay(move ? nextWorkingDayFrom({ date: last, calendar }) : last);
    }
    case "WORKING_DAYS": {
      let day = receipt;
      let counted = 0;
      for (let i = 0; counted < amount; i++) {
        if (i > MAX_SCAN_DAYS) throw new Error(`No ${amount} working days within ${MAX_SCAN_DAYS} days of ${receipt}`);
        day = addDays(day, 1);
        if (calendar.isWorkingDay(day)) counted++;
      }
      return endOfKyivDay(day);
    }
    default:
      throw new AppError("VALIDATION", `Unknown term unit: ${String(unit)}`, { field: "unit" });
  }
}

// ───────────── the clocks of the law ─────────────

export const LEGAL_CLOCK_KINDS = [
  "appeal-15d",
  "appeal-1m",
  "appeal-max-45d",
  "info-5wd",
  "info-48h",
  "petition-10wd",
] as const;
export type LegalClockKind = (typeof LEGAL_CLOCK_KINDS)[number];

export const LEGAL_CLOCKS: Record<LegalClockKind, { amount: number; unit: TermUnit; moveOffNonWorking: boolean }> = {
  // Law 393/96 art. 20: without delay, at most 15 days when no extra study is needed.
  "appeal-15d": { amount: 15, unit: "CALENDAR_DAYS", moveOffNonWorking: true },
  // Law 393/96 art. 20: the default term of one month.
  "appeal-1m": { amount: 1, unit: "MONTHS", moveOffNonWorking: true },
  // Art. 20 says the total "may not exceed 45 days": an absolute ceiling, not an ordinary
  // term. Moving it past a weekend would let the total exceed 45 days, so day 45 stays
  // even when it is a non-working day; the city simply has to answer earlier.
  "appeal-max-45d": { amount: 45, unit: "CALENDAR_DAYS", moveOffNonWorking: false },
  // Law 2939-VI art. 20: public information requests, 5 working days; 48 hours when the
  // information concerns life, health, environment or an emergency.
  "info-5wd": { amount: 5, unit: "WORKING_DAYS", moveOffNonWorking: true },
  "info-48h": { amount: 48, unit: "HOURS", moveOffNonWorking: true },
  // Law 393/96 art. 23-1: an e-petition that gathered its signatures, 10 working days.
  "petition-10wd": { amount: 10, unit: "WORKING_DAYS", moveOffNonWorking: true },
};

export function legalClockDueAt(options: { kind: LegalClockKind; receivedAt: Date; calendar: WorkCalendar }): Date {
  const clock = LEGAL_CLOCKS[options.kind];
  return addTerm({ receivedAt: options.receivedAt, calendar: options.calendar, ...clock });
}

/** The latest moment an appeal may be answered, extensions included (45 days, never moved). */
export function appealCapDueAt(options: { receivedAt: Date }): Date {
  return addTerm({ receivedAt: options.receivedAt, amount: 45, unit: "CALENDAR_DAYS", calendar: createWorkCalendar({}), moveOffNonWorking: false });
}
