import { describe, expect, test } from "vitest";
import { getRegimeInForce, getWorkCalendar } from "#app/domain/calendar/get-work-calendar.server.ts";
import { seedCalendar } from "#app/domain/calendar/seed-calendar.server.ts";
import { setCalendarRegime } from "#app/domain/calendar/set-calendar-regime.server.ts";
import { addTerm } from "#app/domain/calendar/terms.ts";
import { parseIsoInstant, toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { getDb } from "#app/utils/db.server.ts";

const at = (iso: string) => parseIsoInstant(iso)!;

describe("calendar data", () => {
  test("seeded holidays come back as non-working days in peacetime and working days under martial law", async () => {
    await seedCalendar({ years: [2026, 2027] });
    const peacetime = await getWorkCalendar({ regime: "PEACETIME", from: "2026-01-01", to: "2027-12-31" });
    const martialLaw = await getWorkCalendar({ regime: "MARTIAL_LAW", from: "2026-01-01", to: "2027-12-31" });

    for (const day of ["2026-08-24", "2026-04-13", "2026-06-29", "2027-05-03", "2027-05-04"]) {
      expect(peacetime.isWorkingDay(day), day).toBe(false);
      expect(martialLaw.isWorkingDay(day), day).toBe(true);
    }
    // Ordinary days and weekends need no rows.
    expect(peacetime.isWorkingDay("2026-08-25")).toBe(true);
    expect(martialLaw.isWorkingDay("2026-08-22")).toBe(false);
    expect(await getDb().calendarDay.count({ where: { regime: "MARTIAL_LAW" } })).toBe(0);

    const row = await getDb().calendarDay.findUniqueOrThrow({
      where: { regime_date: { regime: "PEACETIME", date: new Date("2026-08-24T00:00:00Z") } },
    });
    expect(row).toMatchObject({ isWorking: false, reasonUk: "День Незалежності України" });
  });

  test("seeding twice changes nothing", async () => {
    await seedCalendar({ years: [2026] });
    const days = await getDb().calendarDay.count();
    const periods = await getDb().calendarRegimePeriod.count();
    await seedCalendar({ years: [2026] });
    expect(await getDb().calendarDay.count()).toBe(days);
    expect(await getDb().calendarRegimePeriod.count()).toBe(periods);
  });

  test("a row the city adds overrides the weekday rule", async () => {
    await getDb().calendarDay.create({
      data: { regime: "MARTIAL_LAW", date: new Date("2026-03-14T00:00:00Z"), isWorking: true, reasonUk: "Робоча субота", reasonEn: "Working Saturday" },
    });
    const cal = await getWorkCalendar({ regime: "MARTIAL_LAW", from: "2026-03-01", to: "2026-03-31" });
    expect(cal.isWorkingDay("2026-03-14")).toBe(true);
    expect(cal.isWorkingDay("2026-03-15")).toBe(false);
    expect(() => cal.isWorkingDay("2026-04-01")).toThrow(RangeError);
    await getDb().calendarDay.delete({ where: { regime_date: { regime: "MARTIAL_LAW", date: new Date("2026-03-14T00:00:00Z") } } });
  });

  test("the regime in force follows the Kyiv date of the moment", async () => {
    await seedCalendar({ years: [2026] });
    expect(await getRegimeInForce({ at: at("2022-02-23T12:00:00+02:00") })).toBe("PEACETIME");
    // 00:30 Kyiv on 24 February 2022 is still 23 February in UTC.
    expect(await getRegimeInForce({ at: at("2022-02-23T22:30:00Z") })).toBe("MARTIAL_LAW");
    expect(await getRegimeInForce({ at: at("2026-08-24T12:00:00+03:00") })).toBe("MARTIAL_LAW");
  });

  test("switching to peacetime from a date is audited and changes terms received from then on", async () => {
    await seedCalendar({ years: [2026, 2027] });
    const actor = await getDb().staffUser.create({ data: { email: "admin@test.local", name: "Адмін", role: "ADMIN" } });
    const period = await setCalendarRegime({ regime: "PEACETIME", effectiveFrom: "2026-08-01", actorId: actor.id });
    expect(period).toMatchObject({ regime: "PEACETIME", effectiveFrom: "2026-08-01" });

    const audit = await getDb().auditLog.findFirstOrThrow({ where: { entityType: "CalendarRegimePeriod", entityId: period.id } });
    expect(audit).toMatchObject({ actorId: actor.id, action: "calendar.regime-set" });
    expect(audit.data).toMatchObject({ regime: "PEACETIME", effectiveFrom: "2026-08-01" });

    expect(await getRegimeInForce({ at: at("2026-07-31T12:00:00+03:00") })).toBe("MARTIAL_LAW");
    const regime = await getRegimeInForce({ at: at("2026-08-09T12:00:00+03:00") });
    expect(regime).toBe("PEACETIME");
    const calendar = await getWorkCalendar({ regime, from: "2026-08-09", to: "2026-12-31" });
    // Day 15 is Independence Day, a day off again.
    expect(toKyivIso(addTerm({ receivedAt: at("2026-08-09T12:00:00+03:00"), amount: 15, unit: "CALENDAR_DAYS", calendar }))).toBe(
      "2026-08-25T23:59:59.999+03:00",
    );

    await expect(setCalendarRegime({ regime: "PEACETIME", effectiveFrom: "2026-02-30" })).rejects.toMatchObject({
      code: "VALIDATION",
      field: "effectiveFrom",
    });
  });
});
