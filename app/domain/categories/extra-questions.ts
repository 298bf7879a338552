import { z } from "zod";

// A category's extra questions: Open311 GeoReport v2 attributes with Ukrainian and English texts.
const ValueSchema = z.object({ key: z.string().min(1).max(60), nameUk: z.string().min(1).max(200), nameEn: z.string().min(1).max(200) }).strict();

export const ExtraQuestionSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9_-]{1,60}$/i, "code: latin letters, digits, - and _"),
    variable: z.boolean(),
    datatype: z.enum(["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]),
    required: z.boolean(),
    order: z.number().int().min(0).max(1000),
    descriptionUk: z.string().min(1).max(2000),
    descriptionEn: z.string().min(1).max(2000),
    values: z.array(ValueSchema).optional(),
  })
  .strict()
  .refine((q) => !q.datatype.endsWith("valuelist") || (q.values?.length ?? 0) > 0, { message: "a list question needs values", path: ["values"] });

export const ExtraQuestionsSchema = z
  .array(ExtraQuestionSchema)
  .max(30)
  .refine((qs) => new Set(qs.map((q) => q.code)).size === qs.length, { message: "question codes must be unique" });

export type ExtraQuestions = z.infer<typeof ExtraQuestionsSchema>;

/** Parses the textarea's JSON; a readable reason when it is not valid JSON or not the Open311 shape. */
export function parseExtraQuestionsJson(text: string): { ok: true; value: ExtraQuestions } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text.trim() === "" ? "[]" : text);
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message})` };
  }
  const parsed = ExtraQuestionsSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, reason: `${issue.path.length ? "[" + issue.path.join("].[") + "] " : ""}${issue.message}` };
}
