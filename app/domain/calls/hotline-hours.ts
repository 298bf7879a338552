import { kyivWallClock } from "#app/domain/calendar/kyiv-time.ts";

/** Whether `at` falls within "1-5 08:00-17:00" (weekdays 1 = Monday … 7, Kyiv wall clock). */
export function isWithinHotlineHours(options: { hours: string; at: Date }): boolean {
  const m = options.hours.match(/^([1-7])-([1-7]) (\d{2}):(\d{2})-(\d{2}):(\d{2})$/);
  if (!m) return true;
  const [, d1, d2, h1, m1, h2, m2] = m.map(Number) as number[];
  const { weekday: wd, hour, minute } = kyivWallClock(options.at);
  const minutes = hour * 60 + minute;
  const inDays = d1! <= d2! ? wd >= d1! && wd <= d2! : wd >= d1! || wd <= d2!;
  return inDays && minutes >= h1! * 60 + m1! && minutes < h2! * 60 + m2!;
}

export function hotlineHoursText(hours: string): { from: string; to: string } {
  const m = hours.match(/(\d{2}:\d{2})-(\d{2}:\d{2})$/);
  return { from: m?.[1] ?? "", to: m?.[2] ?? "" };
}
