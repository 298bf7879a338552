import { describe, expect, test } from "vitest";
import { addMonths, addTerm, appealCapDueAt, createWorkCalendar, legalClockDueAt, type WorkCalendar } from "#app/domain/calendar/terms.ts";
import { endOfKyivDay, kyivDateOf, parseIsoInstant, parseKyivLocal, toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { getCalendarExceptions, getUkrainianHolidays, orthodoxEaster } from "#app/domain/calendar/ukrainian-holidays.ts";
import type { CalendarRegime } from "#app/generated/prisma/enums.ts";

function calendar(regime: CalendarRegime): WorkCalendar {
  return createWorkCalendar({
    regime,
    exceptions: [2026, 2027].flatMap((year) => getCalendarExceptions({ year, regime })),
  });
}
const peacetime = calendar("PEACETIME");
const martialLaw = calendar("MARTIAL_LAW");

const at = (iso: string) => {
  const d = parseIsoInstant(iso);
  if (!d) throw new Error(`bad test date ${iso}`);
  return d;
};
const due = (receivedAt: string, amount: number, unit: "CALENDAR_DAYS" | "WORKING_DAYS" | "MONTHS" | "HOURS", cal: WorkCalendar) =>
  toKyivIso(addTerm({ receivedAt: at(receivedAt), amount, unit, calendar: cal }));

describe("the Orthodox Paschalion and the public holidays", () => {
  test("Easter and Trinity for 2026–2030, the years a term received now can reach", () => {
    const expected: Record<number, [string, string]> = {
      2026: ["2026-04-12", "2026-05-31"],
      2027: ["2027-05-02", "2027-06-20"],
      2028: ["2028-04-16", "2028-06-04"],
      2029: ["2029-04-08", "2029-05-27"],
      2030: ["2030-04-28", "2030-06-16"],
    };
    for (const [year, [easter, trinity]] of Object.entries(expected)) {
      const holidays = getUkrainianHolidays(Number(year));
      expect(orthodoxEaster(Number(year)), year).toBe(easter);
      expect(holidays.find((h) => h.code === "easter")?.date, year).toBe(easter);
      expect(holidays.find((h) => h.code === "trinity")?.date, year).toBe(trinity);
    }
  });

  test("Easter and Trinity fall on the dates of the law's examples", () => {
    expect(orthodoxEaster(2026)).toBe("2026-04-12");
    expect(orthodoxEaster(2027)).toBe("2027-05-02");
    const trinity = (y: number) => getUkrainianHolidays(y).find((h) => h.code === "trinity")?.date;
    expect(trinity(2026)).toBe("2026-05-31");
    expect(trinity(2027)).toBe("2027-06-20");
  });

  test("a holiday on a weekend gives the next working day off in peacetime, nothing under martial law", () => {
    const off = (year: number) => getCalendarExceptions({ year, regime: "PEACETIME" }).map((e) => e.date);
    // 8 March 2026 and 28 June 2026 are Sundays; Easter and Trinity always are.
    expect(off(2026)).toEqual(expect.arrayContaining(["2026-03-09", "2026-04-13", "2026-06-01", "2026-06-29"]));
    // 1 May 2027 (Saturday) and Easter 2 May 2027 (Sunday) take Monday and Tuesday.
    expect(off(2027)).toEqual(expect.arrayContaining(["2027-05-03", "2027-05-04", "2027-05-10", "2027-12-27"]));
    expect(off(2026)).not.toContain("2026-08-25");
    expect(getCalendarExceptions({ year: 2026, regime: "MARTIAL_LAW" })).toEqual([]);
  });
});

describe("terms in calendar days", () => {
  test("a term ending on Saturday ends on Monday", () => {
    // Received Friday 30 January; day 15 is Saturday 14 February.
    expect(due("2026-01-30T10:00:00+02:00", 15, "CALENDAR_DAYS", martialLaw)).toBe("2026-02-16T23:59:59.999+02:00");
  });

  test("Independence Day moves a term to the next day in peacetime only", () => {
    // Day 15 after Sunday 9 August 2026 is Monday 24 August.
    expect(due("2026-08-09T12:00:00+03:00", 15, "CALENDAR_DAYS", peacetime)).toBe("2026-08-25T23:59:59.999+03:00");
    expect(due("2026-08-09T12:00:00+03:00", 15, "CALENDAR_DAYS", martialLaw)).toBe("2026-08-24T23:59:59.999+03:00");
  });

  test("the transfer day after a Sunday holiday is not working in peacetime", () => {
    // Day 15 is Sunday 28 June 2026 (Constitution Day); Monday 29 June is its transfer day.
    expect(due("2026-06-13T09:00:00+03:00", 15, "CALENDAR_DAYS", peacetime)).toBe("2026-06-30T23:59:59.999+03:00");
    expect(due("2026-06-13T09:00:00+03:00", 15, "CALENDAR_DAYS", martialLaw)).toBe("2026-06-29T23:59:59.999+03:00");
  });
});

describe("terms in months", () => {
  test("31 January + 1 month is 28 February, a Saturday, so 2 March in both regimes", () => {
    for (const cal of [peacetime, martialLaw]) {
      expect(due("2026-01-31T12:00:00+02:00", 1, "MONTHS", cal)).toBe("2026-03-02T23:59:59.999+02:00");
    }
  });

  test("the month's last day stands in for a missing date, and a leap year has 29 February", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    // 29 February 2028 is a Tuesday: no move.
    expect(due("2028-01-31T12:00:00+02:00", 1, "MONTHS", martialLaw)).toBe("2028-02-29T23:59:59.999+02:00");
  });

  test("the appeal's one-month clock moves past the Easter transfer day in peacetime", () => {
    // 13 March + 1 month = Monday 13 April 2026, the day off for Easter.
    const receivedAt = at("2026-03-13T10:00:00+02:00");
    expect(toKyivIso(legalClockDueAt({ kind: "appeal-1m", receivedAt, calendar: peacetime }))).toBe("2026-04-14T23:59:59.999+03:00");
    expect(toKyivIso(legalClockDueAt({ kind: "appeal-1m", receivedAt, calendar: martialLaw }))).toBe("2026-04-13T23:59:59.999+03:00");
  });
});

