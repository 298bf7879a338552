// Public holidays of Labour Code art. 73 (as amended by Law 3303-IX of 2023) and the
// peacetime day-off transfer of art. 67 part 3. Pure: the seed turns these into
// CalendarDay rows, and from then on the table (editable by the city) is what counts.
import type { CalendarRegime } from "#app/generated/prisma/enums.ts";
import { addDays, isWeekend } from "./terms.ts";
import { type IsoDate } from "./kyiv-time.ts";

export type Holiday = { date: IsoDate; code: string; nameUk: string; nameEn: string };

export type CalendarException = { date: IsoDate; isWorking: boolean; reasonUk: string; reasonEn: string };

function iso(year: number, month: number, day: number): IsoDate {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Orthodox Easter Sunday by the Julian Paschalion (Meeus), converted to the Gregorian
 * calendar. 2026 → 12 April, 2027 → 2 May.
 */
export function orthodoxEaster(year: number): IsoDate {
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  // Julian → Gregorian: 13 days in 1900–2099, one more each century not divisible by 400.
  const shift = Math.floor(year / 100) - Math.floor(year / 400) - 2;
  return addDays(iso(year, month, day), shift);
}

/** The public holidays of a year, in date order. */
export function getUkrainianHolidays(year: number): Holiday[] {
  const easter = orthodoxEaster(year);
  const list: Holiday[] = [
    { date: iso(year, 1, 1), code: "new-year", nameUk: "Новий рік", nameEn: "New Year's Day" },
    { date: iso(year, 3, 8), code: "womens-day", nameUk: "Міжнародний жіночий день", nameEn: "International Women's Day" },
    { date: easter, code: "easter", nameUk: "Великдень (Пасха)", nameEn: "Easter" },
    { date: addDays(easter, 49), code: "trinity", nameUk: "Трійця", nameEn: "Trinity" },
    { date: iso(year, 5, 1), code: "labour-day", nameUk: "День праці", nameEn: "Labour Day" },
    {
      date: iso(year, 5, 8),
      code: "remembrance-day",
      nameUk: "День пам'яті та перемоги над нацизмом у Другій світовій війні 1939–1945 років",
      nameEn: "Day of Remembrance and Victory over Nazism in World War II",
    },
    { date: iso(year, 6, 28), code: "constitution-day", nameUk: "День Конституції України", nameEn: "Constitution Day" },
    { date: iso(year, 7, 15), code: "statehood-day", nameUk: "День Української Державності", nameEn: "Ukrainian Statehood Day" },
    { date: iso(year, 8, 24), code: "independence-day", nameUk: "День Незалежності України", nameEn: "Independence Day" },
    { date: iso(year, 10, 1), code: "defenders-day", nameUk: "День захисників і захисниць України", nameEn: "Defenders Day" },
    { date: iso(year, 12, 25), code: "christmas", nameUk: "Різдво Христове", nameEn: "Christmas Day" },
  ];
  return list.sort((x, y) => x.date.localeCompare(y.date));
}

/**
 * Non-working days beyond weekends for a year under a regime. Peacetime: every holiday,
 * and for a holiday on Saturday or Sunday the next working day (Labour Code art. 67
 * part 3). Martial law (Law 2136-IX): none — holidays are ordinary working days.
 */
export function getCalendarExceptions(options: { year: number; regime: CalendarRegime }): CalendarException[] {
  if (options.regime === "MARTIAL_LAW") return [];
  const holidays = getUkrainianHolidays(options.year);
  const taken = new Set(holidays.map((h) => h.date));
  const result: CalendarException[] = holidays.map((h) => ({
    date: h.date,
    isWorking: false,
    reasonUk: h.nameUk,
    reasonEn: h.nameEn,
  }));
  for (const h of holidays) {
    if (!isWeekend(h.date)) continue;
    // Easter and Trinity are always Sundays; two weekend holidays in a row take two days.
    let day = addDays(h.date, 1);
    while (isWeekend(day) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    result.push({
      date: day,
      isWorking: false,
      reasonUk: `Перенесений вихідний: ${h.nameUk}`,
      reasonEn: `Day off in lieu of ${h.nameEn}`,
    });
  }
  return result.sort((x, y) => x.date.localeCompare(y.date));
}
