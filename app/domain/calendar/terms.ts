// Term arithmetic of Ukrainian law (Civil Code arts. 253–254, Law 393/96 art. 20) over a
// working calendar. Pure: no database, no clock. Days are Kyiv calendar days (./kyiv-time.ts);
// instants are stored in UTC.
import type { CalendarRegime, TermUnit } from "#app/generated/prisma/enums.ts";
import { AppError } from "#app/utils/errors.ts";
import { assertInstant, daysInMonth, endOfKyivDay, isoDateFromParts, kyivDateOf, parseIsoDate, type IsoDate } from "./kyiv-time.ts";

/** Answers "is this a working day?" for one regime. */
export type WorkCalendar = {
  regime?: CalendarRegime;
  isWorkingDay(isoDate: IsoDate): boolean;
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// A calendar with no working day at all would loop forever; no real term needs more.
const MAX_SCAN_DAYS = 3_700;

// ───────────── date-only arithmetic (UTC-based, so no DST can leak in) ─────────────

export function addDays(isoDate: IsoDate, days: number): IsoDate {
  const [y, m, d] = parseIsoDate(isoDate);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return isoDateFromParts(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Same date N months later; the month's last day when it has no such date (31 Jan + 1 → 28/29 Feb). */
export function addMonths(isoDate: IsoDate, months: number): IsoDate {
  const [y, m, d] = parseIsoDate(isoDate);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return isoDateFromParts(year, month, Math.min(d, daysInMonth(year, month)));
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
export function createWorkCalendar(options: { regime?: CalendarRegime; exceptions?: Iterable<{ date: IsoDate; isWorking: boolean }> }): WorkCalendar {
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
    throw new AppError("VALIDATION", "errors:calendar.termAmountInvalid", { field: "amount" });
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
      throw new AppError("VALIDATION", "errors:calendar.termUnitUnknown", { field: "unit", params: { unit: String(unit) } });
  }
}

// ───────────── the clocks of the law ─────────────

export const LEGAL_CLOCK_KINDS = ["appeal-15d", "appeal-1m", "appeal-max-45d", "info-5wd", "info-48h", "petition-10wd"] as const;
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
