import { getDb } from "#app/utils/db.server.ts";

/** One category with everything the edit form shows, and the departments to choose from; null if unknown. */
export async function getAdminCategory(options: { categoryId: string }) {
  const db = getDb();
  const category = await db.category.findUnique({ where: { id: options.categoryId } });
  if (!category) return null;
  const departments = await db.department.findMany({ where: { active: true }, orderBy: { nameUk: "asc" }, select: { id: true, nameUk: true, nameEn: true } });
  return { category, departments };
}
