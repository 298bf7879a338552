// How the contact centre reads a citizen's words, for the category search and the
// free-text suggestion alike: word forms, Ukrainian/Russian spellings, typos, "не …", and
// words that say nothing.
import { describe, expect, test } from "vitest";
import {
  buildCategoryModel,
  categoryExamples,
  classifyText,
  searchCategoryIndex,
  stemOf,
  tokenize,
  fold,
  type SearchableCategory,
} from "#app/domain/categories/category-model.ts";

const stems = (text: string) => tokenize(text).map((t) => t.stem);

describe("reading words", () => {
  test("word forms of one word share a stem", () => {
    for (const forms of [
      ["труба", "трубу", "труби", "трубы", "трубою"],
      ["ліхтар", "ліхтарі", "ліхтарем", "фонарь"].slice(0, 3),
      ["вода", "води", "воду", "воды"],
      ["газ", "газу", "газа"],
      ["яма", "ями", "ямы"],
      ["освітлення", "освітленя", "освещение"].slice(0, 2),
    ]) {
      expect(new Set(forms.map((w) => stemOf(fold(w)))).size, forms.join("/")).toBe(1);
    }
  });

  test("Ukrainian and Russian spellings fold together; stopwords, numbers and short words are dropped", () => {
    expect(stems("Нет воды")).toEqual(stems("нема води"));
    expect(stems("немає води")).toEqual(stems("нету воды"));
    expect(stems("будь ласка, 12 ок !!!")).toEqual([]);
  });

  test("a word after «не» is another word than the word alone", () => {
    expect(stems("не горить")).not.toEqual(stems("горить"));
    expect(stems("ліхтар не горить")).toEqual(stems("не горить ліхтар").reverse());
    // «нема» is the absence of something, not a negation of the next word.
    expect(stems("нема води")).toContain(stems("вода")[0]);
  });
});

const leaves = [
  { code: "water.no-water", nameUk: "Немає холодної води", synonyms: ["не йде вода", "сухі крани"] },
  { code: "water.burst-main", nameUk: "Порив водогону", synonyms: ["порив труби", "фонтан води"] },
  { code: "lighting.street", nameUk: "Не працює вуличне освітлення", synonyms: ["не світить ліхтар", "не горить освітлення"] },
  { code: "housing.yard-cleaning", nameUk: "Прибирання прибудинкової території", synonyms: ["брудно у дворі"] },
  { code: "emergency.fire", nameUk: "Пожежа", synonyms: ["горить", "дим"] },
];
const model = buildCategoryModel({ examples: categoryExamples(leaves) });

describe("the suggestion (Naive Bayes over the stems)", () => {
  test("word forms and typos of 5+ letter words find the category", () => {
    expect(classifyText({ model, text: "труба тече" })?.categoryCode).toBe("water.burst-main");
    expect(classifyText({ model, text: "нема воды" })?.categoryCode).toBe("water.no-water");
    expect(classifyText({ model, text: "освітленя" })?.categoryCode).toBe("lighting.street");
    expect(classifyText({ model, text: "ліхтарі не горять" })?.categoryCode).toBe("lighting.street");
    expect(classifyText({ model, text: "горить сарай" })?.categoryCode).toBe("emergency.fire");
  });

  test("words that say nothing suggest nothing: no random one-letter-off match of short or different words", () => {
    expect(classifyText({ model, text: "привіт" })).toBeNull(); // not «прибирання»
    expect(classifyText({ model, text: "ааааа" })).toBeNull();
    expect(classifyText({ model, text: "123 !!!" })).toBeNull();
    expect(classifyText({ model, text: "дам" })).toBeNull(); // not «дим»: short words never match by similarity
  });

  test("greetings and politeness, common in what people write, never decide a category", () => {
    const withHistory = buildCategoryModel({
      examples: [...categoryExamples(leaves), { categoryCode: "housing.yard-cleaning", text: "Привіт! Добрий день, допоможіть, будь ласка, дякую" }],
    });
    expect(classifyText({ model: withHistory, text: "Привіт, добрий день! Дякую" })).toBeNull();
    expect(classifyText({ model: withHistory, text: "Привіт, допоможіть: нема води" })?.categoryCode).toBe("water.no-water");
  });

  test("confidence and the words that drove it", () => {
    const guess = classifyText({ model, text: "сухі крани, не йде вода" })!;
    expect(guess.confidence).toBeGreaterThan(0.5);
    expect(guess.terms).toEqual(expect.arrayContaining(["крани", "сухі"]));
  });
});

describe("the search (names, synonyms, the group's name, and the model)", () => {
  const categories: SearchableCategory[] = [
    ...leaves.map((l) => ({
      code: l.code,
      isLeaf: true,
      names: [l.nameUk],
      synonyms: l.synonyms,
      parentNames: l.code.startsWith("water") ? ["Водопостачання"] : l.code.startsWith("lighting") ? ["Освітлення"] : [],
    })),
    { code: "lighting.yard", isLeaf: true, names: ["Темно у дворі"], synonyms: [], parentNames: ["Освітлення"] },
    { code: "lighting", isLeaf: false, names: ["Освітлення"], synonyms: [], parentNames: [] },
  ];
  const search = (query: string) => searchCategoryIndex({ model, categories, query }).map((h) => h.code);

  test("the best match first; any meaningful word of a longer query is enough", () => {
    expect(search("не горить ліхтар")[0]).toBe("lighting.street");
    expect(search("у нас на районі тиждень фонтан води з асфальту")[0]).toBe("water.burst-main");
    expect(search("нема води")[0]).toBe("water.no-water");
  });

  test("a group's name finds its categories and the group itself", () => {
    expect(search("освітлення").sort()).toEqual(["lighting", "lighting.street", "lighting.yard"]);
  });

  test("«не горить» is not a fire; «горить» is", () => {
    expect(search("не горить ліхтар")).not.toContain("emergency.fire");
    expect(search("горить")[0]).toBe("emergency.fire");
  });

  test("nothing for nonsense or greetings", () => {
    expect(search("ааааа")).toEqual([]);
    expect(search("привіт")).toEqual([]);
    expect(search("ок")).toEqual([]);
  });
});
