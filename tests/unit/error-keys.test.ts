// Every error key the code names ("errors:…" anywhere in app/) has its text in both
// languages, and every text in errors.json is used; an English error text has no Ukrainian
// in it and a Ukrainian one is Ukrainian, so a reader never gets the other language.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

const APP = path.resolve("app");
const load = (lang: string) => JSON.parse(readFileSync(path.resolve("app/locales", lang, "errors.json"), "utf8")) as Record<string, unknown>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" || name === "locales" ? [] : sources(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

function texts(value: unknown, prefix = ""): [string, string][] {
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => texts(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, String(value)]];
}

const used = new Map<string, string>();
for (const file of sources(APP))
  for (const m of readFileSync(file, "utf8").matchAll(/["'`]errors:(\w+(?:\.\w+)*)["'`]/g)) used.set(m[1]!, path.relative(APP, file));

const uk = new Map(texts(load("uk")));
const en = new Map(texts(load("en")));

describe("error keys", () => {
  test("the code names many keys (the walk finds them)", () => {
    expect(used.size).toBeGreaterThan(150);
  });

  test("every key used in app/ has a Ukrainian and an English text", () => {
    const missing = [...used].filter(([key]) => !uk.has(key) || !en.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  test("every text in errors.json is used by the code", () => {
    expect([...uk.keys()].filter((key) => !used.has(key))).toEqual([]);
  });

  test("English texts have no Cyrillic; Ukrainian ones are Ukrainian and differ from the English", () => {
    expect([...en].filter(([, text]) => /[\u0400-\u04FF]/.test(text)).map(([key]) => key)).toEqual([]);
    expect([...uk].filter(([, text]) => !/[\u0400-\u04FF]/.test(text)).map(([key]) => key)).toEqual([]);
    expect([...uk].filter(([key, text]) => en.get(key) === text).map(([key]) => key)).toEqual([]);
  });

  test("both languages fill the same placeholders", () => {
    const names = (text: string | undefined) => [...(text ?? "").matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect([...uk].filter(([key, text]) => JSON.stringify(names(text)) !== JSON.stringify(names(en.get(key)))).map(([key]) => key)).toEqual([]);
  });
});
