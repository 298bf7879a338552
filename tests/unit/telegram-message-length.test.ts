// Telegram refuses a text over 4,096 characters: replies are split where a reader would
// break them, notifications shortened with their link kept.
import { describe, expect, test } from "vitest";
import { shortenTelegramText, splitTelegramText, TELEGRAM_TEXT_LIMIT } from "#app/channels/telegram/message-length.ts";

describe("splitTelegramText", () => {
  test("a short text is one message, as it is", () => {
    expect(splitTelegramText("Оберіть дію:")).toEqual(["Оберіть дію:"]);
  });

  test("a long text is split at a paragraph, then a line, then a word; nothing is lost", () => {
    const para = "Абзац перший. ".repeat(200).trim(); // 2,799 characters
    const text = `${para}\n\n${para}\n\n${para}`;
    const parts = splitTelegramText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(parts[0]).toBe(para);
    expect(parts.join("\n\n")).toBe(text);

    const words = "слово ".repeat(1500).trim();
    const byWord = splitTelegramText(words);
    for (const p of byWord) {
      expect(p.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(p.startsWith("слово") && p.endsWith("слово")).toBe(true);
    }
    expect(byWord.join(" ")).toBe(words);
  });

  test("a text without spaces is cut at the limit, never inside an emoji", () => {
    const text = `${"a".repeat(4095)}😀${"b".repeat(10)}`;
    const parts = splitTelegramText(text);
    expect(parts[0]).toBe("a".repeat(4095));
    expect(parts[1]).toBe(`😀${"b".repeat(10)}`);
  });
});

describe("shortenTelegramText", () => {
  test("keeps a short text", () => {
    expect(shortenTelegramText("Заявку SLV-2026-000001 виконано.")).toBe("Заявку SLV-2026-000001 виконано.");
  });

  test("cuts a long one at a word with «…» and keeps its link line", () => {
    const text = `Заявка SLV-2026-000001: виконавець просить уточнити — ${"дуже довге питання ".repeat(400)}\nДеталі: https://contact.example.org/track/abc`;
    const short = shortenTelegramText(text);
    expect(short.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(short.startsWith("Заявка SLV-2026-000001")).toBe(true);
    expect(short.endsWith("…\nДеталі: https://contact.example.org/track/abc")).toBe(true);
  });
});
