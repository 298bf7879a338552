// Counted texts take the form the language's plural rules ask for: Ukrainian has one
// (1, 21), few (2–4, 22–24), many (5–20, 25…) and other (fractions); English one and other.
import { describe, expect, test } from "vitest";
import { t } from "#app/utils/i18n.server.ts";

describe("plural forms", () => {
  test.each([
    [1, "Поруч знайдено 1 схожу заявку."],
    [2, "Поруч знайдено 2 схожі заявки."],
    [5, "Поруч знайдено 5 схожих заявок."],
    [11, "Поруч знайдено 11 схожих заявок."],
    [21, "Поруч знайдено 21 схожу заявку."],
    [22, "Поруч знайдено 22 схожі заявки."],
    [25, "Поруч знайдено 25 схожих заявок."],
  ])("uk, %i", (count, start) => {
    expect(t("uk", "citizen:report.nearbyAlert", { count })).toMatch(new RegExp(`^${start}`));
  });

  test.each([
    [1, "1 calendar day"],
    [2, "2 calendar days"],
    [5, "5 calendar days"],
  ])("en, %i", (count, text) => {
    expect(t("en", "admin:term.CALENDAR_DAYS", { count })).toBe(text);
  });

  test("the days of the statutory and SLA clocks, in both languages", () => {
    expect([1, 3, 5, 21].map((count) => t("uk", "deadlines:units.WORKING_DAYS", { count }))).toEqual([
      "1 робочий день",
      "3 робочі дні",
      "5 робочих днів",
      "21 робочий день",
    ]);
    expect([1, 2].map((count) => t("en", "deadlines:units.WORKING_DAYS", { count }))).toEqual(["1 working day", "2 working days"]);
    expect(t("uk", "console:dashboard.scopeCity", { count: 30 })).toBe("Усе місто, останні 30 днів");
    expect(t("en", "console:dashboard.scopeCity", { count: 1 })).toBe("Whole city, last 1 day");
  });

  test("a fraction takes Ukrainian's other form", () => {
    expect(t("uk", "deadlines:units.CALENDAR_DAYS", { count: 1.5 })).toBe("1.5 календарного дня");
  });

  test("a plain text ignores count; a missing key is the key itself", () => {
    expect(t("uk", "telegram:photos.added", { count: 2 })).toBe("Фото додано (2 з 5).");
    expect(t("en", "citizen:report.noSuchText", { count: 1 })).toBe("citizen:report.noSuchText");
  });
});
