import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";

/** Marks a category as an administrative service handed off to `serviceId` (or clears it). */
export async function mapCategoryService(options: { categoryId: string; serviceId: string | null; isAdminService: boolean }) {
  const db = getDb();
  const category = await db.category.findUnique({ where: { id: options.categoryId }, select: { id: true } });
  if (!category) throw new AppError("NOT_FOUND", "No such category", { field: "categoryId" });
  if (options.serviceId) {
    const service = await db.adminService.findUnique({ where: { id: options.serviceId }, select: { active: true } });
    if (!service) throw new AppError("VALIDATION", "Unknown administrative service", { field: "serviceId" });
    if (!service.active) throw new AppError("VALIDATION", "This service is no longer in the catalogue", { field: "serviceId" });
  }
  if (options.isAdminService && !options.serviceId)
    throw new AppError("VALIDATION", "An administrative-service category needs the service it hands off to", { field: "serviceId" });
  return db.category.update({
    where: { id: options.categoryId },
    data: { isAdminService: options.isAdminService, adminServiceId: options.serviceId },
    select: { id: true, isAdminService: true, adminServiceId: true },
  });
}
