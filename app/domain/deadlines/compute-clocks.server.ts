import type { CalendarRegime } from "#app/generated/prisma/enums.ts";
import { getTermCalendar } from "#app/domain/calendar/get-work-calendar.server.ts";
import { addTerm, LEGAL_CLOCK_KINDS, legalClockDueAt, type LegalClockKind } from "#app/domain/calendar/terms.ts";
import { toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";

/** The years a preview can be asked for. */
export const MIN_YEAR = 1996;
export const MAX_YEAR = 2100;

export type RegimeName = "peacetime" | "martial-law";
export type ClockKind = LegalClockKind | "sla";
export type Clock = { kind: ClockKind; label: string; dueAt: string };
/** A year a term ran into that the calendar does not know (its holidays were not counted). */
export type CalendarGap = { year: number; message: string };

export function regimeName(regime: CalendarRegime): RegimeName {
  return regime === "PEACETIME" ? "peacetime" : "martial-law";
}

export function regimeFromName(name: RegimeName): CalendarRegime {
  return name === "peacetime" ? "PEACETIME" : "MARTIAL_LAW";
}

/**
 * A preview of every clock that would run for something received at `receivedAt`: the six
 * clocks of the law and, with a category, its operational term. The regime is the one in
 * force on the receipt date unless given (to preview the other calendar).
 */
export async function computeClocks(options: {
  receivedAt: Date;
  categoryCode?: string;
  regime?: CalendarRegime;
  lang?: Lang;
}): Promise<{ receivedAt: string; regime: RegimeName; clocks: Clock[]; calendarGaps: CalendarGap[] }> {
  const { receivedAt, categoryCode } = options;
  const lang = options.lang ?? "uk";
  if (!(receivedAt instanceof Date) || Number.isNaN(receivedAt.getTime())) {
    throw new AppError("VALIDATION", "errors:deadline.receivedAtInvalid", { field: "receivedAt" });
  }
  // The law dates from 1996 and the calendar knows holidays up to 2100; outside that the
  // arithmetic would run past what a Date and the database hold.
  const year = receivedAt.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new AppError("VALIDATION", "errors:deadline.receivedAtRange", { field: "receivedAt", params: { from: MIN_YEAR, to: MAX_YEAR } });
  }
  if (options.regime !== undefined && options.regime !== "PEACETIME" && options.regime !== "MARTIAL_LAW") {
    throw new AppError("VALIDATION", "errors:deadline.regimeInvalid", { field: "regime" });
  }
  const category = categoryCode
    ? await getDb().category.findFirst({
        where: { code: categoryCode, active: true },
        select: { nameUk: true, nameEn: true, slaAmount: true, slaUnit: true },
      })
    : null;
  if (categoryCode && !category) {
    throw new AppError("VALIDATION", "errors:deadline.categoryUnknown", { field: "category" });
  }

  const { regime, calendar, gaps } = await getTermCalendar({ receivedAt, regime: options.regime });
  const clocks: Clock[] = LEGAL_CLOCK_KINDS.map((kind) => ({
    kind,
    label: t(lang, `deadlines:clocks.${kind}`),
    dueAt: toKyivIso(legalClockDueAt({ kind, receivedAt, calendar })),
  }));
  if (category?.slaAmount && category.slaUnit) {
    clocks.push({
      kind: "sla",
      label: t(lang, "deadlines:clocks.sla", {
        category: lang === "en" ? category.nameEn : category.nameUk,
        term: t(lang, `deadlines:units.${category.slaUnit}`, { count: category.slaAmount }),
      }),
      dueAt: toKyivIso(addTerm({ receivedAt, amount: category.slaAmount, unit: category.slaUnit, calendar })),
    });
  }
  return {
    receivedAt: toKyivIso(receivedAt),
    regime: regimeName(regime),
    clocks,
    calendarGaps: gaps.map((year) => ({ year, message: t(lang, "deadlines:calendarGap", { year }) })),
  };
}
