import type { CalendarRegime } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { dateColumn } from "./get-work-calendar.server.ts";
import { isValidIsoDate } from "./kyiv-time.ts";
import { getCalendarExceptions } from "./ukrainian-holidays.ts";

// Day Ukraine's independence was declared; peacetime rules apply from it until a later period.
export const PEACETIME_SINCE = "1991-08-24";
export const MARTIAL_LAW_SINCE = "2022-02-24";

/**
 * Writes the exception days of the given years for both regimes (upserts, so re-running
 * is harmless and brings edited names back in line) and makes sure the regime periods
 * exist. Existing periods are never changed: after the first run the admin screen owns them.
 */
export async function seedCalendar(options: { years: number[]; martialLawSince?: string }) {
  const martialLawSince = options.martialLawSince ?? MARTIAL_LAW_SINCE;
  if (!isValidIsoDate(martialLawSince)) {
    throw new AppError("VALIDATION", "errors:calendar.dateInvalid", { field: "martialLawSince", details: { value: martialLawSince } });
  }
  for (const year of options.years) {
    if (!Number.isInteger(year) || year < 1992 || year > 2200) {
      throw new AppError("VALIDATION", "errors:calendar.yearUnsupported", { field: "years", params: { year } });
    }
  }
  const db = getDb();
  const regimes: CalendarRegime[] = ["PEACETIME", "MARTIAL_LAW"];
  const rows = options.years.flatMap((year) => regimes.flatMap((regime) => getCalendarExceptions({ year, regime }).map((e) => ({ ...e, regime }))));
  await db.$transaction(async (tx) => {
    for (const r of rows) {
      await tx.calendarDay.upsert({
        where: { regime_date: { regime: r.regime, date: dateColumn(r.date) } },
        create: { regime: r.regime, date: dateColumn(r.date), isWorking: r.isWorking, reasonUk: r.reasonUk, reasonEn: r.reasonEn },
        update: { isWorking: r.isWorking, reasonUk: r.reasonUk, reasonEn: r.reasonEn },
      });
    }
    for (const p of [
      { regime: "PEACETIME" as const, effectiveFrom: PEACETIME_SINCE, note: "Мирний час" },
      { regime: "MARTIAL_LAW" as const, effectiveFrom: martialLawSince, note: "Воєнний стан (Указ Президента № 64/2022)" },
    ]) {
      await tx.calendarRegimePeriod.upsert({
        where: { effectiveFrom: dateColumn(p.effectiveFrom) },
        create: { regime: p.regime, effectiveFrom: dateColumn(p.effectiveFrom), note: p.note },
        update: {},
      });
    }
  });
  return { days: rows.length };
}
