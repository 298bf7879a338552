import type { CalendarRegime } from "#app/generated/prisma/enums.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { addDays, createWorkCalendar, type WorkCalendar } from "./terms.ts";
import { isValidIsoDate, kyivDateOf, type IsoDate } from "./kyiv-time.ts";

/** A Postgres DATE travels as midnight UTC of that date. */
export function dateColumn(isoDate: IsoDate): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

export function isoFromDateColumn(value: Date): IsoDate {
  return value.toISOString().slice(0, 10);
}

/**
 * The regime in force on the Kyiv date of `at` (default: now): the period with the latest
 * effectiveFrom on or before it. Without any period row, martial law: it has the fewest
 * non-working days, so no term computed under it ends later than the law allows.
 */
export async function getRegimeInForce(options: { at?: Date; tx?: Tx } = {}): Promise<CalendarRegime> {
  const db = options.tx ?? getDb();
  const day = kyivDateOf(options.at ?? new Date());
  const period = await db.calendarRegimePeriod.findFirst({
    where: { effectiveFrom: { lte: dateColumn(day) } },
    orderBy: { effectiveFrom: "desc" },
    select: { regime: true },
  });
  return period?.regime ?? "MARTIAL_LAW";
}

/**
 * The working calendar of a regime. With `from`/`to` only that window of exception rows is
 * loaded (one query) and asking about a day outside it is a programming error; without
 * them every exception row of the regime is loaded (a few dozen per year).
 */
export async function getWorkCalendar(options: { regime: CalendarRegime; from?: IsoDate; to?: IsoDate; tx?: Tx }): Promise<WorkCalendar> {
  const { regime, from, to } = options;
  for (const [field, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value !== undefined && !isValidIsoDate(value)) throw new AppError("VALIDATION", "errors:calendar.dateInvalid", { field, details: { value } });
  }
  const db = options.tx ?? getDb();
  const rows = await db.calendarDay.findMany({
    where: {
      regime,
      date: { ...(from ? { gte: dateColumn(from) } : {}), ...(to ? { lte: dateColumn(to) } : {}) },
    },
    select: { date: true, isWorking: true },
  });
  const inner = createWorkCalendar({
    regime,
    exceptions: rows.map((r) => ({ date: isoFromDateColumn(r.date), isWorking: r.isWorking })),
  });
  return {
    regime,
    isWorkingDay(isoDate) {
      if ((from && isoDate < from) || (to && isoDate > to)) {
        throw new RangeError(`${isoDate} is outside the loaded calendar window ${from ?? "…"}–${to ?? "…"}`);
      }
      return inner.isWorkingDay(isoDate);
    },
  };
}

// Long enough for any term the city configures (a year and a month of working days).
const TERM_WINDOW_DAYS = 400;

/**
 * The regime and calendar that count terms for something received at `receivedAt`: the
 * regime in force on the receipt date unless one is given, loaded for the window any term
 * from that receipt can reach.
 */
export async function getTermCalendar(options: { receivedAt: Date; regime?: CalendarRegime; tx?: Tx }) {
  const regime = options.regime ?? (await getRegimeInForce({ at: options.receivedAt, tx: options.tx }));
  const from = kyivDateOf(options.receivedAt);
  const calendar = await getWorkCalendar({ regime, from, to: addDays(from, TERM_WINDOW_DAYS), tx: options.tx });
  return { regime, calendar };
}
