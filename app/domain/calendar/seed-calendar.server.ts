import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { dateColumn } from "./get-work-calendar.server.ts";
import { isValidIsoDate } from "./kyiv-time.ts";
import { CALENDAR_REGIMES, ensureCalendarYears, isRuleYear } from "./generate-calendar-years.server.ts";
import { getCalendarExceptions } from "./ukrainian-holidays.ts";

// Day Ukraine's independence was declared; peacetime rules apply from it until a later period.
export const PEACETIME_SINCE = "1991-08-24";
export const MARTIAL_LAW_SINCE = "2022-02-24";

/**
 * Generates the rule days of the given years for both regimes (only where no row exists, so
 * re-running is harmless and never undoes the city's edits) and makes sure the regime
 * periods exist. Existing periods are never changed: after the first run the admin screen
 * owns them. Years beyond these are generated when a term first reaches them.
 */
export async function seedCalendar(options: { years: number[]; martialLawSince?: string }) {
  const martialLawSince = options.martialLawSince ?? MARTIAL_LAW_SINCE;
  if (!isValidIsoDate(martialLawSince)) {
    throw new AppError("VALIDATION", "errors:calendar.dateInvalid", { field: "martialLawSince", details: { value: martialLawSince } });
  }
  for (const year of options.years) {
    if (!isRuleYear("PEACETIME", year)) {
      throw new AppError("VALIDATION", "errors:calendar.yearUnsupported", { field: "years", params: { year } });
    }
  }
  const db = getDb();
  // regenerate: a year marked earlier still gets any rule day missing from it.
  await ensureCalendarYears({ years: options.years, regenerate: true });
  await db.$transaction(async (tx) => {
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
  const days = options.years.flatMap((year) => CALENDAR_REGIMES.flatMap((regime) => getCalendarExceptions({ year, regime }))).length;
  return { days };
}
