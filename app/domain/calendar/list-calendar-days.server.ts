import type { CalendarRegime } from "#app/generated/prisma/enums.ts";
import { dateColumn, getRegimeInForce, isoFromDateColumn } from "#app/domain/calendar/get-work-calendar.server.ts";
import { getDb } from "#app/utils/db.server.ts";

/** A year's exception days for one regime, the regime periods, and the regime in force now. */
export async function listCalendarDays(options: { year: number; regime: CalendarRegime }) {
  const db = getDb();
  const [days, periods, regimeNow] = await Promise.all([
    db.calendarDay.findMany({
      where: { regime: options.regime, date: { gte: dateColumn(`${options.year}-01-01`), lte: dateColumn(`${options.year}-12-31`) } },
      orderBy: { date: "asc" },
    }),
    db.calendarRegimePeriod.findMany({ orderBy: { effectiveFrom: "desc" } }),
    getRegimeInForce(),
  ]);
  return {
    days: days.map((d) => ({ date: isoFromDateColumn(d.date), isWorking: d.isWorking, reasonUk: d.reasonUk, reasonEn: d.reasonEn })),
    periods: periods.map((p) => ({ id: p.id, regime: p.regime, effectiveFrom: isoFromDateColumn(p.effectiveFrom), note: p.note })),
    regimeNow,
  };
}
