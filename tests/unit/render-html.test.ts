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

  test("a page already delivered is not failed by its render timeout firing later", async () => {
    const timeout = new AbortController();
    const errors: unknown[] = [];
    const stream = await renderHtml(h("p", null, "Заявка прийнята"), { signal: timeout.signal, onError: (e) => errors.push(e) });
    expect(new TextDecoder().decode(await bytesOf(stream))).toBe("<p>Заявка прийнята</p>");
    timeout.abort(new Error("render timed out"));
    await new Promise((r) => setTimeout(r, 10));
    expect(errors).toEqual([]);
  });

  test("a page rendered at once goes out in a few large pieces, not in the renderer's 2 KB ones", async () => {
    const page = h(
      "main",
      null,
      Array.from({ length: 2000 }, (_, i) => h("p", { key: i }, `Рядок ${i} таблиці заявок`)),
    );
    const reader = (await renderHtml(page)).getReader();
    const sizes: number[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) sizes.push(r.value.byteLength);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(60_000);
    expect(sizes.length).toBeLessThanOrEqual(Math.ceil(total / (32 * 1024)) + 1);
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