describe("the 45-day cap of Law 393/96 art. 20", () => {
  test("day 45 stays even when it is a Sunday; an ordinary 45-day term would move", () => {
    // 1 January 2026 + 45 days = Sunday 15 February.
    const receivedAt = at("2026-01-01T15:00:00+02:00");
    expect(toKyivIso(legalClockDueAt({ kind: "appeal-max-45d", receivedAt, calendar: peacetime }))).toBe("2026-02-15T23:59:59.999+02:00");
    expect(toKyivIso(appealCapDueAt({ receivedAt }))).toBe("2026-02-15T23:59:59.999+02:00");
    expect(due("2026-01-01T15:00:00+02:00", 45, "CALENDAR_DAYS", peacetime)).toBe("2026-02-16T23:59:59.999+02:00");
  });
});

describe("terms in working days", () => {
  test("five working days across a weekend and Independence Day", () => {
    // Received Wednesday 19 August 2026: Thu, Fri, (weekend), Mon 24 (holiday in peacetime), Tue, Wed…
    expect(toKyivIso(legalClockDueAt({ kind: "info-5wd", receivedAt: at("2026-08-19T16:00:00+03:00"), calendar: peacetime }))).toBe(
      "2026-08-27T23:59:59.999+03:00",
    );
    expect(toKyivIso(legalClockDueAt({ kind: "info-5wd", receivedAt: at("2026-08-19T16:00:00+03:00"), calendar: martialLaw }))).toBe(
      "2026-08-26T23:59:59.999+03:00",
    );
  });

  test("ten working days across Easter and its transfer day", () => {
    const receivedAt = at("2026-04-09T11:00:00+03:00");
    expect(toKyivIso(legalClockDueAt({ kind: "petition-10wd", receivedAt, calendar: peacetime }))).toBe("2026-04-24T23:59:59.999+03:00");
    expect(toKyivIso(legalClockDueAt({ kind: "petition-10wd", receivedAt, calendar: martialLaw }))).toBe("2026-04-23T23:59:59.999+03:00");
  });

  test("received on Saturday: the first working day counted is Monday", () => {
    expect(due("2026-03-14T10:00:00+02:00", 1, "WORKING_DAYS", martialLaw)).toBe("2026-03-16T23:59:59.999+02:00");
  });

  test("a day the calendar marks working counts even on a Saturday", () => {
    const cal = createWorkCalendar({ exceptions: [{ date: "2026-03-14", isWorking: true }] });
    expect(due("2026-03-13T10:00:00+02:00", 1, "WORKING_DAYS", cal)).toBe("2026-03-14T23:59:59.999+02:00");
  });
});

describe("terms in hours", () => {
  test("48 hours are exact and ignore holidays", () => {
    expect(due("2026-08-23T09:15:00+03:00", 48, "HOURS", peacetime)).toBe("2026-08-25T09:15:00.000+03:00");
  });
});

