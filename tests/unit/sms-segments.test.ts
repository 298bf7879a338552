// What an SMS costs and how a long one is cut, as Twilio and carriers count it.
import { describe, expect, test } from "vitest";
import { countSmsSegments, fitSmsParts, fitSmsSegments } from "#integrations/twilio/segments.ts";

describe("countSmsSegments", () => {
  test("GSM-7: 160 in one part, 153 per part after; extension characters cost two", () => {
    expect(countSmsSegments("a".repeat(160))).toEqual({ encoding: "GSM-7", segments: 1 });
    expect(countSmsSegments("a".repeat(161)).segments).toBe(2);
    expect(countSmsSegments("€".repeat(80))).toEqual({ encoding: "GSM-7", segments: 1 });
    expect(countSmsSegments("€".repeat(81)).segments).toBe(2);
  });

  test("Cyrillic is UCS-2: 70 in one part, 67 per part after", () => {
    expect(countSmsSegments("я".repeat(70))).toEqual({ encoding: "UCS-2", segments: 1 });
    expect(countSmsSegments("я".repeat(71)).segments).toBe(2);
    expect(countSmsSegments("я".repeat(134)).segments).toBe(2);
    expect(countSmsSegments("я".repeat(135)).segments).toBe(3);
  });

  test("an emoji that would straddle two parts moves whole to the next one", () => {
    // 66 + 2 + 66 = 134 UTF-16 units would fit two parts of 67 if the pair could be split.
    expect(countSmsSegments("я".repeat(66) + "😀" + "я".repeat(66)).segments).toBe(3);
  });
});

describe("fitSmsSegments", () => {
  test("leaves a short text alone and cuts a long one to the limit with an ellipsis", () => {
    expect(fitSmsSegments("Заявку прийнято")).toBe("Заявку прийнято");
    const cut = fitSmsSegments("я".repeat(300));
    expect(cut.endsWith("…")).toBe(true);
    expect(countSmsSegments(cut).segments).toBe(2);
  });

  test("never leaves half of a surrogate pair", () => {
    const cut = fitSmsSegments("😀".repeat(200), 2);
    expect(countSmsSegments(cut).segments).toBeLessThanOrEqual(2);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(cut)).toBe(false);
  });
});

describe("fitSmsParts", () => {
  test("cuts the body between words and keeps the head and the tail whole", () => {
    const body = Array.from({ length: 60 }, (_, i) => `слово${i}`).join(" ");
    const sms = fitSmsParts({ head: "Загроза життю? 101, 104, 112.", body, tail: "https://example.org/t/2026-1-abcdefgh" });
    expect(countSmsSegments(sms).segments).toBeLessThanOrEqual(2);
    const [head, middle, tail] = sms.split("\n");
    expect(head).toBe("Загроза життю? 101, 104, 112.");
    expect(tail).toBe("https://example.org/t/2026-1-abcdefgh");
    expect(middle!.endsWith("…")).toBe(true);
    expect(body.split(" ")).toContain(middle!.slice(0, -1).split(" ").at(-1));
  });

  test("a text that fits is left as it is", () => {
    expect(fitSmsParts({ body: "Заявку прийнято", tail: "https://e.org/t/1" })).toBe("Заявку прийнято\nhttps://e.org/t/1");
  });
});
