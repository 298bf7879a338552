import { z } from "zod";
import { computeRequestDeadlines } from "#app/domain/deadlines/compute-request-deadlines.server.ts";
import { toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";
import { findDistrict } from "./find-district.server.ts";
import { resolveRoute } from "./resolve-route.server.ts";

const POINT = "errors:routing.testPointInvalid";

export const PreviewRouteInputSchema = z.object({
  categoryId: z.string().trim().min(1, { message: "errors:routing.testCategoryRequired" }),
  districtId: z.string().trim().nullish(),
  point: z
    .object({
      lat: z.number({ error: POINT }).min(-90, POINT).max(90, POINT),
      lon: z.number({ error: POINT }).min(-180, POINT).max(180, POINT),
    })
    .nullish(),
  receivedAt: z.date().optional(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "Which rule would route this?": what a request of this category, in this district (or at
 * this point), received now, would get — by the very code that routes and times real
 * requests (resolveRoute, findDistrict, computeRequestDeadlines), read-only. A district
 * chosen wins over a point; with neither, the request is one with no known district.
 */
export async function previewRoute(input: z.input<typeof PreviewRouteInputSchema>) {
  const data = parseInput(PreviewRouteInputSchema, input);
  const receivedAt = data.receivedAt ?? new Date();
  return getDb().$transaction(async (tx) => {
    const category = UUID.test(data.categoryId)
      ? await tx.category.findUnique({
          where: { id: data.categoryId },
          select: { id: true, code: true, nameUk: true, nameEn: true, slaAmount: true, slaUnit: true, statutoryApplies: true, statutoryTerm: true },
        })
      : null;
    if (!category) throw new AppError("VALIDATION", "errors:category.notFound", { field: "testCategory" });
    let district = null;
    if (data.districtId) {
      district = UUID.test(data.districtId) ? await tx.district.findUnique({ where: { id: data.districtId } }) : null;
      if (!district) throw new AppError("VALIDATION", "errors:routing.testDistrictNotFound", { field: "testDistrict" });
    } else if (data.point) {
      district = await findDistrict({ tx, lat: data.point.lat, lon: data.point.lon });
    }
    const route = await resolveRoute({ tx, categoryId: category.id, districtId: district?.id ?? null });
    const order = route ? await tx.routingRule.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { id: true } }) : [];
    const department = route
      ? await tx.department.findUnique({ where: { id: route.departmentId }, select: { id: true, code: true, nameUk: true, nameEn: true } })
      : null;
    const coDepartments = route?.coDepartmentIds.length
      ? await tx.department.findMany({ where: { id: { in: route.coDepartmentIds } }, select: { code: true, nameUk: true, nameEn: true } })
      : [];
    const { regime, deadlines } = await computeRequestDeadlines({
      tx,
      request: { receivedAt, isAppeal: false, category, appeal: null },
    });
    return {
      receivedAt: toKyivIso(receivedAt),
      regime,
      category,
      district: district ? { id: district.id, code: district.code, nameUk: district.nameUk, nameEn: district.nameEn } : null,
      rule: route ? { id: route.ruleId, n: order.findIndex((r) => r.id === route.ruleId) + 1 } : null,
      department,
      coDepartments,
      deadlines: deadlines.map((d) => ({ kind: d.kind, label: d.label, dueAt: toKyivIso(d.dueAt) })),
    };
  });
}
