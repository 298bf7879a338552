import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { dateColumn } from "#app/domain/calendar/get-work-calendar.server.ts";
import { isValidIsoDate } from "#app/domain/calendar/kyiv-time.ts";
import { isWeekend } from "#app/domain/calendar/terms.ts";
import { getCalendarExceptions } from "#app/domain/calendar/ukrainian-holidays.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const RemoveCalendarDayInputSchema = z.object({
  actorId: z.string().uuid(),
  regime: z.enum(["PEACETIME", "MARTIAL_LAW"]),
  date: z.string().refine(isValidIsoDate, "errors:calendar.dateInvalid"),
});

/**
 * Removes an exception day, so the date is what the rules make it:
 * - a day the rules generated (a holiday, a transfer) becomes an ordinary day of the week,
 *   kept as the city's row so that generating the year again does not bring it back;
 * - a day the city made is deleted, and where the rules have a day for that date (the city
 *   had overridden a holiday) the rule's day is back.
 */
export async function removeCalendarDay(input: z.input<typeof RemoveCalendarDayInputSchema>) {
  const data = parseInput(RemoveCalendarDayInputSchema, input);
  return getDb().$transaction(async (tx) => {
    const where = { regime_date: { regime: data.regime, date: dateColumn(data.date) } };
    const day = await tx.calendarDay.findUnique({ where });
    if (!day) throw new AppError("NOT_FOUND", "errors:calendar.dayNotFound", { field: "date" });
    let restored: boolean | null = null;
    if (day.source === "RULE") {
      await tx.calendarDay.update({
        where,
        data: {
          source: "ADMIN",
          isWorking: !isWeekend(data.date),
          reasonUk: `Скасовано: ${day.reasonUk}`.slice(0, 200),
          reasonEn: `Cancelled: ${day.reasonEn}`.slice(0, 200),
        },
      });
    } else {
      await tx.calendarDay.delete({ where });
      const year = Number(data.date.slice(0, 4));
      const generated = await tx.calendarYear.findUnique({ where: { regime_year: { regime: data.regime, year } } });
      const rule = generated ? getCalendarExceptions({ year, regime: data.regime }).find((e) => e.date === data.date) : undefined;
      if (rule) {
        await tx.calendarDay.create({
          data: {
            regime: data.regime,
            date: dateColumn(data.date),
            isWorking: rule.isWorking,
            reasonUk: rule.reasonUk,
            reasonEn: rule.reasonEn,
            source: "RULE",
          },
        });
        restored = rule.isWorking;
      }
    }
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "calendar.day-remove",
      entityType: "CalendarDay",
      entityId: `${data.regime}:${data.date}`,
      data: { isWorking: day.isWorking, reasonUk: day.reasonUk, source: day.source, ruleRestored: restored !== null },
    });
  });
}
