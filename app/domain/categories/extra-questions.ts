import { z } from "zod";
import type { $ZodIssue } from "zod/v4/core";
import type { ErrorKey, ErrorParams } from "#app/utils/errors.ts";
import { problemOf } from "#app/utils/parse-input.ts";

// A category's extra questions: Open311 GeoReport v2 attributes with Ukrainian and English texts.
const ValueSchema = z.object({ key: z.string().min(1).max(60), nameUk: z.string().min(1).max(200), nameEn: z.string().min(1).max(200) }).strict();

export const ExtraQuestionSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9_-]{1,60}$/i, "errors:category.questionCode"),
    variable: z.boolean(),
    datatype: z.enum(["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]),
    required: z.boolean(),
    order: z.number().int().min(0).max(1000),
    descriptionUk: z.string().min(1).max(2000),
    descriptionEn: z.string().min(1).max(2000),
    values: z.array(ValueSchema).optional(),
  })
  .strict()
  .refine((q) => !q.datatype.endsWith("valuelist") || (q.values?.length ?? 0) > 0, { message: "errors:category.questionValues", path: ["values"] });

export const ExtraQuestionsSchema = z
  .array(ExtraQuestionSchema)
  .max(30)
  .refine((qs) => new Set(qs.map((q) => q.code)).size === qs.length, { message: "errors:category.questionCodesUnique" });

export type ExtraQuestions = z.infer<typeof ExtraQuestionsSchema>;

type Refusal = { ok: false; key: ErrorKey; params?: ErrorParams };

/** What is wrong with one question (or the list), naming its number and field as the admin wrote them. */
function refusalOf(issue: $ZodIssue): Refusal {
  const { key, params } = problemOf({ ...issue, path: [] } as $ZodIssue);
  const problem = { key, params };
  const [index, name] = issue.path;
  if (typeof index !== "number") return { ok: false, key: "errors:category.questionsInvalid", params: { problem } };
  const number = index + 1;
  if (typeof name === "string") return { ok: false, key: "errors:category.questionFieldInvalid", params: { number, name, problem } };
  return { ok: false, key: "errors:category.questionInvalid", params: { number, problem } };
}

/** Parses the textarea's JSON; a reason naming the question and its field when it is not valid JSON or not the Open311 shape. */
export function parseExtraQuestionsJson(text: string): { ok: true; value: ExtraQuestions } | Refusal {
  let json: unknown;
  try {
    json = JSON.parse(text.trim() === "" ? "[]" : text);
  } catch (e) {
    const position = /position (\d+)/.exec((e as Error).message)?.[1];
    return position
      ? { ok: false, key: "errors:category.questionsNotJsonAt", params: { position: Number(position) + 1 } }
      : { ok: false, key: "errors:category.questionsNotJson" };
  }
  const parsed = ExtraQuestionsSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return refusalOf(parsed.error.issues[0] as $ZodIssue);
}
