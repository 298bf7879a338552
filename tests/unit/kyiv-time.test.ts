import { describe, expect, test } from "vitest";
import {
  endOfKyivDay,
  formatKyivMoment,
  formatKyivTime,
  kyivDateOf,
  kyivOffsetMinutes,
  kyivWallClock,
  parseKyivLocal,
  resolveKyivWallClock,
  toKyivIso,
  toKyivLocalInput,
} from "#app/domain/calendar/kyiv-time.ts";

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("reading a Kyiv wall-clock time", () => {
  test("winter is UTC+2, summer UTC+3", () => {
    expect(iso(parseKyivLocal("2026-11-26T08:00"))).toBe("2026-11-26T06:00:00.000Z");
    expect(iso(parseKyivLocal("2026-07-01T08:00"))).toBe("2026-07-01T05:00:00.000Z");
    expect(kyivOffsetMinutes(new Date("2026-01-15T12:00:00Z"))).toBe(120);
    expect(kyivOffsetMinutes(new Date("2026-07-15T12:00:00Z"))).toBe(180);
  });

  // Last Sunday of March 2026 is the 29th: 03:00 EET becomes 04:00 EEST at 01:00 UTC.
  test("spring forward: times around the gap, and a time inside it moves forward by the hour skipped", () => {
    expect(resolveKyivWallClock({ date: "2026-03-29", hour: 2, minute: 59 })).toEqual({ instant: new Date("2026-03-29T00:59:00Z"), fit: "exact" });
    expect(resolveKyivWallClock({ date: "2026-03-29", hour: 4, minute: 0 })).toEqual({ instant: new Date("2026-03-29T01:00:00Z"), fit: "exact" });
    expect(resolveKyivWallClock({ date: "2026-03-29", hour: 3, minute: 30 })).toEqual({ instant: new Date("2026-03-29T01:30:00Z"), fit: "skipped" });
    expect(toKyivIso(parseKyivLocal("2026-03-29T03:30")!)).toBe("2026-03-29T04:30:00.000+03:00");
    expect(iso(parseKyivLocal("2026-03-29T03:00"))).toBe("2026-03-29T01:00:00.000Z");
  });

  // Last Sunday of October 2026 is the 25th: 04:00 EEST becomes 03:00 EET at 01:00 UTC.
  test("fall back: a repeated time is its second occurrence (winter time)", () => {
    expect(resolveKyivWallClock({ date: "2026-10-25", hour: 3, minute: 30 })).toEqual({ instant: new Date("2026-10-25T01:30:00Z"), fit: "ambiguous" });
    expect(toKyivIso(parseKyivLocal("2026-10-25T03:30")!)).toBe("2026-10-25T03:30:00.000+02:00");
    expect(iso(parseKyivLocal("2026-10-25T02:59"))).toBe("2026-10-24T23:59:00.000Z");
    expect(resolveKyivWallClock({ date: "2026-10-25", hour: 4, minute: 0 }).fit).toBe("exact");
    expect(iso(parseKyivLocal("2026-10-25T04:00"))).toBe("2026-10-25T02:00:00.000Z");
  });

  test("the days of the changes end at 23:59:59.999 local", () => {
    expect(toKyivIso(endOfKyivDay("2026-03-29"))).toBe("2026-03-29T23:59:59.999+03:00");
    expect(toKyivIso(endOfKyivDay("2026-10-25"))).toBe("2026-10-25T23:59:59.999+02:00");
  });

  test("round trip through a datetime-local field, and bad input", () => {
    for (const v of ["2026-03-29T02:30", "2026-03-29T04:30", "2026-10-25T02:30", "2026-10-25T04:30", "2026-12-31T23:59"])
      expect(toKyivLocalInput(parseKyivLocal(v)!)).toBe(v);
    for (const v of ["", "2026-02-30T10:00", "2026-03-10T24:00", "2026-03-10 10:00", "2026-03-10T10:00Z"]) expect(parseKyivLocal(v)).toBeNull();
  });

  test("wall clock and date of an instant", () => {
    expect(kyivDateOf(new Date("2026-03-10T22:30:00Z"))).toBe("2026-03-11");
    expect(kyivWallClock(new Date("2026-03-10T22:30:00Z"))).toMatchObject({ day: 11, hour: 0, minute: 30, weekday: 3 });
  });
});

describe("showing a Kyiv time", () => {
  const at = new Date("2026-03-10T12:05:09Z"); // 14:05:09 in Kyiv, a Tuesday

  test("each shape, in Ukrainian and English", () => {
    expect(formatKyivTime(at, "date")).toBe("10.03.2026");
    expect(formatKyivTime(at, "date", "en")).toBe("10/03/2026");
    expect(formatKyivTime(at, "time")).toBe("14:05");
    expect(formatKyivTime(at, "dateTime")).toBe("10.03.2026, 14:05");
    expect(formatKyivTime(at, "dateTime", "en")).toBe("10/03/2026, 14:05");
    expect(formatKyivTime(at, "dateTimeSeconds")).toBe("10.03.2026, 14:05:09");
    expect(formatKyivTime(at, "dayMonthTime")).toBe("10.03, 14:05");
    expect(formatKyivTime(at, "weekdayDateTime", "en")).toBe("Tuesday, 10/03/2026, 14:05");
    expect(formatKyivTime(at.toISOString(), "time")).toBe("14:05");
    expect(formatKyivTime(new Date("2026-03-10T22:00:00Z"), "time")).toBe("00:00");
  });

  test("missing or not a date is empty", () => {
    expect(formatKyivTime(null, "date")).toBe("");
    expect(formatKyivTime(undefined, "date")).toBe("");
    expect(formatKyivTime("nonsense", "date")).toBe("");
  });

  test("a moment told to a citizen: the end of a day is the date alone", () => {
    expect(formatKyivMoment(at, "uk")).toBe("10.03.2026 14:05");
    expect(formatKyivMoment(at, "en")).toBe("10/03/2026 14:05");
    expect(formatKyivMoment(endOfKyivDay("2026-04-02"), "uk")).toBe("02.04.2026");
    expect(formatKyivMoment(new Date("invalid"), "uk")).toBe("");
  });
});
