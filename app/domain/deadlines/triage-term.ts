// The contact centre's own term to categorise a request that arrived without a category
// (an SMS, a voice message, a form sent without choosing one). It counts the centre's
// working time only — its hours on the working days of the calendar in force at receipt —
// so a text sent at night is due in the morning, not escalated to supervisors at 1 a.m.
// Pure: no database, no clock.
import { addDays, type WorkCalendar } from "#app/domain/calendar/terms.ts";
import { assertInstant, instantFromKyivWallClock, kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";

const MINUTE_MS = 60_000;
/** A day's worth of minutes at most: a longer term is no triage any more. */
export const TRIAGE_MAX_MINUTES = 24 * 60;
// A calendar with no working day at all would loop forever; no real term needs more.
const MAX_SCAN_DAYS = 400;

export type TriageHours = {
  /** Term in working minutes. */
  minutes: number;
  /** The centre's working day, Kyiv wall clock: from this hour (inclusive)… */
  dayStartHour: number;
  /** …to this hour (exclusive). */
  dayEndHour: number;
};

/** Working hours as given, or the whole day when they make no sense (start not before end). */
function hoursOf(h: TriageHours) {
  const start = Number.isInteger(h.dayStartHour) && h.dayStartHour >= 0 && h.dayStartHour < 24 ? h.dayStartHour : 0;
  const end = Number.isInteger(h.dayEndHour) && h.dayEndHour > start && h.dayEndHour <= 24 ? h.dayEndHour : 24;
  return { start, end };
}

/**
 * When the triage term ends: `minutes` of the centre's working time after `receivedAt`.
 * Time outside the working hours or on a non-working day does not count.
 */
export function triageDueAt(options: { receivedAt: Date; calendar: WorkCalendar; hours: TriageHours }): Date {
  const { receivedAt, calendar } = options;
  assertInstant(receivedAt);
  const { start, end } = hoursOf(options.hours);
  let remaining = Math.max(1, Math.round(Number.isFinite(options.hours.minutes) ? options.hours.minutes : 0)) * MINUTE_MS;
  let day = kyivDateOf(receivedAt);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, day = addDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) continue;
    const opens = instantFromKyivWallClock({ date: day, hour: start });
    const closes = end === 24 ? instantFromKyivWallClock({ date: addDays(day, 1) }) : instantFromKyivWallClock({ date: day, hour: end });
    const from = Math.max(receivedAt.getTime(), opens.getTime());
    const available = closes.getTime() - from;
    if (available <= 0) continue;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
  }
  throw new Error(`No working time within ${MAX_SCAN_DAYS} days of ${kyivDateOf(receivedAt)}`);
}
