// The page renderer must deliver every character whole, wherever its bytes fall against
// the renderer's internal buffers. Ukrainian letters are two bytes (and «’», «—», «№» three),
// so text of every length from 0 to a few buffers' worth crosses each possible edge.
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { renderHtml } from "#app/utils/render-html.server.tsx";

async function bytesOf(stream: ReadableStream<Uint8Array>) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("renderHtml", () => {
  test("text and attributes of every length arrive as clean UTF-8, equal to the whole-string render", async () => {
    const words = ["потрібне", "Видалити", "м’ята — №", "ї", "ab"];
    const page = h(
      "main",
      null,
      Array.from({ length: 400 }, (_, i) =>
        h("p", { key: i, title: words[i % words.length]!.repeat(1 + (i % 9)) }, `${"ґ".repeat(i % 37)}${words[(i * 7) % words.length]!.repeat(i % 5)}`),
      ),
    );
    const bytes = await bytesOf(await renderHtml(page));
    expect(bytes.length).toBeGreaterThan(20_000);
    expect(bytes.indexOf(0)).toBe(-1);
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    expect(text).not.toContain("\uFFFD");
    expect(text).toBe(renderToString(page));
  });

  test("waitForAll gives the whole document; a failing shell rejects", async () => {
    const bytes = await bytesOf(await renderHtml(h("p", null, "Слов’янськ"), { waitForAll: true }));
    expect(new TextDecoder().decode(bytes)).toBe("<p>Слов’янськ</p>");
    const Broken = () => {
      throw new Error("broken shell");
    };
    const errors: unknown[] = [];
    await expect(renderHtml(h(Broken), { onError: (e) => errors.push(e) })).rejects.toThrow("broken shell");
    expect(errors).toHaveLength(1);
  });
});
