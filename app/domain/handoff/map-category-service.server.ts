import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

/** Marks a category as an administrative service handed off to `serviceId` (or clears it). */
export async function mapCategoryService(options: { categoryId: string; serviceId: string | null; isAdminService: boolean }) {
  const db = getDb();
  const category = await db.category.findUnique({ where: { id: options.categoryId }, select: { id: true } });
  if (!category) throw new AppError("NOT_FOUND", "errors:category.notFound", { field: "categoryId" });
  if (options.serviceId) {
    const service = await db.adminService.findUnique({ where: { id: options.serviceId }, select: { active: true } });
    if (!service) throw new AppError("VALIDATION", "errors:handoff.serviceUnknown", { field: "serviceId" });
    if (!service.active) throw new AppError("VALIDATION", "errors:handoff.serviceNotInCatalogue", { field: "serviceId" });
  }
  if (options.isAdminService && !options.serviceId) throw new AppError("VALIDATION", "errors:category.adminServiceNeedsService", { field: "serviceId" });
  return db.category.update({
    where: { id: options.categoryId },
    data: { isAdminService: options.isAdminService, adminServiceId: options.serviceId },
    select: { id: true, isAdminService: true, adminServiceId: true },
  });
}