describe("the Kyiv date decides, not the UTC date", () => {
  test("23:30 and 00:30 Kyiv on consecutive days start the term on different days", () => {
    const lateEvening = at("2026-03-10T21:30:00Z"); // 23:30 Kyiv, Tuesday 10 March
    const afterMidnight = at("2026-03-10T22:30:00Z"); // 00:30 Kyiv, Wednesday 11 March; still 10 March in UTC
    expect(kyivDateOf(lateEvening)).toBe("2026-03-10");
    expect(kyivDateOf(afterMidnight)).toBe("2026-03-11");
    expect(toKyivIso(addTerm({ receivedAt: lateEvening, amount: 15, unit: "CALENDAR_DAYS", calendar: martialLaw }))).toBe("2026-03-25T23:59:59.999+02:00");
    expect(toKyivIso(addTerm({ receivedAt: afterMidnight, amount: 15, unit: "CALENDAR_DAYS", calendar: martialLaw }))).toBe("2026-03-26T23:59:59.999+02:00");
  });

  test("in summer midnight Kyiv is 21:00 UTC", () => {
    expect(kyivDateOf(at("2026-06-30T21:30:00Z"))).toBe("2026-07-01");
    expect(kyivDateOf(at("2026-06-30T20:59:59Z"))).toBe("2026-06-30");
  });
});

describe("daylight saving time", () => {
  test("a term moved from Sunday 29 March to Monday ends at 23:59:59.999 summer time", () => {
    const end = addTerm({ receivedAt: at("2026-03-14T10:00:00+02:00"), amount: 15, unit: "CALENDAR_DAYS", calendar: martialLaw });
    expect(toKyivIso(end)).toBe("2026-03-30T23:59:59.999+03:00");
    expect(end.toISOString()).toBe("2026-03-30T20:59:59.999Z");
  });

  test("48 hours across the spring change are 48 real hours (the clock shows 49)", () => {
    expect(due("2026-03-28T10:00:00+02:00", 48, "HOURS", martialLaw)).toBe("2026-03-30T11:00:00.000+03:00");
  });

  test("the end of a day around the autumn change", () => {
    expect(endOfKyivDay("2026-10-24").toISOString()).toBe("2026-10-24T20:59:59.999Z");
    expect(endOfKyivDay("2026-10-25").toISOString()).toBe("2026-10-25T21:59:59.999Z");
    expect(due("2026-10-10T10:00:00+03:00", 15, "CALENDAR_DAYS", martialLaw)).toBe("2026-10-26T23:59:59.999+02:00");
    // 03:30 summer time on 25 October, before the clocks go back, is still 25 October.
    expect(kyivDateOf(at("2026-10-25T00:30:00Z"))).toBe("2026-10-25");
    expect(toKyivIso(at("2026-10-25T00:30:00Z"))).toBe("2026-10-25T03:30:00.000+03:00");
    expect(toKyivIso(at("2026-10-25T01:30:00Z"))).toBe("2026-10-25T03:30:00.000+02:00");
  });
});

describe("reading instants", () => {
  test("only ISO-8601 with an offset, and only real dates", () => {
    expect(parseIsoInstant("2026-03-10T14:30:00+02:00")?.toISOString()).toBe("2026-03-10T12:30:00.000Z");
    expect(parseIsoInstant("2026-03-10T14:30Z")?.toISOString()).toBe("2026-03-10T14:30:00.000Z");
    expect(parseIsoInstant("2026-03-10T14:30:00")).toBeNull();
    expect(parseIsoInstant("2026-02-30T10:00:00Z")).toBeNull();
    expect(parseIsoInstant("2026-03-10T24:00:00Z")).toBeNull();
    expect(parseIsoInstant("10.03.2026")).toBeNull();
  });

  test("a datetime-local value is Kyiv wall-clock time", () => {
    expect(parseKyivLocal("2026-07-01T00:30")?.toISOString()).toBe("2026-06-30T21:30:00.000Z");
    expect(parseKyivLocal("2026-01-15T09:00")?.toISOString()).toBe("2026-01-15T07:00:00.000Z");
    expect(parseKyivLocal("2026-02-29T09:00")).toBeNull();
  });

  test("a term must be a whole positive number", () => {
    expect(() => addTerm({ receivedAt: new Date(), amount: 0, unit: "CALENDAR_DAYS", calendar: martialLaw })).toThrow(
      expect.objectContaining({ code: "VALIDATION", field: "amount" }),
    );
  });
});
