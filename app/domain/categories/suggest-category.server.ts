import { getDb } from "#app/utils/db.server.ts";
import { buildCategoryModel, categoryExamples, classifyText, type CategoryGuess, type CategoryModel } from "./category-model.ts";

/** Requests staff categorised, newest first, that feed the model. */
const HISTORY_LIMIT = 5000;
const CACHE_MS = 10 * 60_000;

declare global {
  var __slvCategoryModel: { model: CategoryModel; builtAt: number } | undefined;
}

/**
 * A suggested category for free text (SMS, voice transcript, Telegram): from leaf category
 * names + synonyms and the history of requests staff categorised. Null when no word says
 * anything. The model is rebuilt at most every 10 minutes per process (a stale one is harmless).
 */
export async function suggestCategory(options: { text: string; fresh?: boolean }): Promise<CategoryGuess | null> {
  return classifyText({ model: await getCategoryModel(options), text: options.text });
}

/** The model the suggestion and the category search share (cached per process for 10 minutes). */
export async function getCategoryModel(options: { fresh?: boolean } = {}): Promise<CategoryModel> {
  const cached = globalThis.__slvCategoryModel;
  return !options.fresh && cached && Date.now() - cached.builtAt < CACHE_MS ? cached.model : loadModel();
}

async function loadModel(): Promise<CategoryModel> {
  const db = getDb();
  const categories = await db.category.findMany({
    where: { active: true, children: { none: {} } },
    select: { id: true, code: true, nameUk: true, synonyms: true },
  });
  const codeById = new Map(categories.map((c) => [c.id, c.code]));
  const history = await db.request.findMany({
    where: { categoryId: { in: [...codeById.keys()] }, status: { notIn: ["REJECTED", "MERGED"] } },
    select: { categoryId: true, description: true },
    orderBy: { createdAt: "desc" },
    take: HISTORY_LIMIT,
  });
  const model = buildCategoryModel({
    examples: [...categoryExamples(categories), ...history.map((r) => ({ categoryCode: codeById.get(r.categoryId!)!, text: r.description }))],
  });
  globalThis.__slvCategoryModel = { model, builtAt: Date.now() };
  return model;
}

/** Stores the suggestion next to an uncategorised request, for the operator to confirm or change. */
export async function storeCategorySuggestion(options: { requestId: string; text: string }): Promise<CategoryGuess | null> {
  const guess = await suggestCategory({ text: options.text });
  if (!guess) return null;
  const db = getDb();
  const category = await db.category.findUnique({ where: { code: guess.categoryCode }, select: { id: true } });
  if (!category) return null;
  const data = { categoryId: category.id, confidence: guess.confidence, terms: guess.terms };
  await db.categorySuggestion.upsert({ where: { requestId: options.requestId }, create: { requestId: options.requestId, ...data }, update: data });
  return guess;
}
