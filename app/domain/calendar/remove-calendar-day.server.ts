import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { dateColumn } from "#app/domain/calendar/get-work-calendar.server.ts";
import { isValidIsoDate } from "#app/domain/calendar/kyiv-time.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const RemoveCalendarDayInputSchema = z.object({
  actorId: z.string().uuid(),
  regime: z.enum(["PEACETIME", "MARTIAL_LAW"]),
  date: z.string().refine(isValidIsoDate, "errors:calendar.dateInvalid"),
});

/** Removes an exception day: the date goes back to the ordinary week (Mon–Fri work). */
export async function removeCalendarDay(input: z.input<typeof RemoveCalendarDayInputSchema>) {
  const data = parseInput(RemoveCalendarDayInputSchema, input);
  return getDb().$transaction(async (tx) => {
    const where = { regime_date: { regime: data.regime, date: dateColumn(data.date) } };
    const day = await tx.calendarDay.findUnique({ where });
    if (!day) throw new AppError("NOT_FOUND", "errors:calendar.dayNotFound", { field: "date" });
    await tx.calendarDay.delete({ where });
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "calendar.day-remove",
      entityType: "CalendarDay",
      entityId: `${data.regime}:${data.date}`,
      data: { isWorking: day.isWorking, reasonUk: day.reasonUk },
    });
  });
}
