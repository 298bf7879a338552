import type { CalendarRegime } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { dateColumn, isoFromDateColumn } from "./get-work-calendar.server.ts";
import { isValidIsoDate, type IsoDate } from "./kyiv-time.ts";

/**
 * Puts a regime in force from a Kyiv date (replacing whatever period started that same
 * day) and audits it. Deadlines already scheduled keep the regime in force at their
 * request's receipt; only requests received from `effectiveFrom` on use the new one.
 */
export async function setCalendarRegime(options: { regime: CalendarRegime; effectiveFrom: IsoDate; actorId?: string; note?: string }) {
  const { regime, effectiveFrom, actorId } = options;
  if (regime !== "PEACETIME" && regime !== "MARTIAL_LAW") {
    throw new AppError("VALIDATION", "errors:calendar.regimeUnknown", { field: "regime" });
  }
  if (!isValidIsoDate(effectiveFrom)) {
    throw new AppError("VALIDATION", "errors:calendar.dateInvalid", { field: "effectiveFrom" });
  }
  return getDb().$transaction(async (tx) => {
    const previous = await tx.calendarRegimePeriod.findUnique({ where: { effectiveFrom: dateColumn(effectiveFrom) } });
    const period = await tx.calendarRegimePeriod.upsert({
      where: { effectiveFrom: dateColumn(effectiveFrom) },
      create: { regime, effectiveFrom: dateColumn(effectiveFrom), note: options.note },
      update: { regime, note: options.note ?? previous?.note },
    });
    await tx.auditLog.create({
      data: {
        actorId: actorId ?? null,
        action: "calendar.regime-set",
        entityType: "CalendarRegimePeriod",
        entityId: period.id,
        data: { regime, effectiveFrom, previousRegime: previous?.regime ?? null },
      },
    });
    return { id: period.id, regime: period.regime, effectiveFrom: isoFromDateColumn(period.effectiveFrom) };
  });
}
