// Phone numbers as citizens and Twilio write them, normalised to E.164 (or refused).
import { describe, expect, test } from "vitest";
import { maskPhoneForDisplay, normalizePhone } from "#app/utils/phone.ts";

describe("normalizePhone", () => {
  test.each([
    ["+380501234567", "+380501234567"],
    ["0501234567", "+380501234567"],
    ["380501234567", "+380501234567"],
    ["(050) 123-45-67", "+380501234567"],
    ["050 123 45 67", "+380501234567"],
    ["501234567", "+380501234567"],
    ["00380501234567", "+380501234567"],
    ["+380 63 123 45 67", "+380631234567"],
    ["+1 (415) 555-2671", "+14155552671"],
    ["+447700900123", "+447700900123"],
  ])("%s → %s", (input, e164) => {
    expect(normalizePhone(input)).toBe(e164);
  });

  test.each(["", "12345", "+38050123456", "+3805012345678", "050-CALL-NOW", "+999999999999", "8 050 123 45 67", "1234567890", "\u0000+380501234567"])(
    "refuses %j",
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    },
  );
});

describe("maskPhoneForDisplay", () => {
  test("keeps only the country code and the last two digits", () => {
    expect(maskPhoneForDisplay("+380501234567")).toBe("+380 •• ••• •• 67");
    expect(maskPhoneForDisplay("+14155552671")).toBe("+•• ••• •• 71");
    expect(maskPhoneForDisplay(null)).toBe("••");
  });
});
