// Every text people read exists in Ukrainian and in English: the two languages have the
// same namespaces and the same keys, and no text is empty. A text with plural forms
// ({ one, few, many, other }) is one key; its forms follow each language's own rules.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { isPluralEntry } from "#app/utils/i18n.ts";

const ROOT = path.resolve("app/locales");
const load = (lang: string, file: string) => JSON.parse(readFileSync(path.join(ROOT, lang, file), "utf8")) as unknown;

function keys(value: unknown, prefix = ""): string[] {
  if (isPluralEntry(value)) return [prefix];
  if (value && typeof value === "object" && !Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

/** Plural entries whose forms are not exactly the categories the language's plural rules use. */
function wrongPluralForms(value: unknown, forms: string[], prefix = ""): string[] {
  if (isPluralEntry(value)) return Object.keys(value).sort().join() === forms.join() ? [] : [prefix];
  if (value && typeof value === "object" && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => wrongPluralForms(v, forms, prefix ? `${prefix}.${k}` : k));
  return [];
}

function emptyTexts(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object" && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => emptyTexts(v, prefix ? `${prefix}.${k}` : k));
  return typeof value === "string" && value.trim() === "" ? [prefix] : [];
}

describe("translations", () => {
  const uk = readdirSync(path.join(ROOT, "uk")).sort();
  const en = readdirSync(path.join(ROOT, "en")).sort();

  test("both languages have the same namespaces", () => {
    expect(en).toEqual(uk);
  });

  for (const file of uk) {
    test(`${file}: the same keys in uk and en, none empty`, () => {
      const ukKeys = keys(load("uk", file)).sort();
      const enKeys = keys(load("en", file)).sort();
      expect({ onlyInUk: ukKeys.filter((k) => !enKeys.includes(k)), onlyInEn: enKeys.filter((k) => !ukKeys.includes(k)) }).toEqual({
        onlyInUk: [],
        onlyInEn: [],
      });
      expect([...emptyTexts(load("uk", file)), ...emptyTexts(load("en", file))]).toEqual([]);
    });

    test(`${file}: plural texts have every form of their language and no other`, () => {
      for (const lang of ["uk", "en"]) {
        const forms = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
        expect({ lang, wrong: wrongPluralForms(load(lang, file), forms) }).toEqual({ lang, wrong: [] });
      }
    });
  }
});
