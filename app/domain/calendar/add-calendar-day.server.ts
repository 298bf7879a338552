import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { dateColumn } from "#app/domain/calendar/get-work-calendar.server.ts";
import { isValidIsoDate } from "#app/domain/calendar/kyiv-time.ts";
import { getDb } from "#app/utils/db.server.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const AddCalendarDayInputSchema = z.object({
  actorId: z.string().uuid(),
  regime: z.enum(["PEACETIME", "MARTIAL_LAW"]),
  date: z.string().refine(isValidIsoDate, "errors:calendar.dateInvalid"),
  isWorking: z.boolean(),
  reasonUk: z.string().trim().min(2).max(200),
  reasonEn: z.string().trim().max(200).optional(),
});

/**
 * Adds (or replaces) an exception day: a day off on a weekday, or a working Saturday. It is
 * the city's row (source ADMIN): it wins over the rules, which never overwrite it, also for
 * a holiday or transfer the rules generated. Deadlines computed earlier keep their dates;
 * new ones use the changed calendar.
 */
export async function addCalendarDay(input: z.input<typeof AddCalendarDayInputSchema>) {
  const data = parseInput(AddCalendarDayInputSchema, input);
  return getDb().$transaction(async (tx) => {
    const row = { isWorking: data.isWorking, reasonUk: data.reasonUk, reasonEn: data.reasonEn || data.reasonUk, source: "ADMIN" as const };
    const day = await tx.calendarDay.upsert({
      where: { regime_date: { regime: data.regime, date: dateColumn(data.date) } },
      create: { regime: data.regime, date: dateColumn(data.date), ...row },
      update: row,
    });
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "calendar.day-add",
      entityType: "CalendarDay",
      entityId: `${data.regime}:${data.date}`,
      data: { ...row },
    });
    return day;
  });
}
