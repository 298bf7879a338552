import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseExtraQuestionsJson } from "./extra-questions.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const UpdateCategoryInputSchema = z
  .object({
    actorId: z.string().uuid(),
    categoryId: z.string().uuid(),
    nameUk: z.string().trim().min(2).max(200),
    nameEn: z.string().trim().min(2).max(200),
    departmentId: z.string().uuid().nullish(),
    urgency: z.enum(["URGENT", "EMERGENCY", "NORMAL"]),
    slaAmount: z.number().int().min(1).max(10_000).nullish(),
    slaUnit: z.enum(["HOURS", "CALENDAR_DAYS", "WORKING_DAYS", "MONTHS"]).nullish(),
    statutoryApplies: z.boolean(),
    statutoryTerm: z.enum(["DAYS_15", "MONTH_1"]).nullish(),
    isAdminService: z.boolean(),
    active: z.boolean(),
    /** The extra questions as JSON text (Open311 attributes). */
    extraQuestionsJson: z.string().max(100_000),
  })
  .refine((d) => (d.slaAmount == null) === (d.slaUnit == null), { message: "errors:category.slaPair", path: ["slaAmount"] })
  .refine((d) => !d.statutoryApplies || d.statutoryTerm != null, { message: "errors:category.statutoryTerm", path: ["statutoryTerm"] });

/**
 * Edits a category's names, executor, urgency, terms, flags and extra questions. Deadlines of
 * requests already routed keep their computed due dates; new ones use the new terms.
 */
export async function updateCategory(input: z.input<typeof UpdateCategoryInputSchema>) {
  const data = parseInput(UpdateCategoryInputSchema, input);
  const questions = parseExtraQuestionsJson(data.extraQuestionsJson);
  if (!questions.ok) throw new AppError("VALIDATION", questions.key, { field: "extraQuestions", params: questions.params });
  return getDb().$transaction(async (tx) => {
    const before = await tx.category.findUnique({ where: { id: data.categoryId } });
    if (!before) throw new AppError("NOT_FOUND", "errors:category.notFound", { field: "categoryId" });
    if (data.departmentId && !(await tx.department.findFirst({ where: { id: data.departmentId, active: true } })))
      throw new AppError("VALIDATION", "errors:department.notActive", { field: "departmentId" });
    const after = {
      nameUk: data.nameUk,
      nameEn: data.nameEn,
      departmentId: data.departmentId ?? null,
      urgency: data.urgency,
      slaAmount: data.slaAmount ?? null,
      slaUnit: data.slaUnit ?? null,
      statutoryApplies: data.statutoryApplies,
      statutoryTerm: data.statutoryApplies ? (data.statutoryTerm ?? null) : null,
      isAdminService: data.isAdminService,
      active: data.active,
    };
    const category = await tx.category.update({
      where: { id: before.id },
      data: { ...after, extraQuestions: questions.value as Prisma.InputJsonValue },
    });
    const changed = Object.fromEntries(
      Object.entries(after)
        .filter(([k, v]) => (before as Record<string, unknown>)[k] !== v)
        .map(([k, v]) => [k, { from: (before as Record<string, unknown>)[k], to: v }]),
    );
    if (JSON.stringify(before.extraQuestions) !== JSON.stringify(questions.value))
      changed.extraQuestions = { from: "…", to: `${questions.value.length} question(s)` };
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: "category.update",
      entityType: "Category",
      entityId: before.id,
      data: { code: before.code, changed },
    });
    return category;
  });
}
