// What an SMS is: a whole command, an answer to a resolution, or a report (everything else).
import { describe, expect, test } from "vitest";
import { parseResolutionAnswer, parseSmsKeyword, smsReplyLanguage } from "#app/domain/intake/parse-sms-keyword.ts";

describe("parseSmsKeyword", () => {
  test.each([
    ["СТАТУС", ""],
    ["статус 2026-000123", "2026-000123"],
    ["STATUS SLV-2026-000123", "SLV-2026-000123"],
    ["Стан №123", "№123"],
    ["Статус: моя заявка 12", "моя заявка 12"],
    ["CТAТУС 2026000123.", "2026000123"],
  ])("%s is a status question", (body, rest) => {
    expect(parseSmsKeyword(body)).toEqual({ kind: "status", rest });
  });

  test.each(["Статус: прорвало трубу на Захисників України 5", "Стан дороги жахливий, ями на Шевченка", "Статус 5 будинок", "Стоп, тут яма", "help me please"])(
    "%s is a report",
    (body) => {
      expect(parseSmsKeyword(body)).toBeNull();
    },
  );

  test("STOP, START and HELP only alone", () => {
    expect(parseSmsKeyword("СТОП")).toEqual({ kind: "stop" });
    expect(parseSmsKeyword("start!")).toEqual({ kind: "start" });
    expect(parseSmsKeyword("Допомога")).toEqual({ kind: "help" });
  });
});

describe("parseResolutionAnswer", () => {
  test.each([
    ["НІ", false, null],
    ["не виконано", false, null],
    ["Не вирішено!", false, null],
    ["NO", false, null],
    ["Ні, яма досі є", false, "яма досі є"],
    ["ТАК", true, null],
    ["виконано", true, null],
    ["yes", true, null],
  ])("%s", (body, resolved, comment) => {
    expect(parseResolutionAnswer(body)).toEqual({ resolved, comment });
  });

  test.each(["Ні води ні світла", "Так собі дорога, ями"])("%s is a report, not an answer", (body) => {
    expect(parseResolutionAnswer(body)).toBeNull();
  });
});

test("the language of a text from someone unknown: Cyrillic is Ukrainian", () => {
  expect(smsReplyLanguage("STATUS")).toBe("en");
  expect(smsReplyLanguage("Немає води")).toBe("uk");
  expect(smsReplyLanguage("")).toBe("uk");
});
