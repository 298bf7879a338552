import { z } from "zod";

// A category's Open311-style attributes as stored in Category.extraQuestions. Ones with
// `variable: false` are notices to read (e.g. emergency numbers), not questions.
export const ExtraQuestionSchema = z.object({
  code: z.string().min(1),
  variable: z.boolean().optional(),
  datatype: z.string().default("string"),
  required: z.boolean().default(false),
  order: z.number().default(0),
  descriptionUk: z.string().default(""),
  descriptionEn: z.string().optional(),
  values: z.array(z.object({ key: z.string(), nameUk: z.string(), nameEn: z.string().optional() })).optional(),
});

export type Question = {
  code: string;
  datatype: "string" | "number" | "datetime" | "text" | "singlevaluelist" | "multivaluelist";
  required: boolean;
  label: string;
  values: { key: string; name: string }[];
};
export type Notice = { code: string; text: string };

const DATATYPES = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"] as const;

export function readQuestions(raw: unknown, lang: "uk" | "en"): { questions: Question[]; notices: Notice[] } {
  const list = Array.isArray(raw) ? raw : [];
  const parsed = list.flatMap((item) => {
    const r = ExtraQuestionSchema.safeParse(item);
    return r.success ? [r.data] : [];
  });
  parsed.sort((a, b) => a.order - b.order);
  const pick = (uk: string, en?: string) => (lang === "en" && en ? en : uk);
  return {
    notices: parsed.filter((q) => q.variable === false).map((q) => ({ code: q.code, text: pick(q.descriptionUk, q.descriptionEn) })),
    questions: parsed
      .filter((q) => q.variable !== false)
      .map((q) => ({
        code: q.code,
        datatype: (DATATYPES as readonly string[]).includes(q.datatype) ? (q.datatype as Question["datatype"]) : "string",
        required: q.required,
        label: pick(q.descriptionUk, q.descriptionEn),
        values: (q.values ?? []).map((v) => ({ key: v.key, name: pick(v.nameUk, v.nameEn) })),
      })),
  };
}

/** Folds "ʼ", "’", "'" and case so "під'їзд" matches "підʼїзд". */
export function foldText(s: string) {
  return s
    .toLocaleLowerCase("uk")
    .replace(/[ʼ’'`"«»]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
