import { z } from "zod";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { isGeometry } from "#app/domain/routing/geo.ts";

export const RecordOutageInputSchema = z.object({
  kind: z.enum(["OUTAGE", "PLANNED_WORKS"]),
  titleUk: z.string().trim().min(3).max(200),
  titleEn: z.string().trim().max(200).optional(),
  causeUk: z.string().trim().min(3).max(2000),
  causeEn: z.string().trim().max(2000).optional(),
  districtCode: z.string().min(1),
  area: z.unknown().optional(),
  categoryCodes: z.array(z.string().min(1)).min(1),
  startsAt: z.coerce.date(),
  plannedEndAt: z.coerce.date().optional(),
  actorId: z.string().uuid().optional(),
});

/** Staff record an outage or planned works; new requests in its area and categories link to it. */
export async function recordOutage(input: z.input<typeof RecordOutageInputSchema>) {
  const data = parseInput(RecordOutageInputSchema, input);
  if (data.plannedEndAt && data.plannedEndAt <= data.startsAt) throw new AppError("VALIDATION", "errors:outage.endBeforeStart", { field: "plannedEndAt" });
  if (data.area !== undefined && !isGeometry(data.area)) throw new AppError("VALIDATION", "errors:outage.areaNotPolygon", { field: "area" });
  const db = getDb();
  return db.$transaction(async (tx) => {
    const district = await tx.district.findUnique({ where: { code: data.districtCode } });
    if (!district) throw new AppError("VALIDATION", "errors:outage.districtUnknown", { field: "districtCode", params: { code: data.districtCode } });
    const categories = await tx.category.findMany({ where: { code: { in: data.categoryCodes } } });
    const missing = data.categoryCodes.filter((c) => !categories.some((k) => k.code === c));
    if (missing.length) throw new AppError("VALIDATION", "errors:outage.categoriesUnknown", { field: "categoryCodes", params: { codes: missing.join(", ") } });
    const outage = await tx.outage.create({
      data: {
        kind: data.kind,
        titleUk: data.titleUk,
        titleEn: data.titleEn,
        causeUk: data.causeUk,
        causeEn: data.causeEn,
        districtId: district.id,
        area: data.area === undefined ? undefined : (data.area as object),
        startsAt: data.startsAt,
        plannedEndAt: data.plannedEndAt,
        createdById: data.actorId,
        categories: { create: categories.map((c) => ({ categoryId: c.id })) },
      },
    });
    await tx.auditLog.create({
      data: { actorId: data.actorId, action: "outage.record", entityType: "Outage", entityId: outage.id },
    });
    return outage;
  });
}

export async function endOutage(options: { outageId: string; at?: Date; actorId?: string }) {
  const db = getDb();
  const outage = await db.outage.findUnique({ where: { id: options.outageId } });
  if (!outage) throw new AppError("NOT_FOUND", "errors:outage.notFound");
  return db.outage.update({ where: { id: outage.id }, data: { endedAt: options.at ?? new Date() } });
}
