import type { Prisma } from "#app/generated/prisma/client.ts";
import { boundingBox } from "#app/domain/routing/geo.ts";
import { getDb } from "#app/utils/db.server.ts";
import { buildRoutingRules, DEPARTMENTS, DISTRICTS, flattenCategories } from "./sloviansk.ts";

const SEED_LOCK = 72707370;

export type SeedCount = { total: number; created: number };

/**
 * Departments, the category tree, districts and routing rules of Sloviansk. Creates
 * what is missing (by code) and leaves what exists untouched, so re-running it — every
 * `npm start` does — never undoes the city's own edits. A routing rule is created only
 * with the category or district it routes, for the same reason.
 */
export async function seedOrganisation(): Promise<{
  departments: SeedCount;
  categories: SeedCount;
  districts: SeedCount;
  routingRules: SeedCount;
}> {
  return getDb().$transaction(
    async (tx) => {
      // Two processes seeding at once would both see a code missing; take turns.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;

      const existingDepartments = new Set((await tx.department.findMany({ select: { code: true } })).map((d) => d.code));
      const missingDepartments = DEPARTMENTS.filter((d) => !existingDepartments.has(d.code));
      if (missingDepartments.length) await tx.department.createMany({ data: missingDepartments.map((d) => ({ ...d })) });
      const departmentId = new Map((await tx.department.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));

      const categoryId = new Map((await tx.category.findMany({ select: { id: true, code: true } })).map((c) => [c.code, c.id]));
      const createdCategories = new Set<string>();
      for (const c of flattenCategories()) {
        if (categoryId.has(c.code)) continue;
        const row = await tx.category.create({
          data: {
            code: c.code,
            parentId: c.parentCode ? categoryId.get(c.parentCode)! : null,
            nameUk: c.nameUk,
            nameEn: c.nameEn,
            synonyms: c.synonyms,
            departmentId: departmentId.get(c.departmentCode)!,
            urgency: c.urgency,
            slaAmount: c.slaAmount,
            slaUnit: c.slaUnit,
            statutoryApplies: c.statutoryApplies,
            statutoryTerm: c.statutoryTerm,
            open311Code: c.open311Code,
            extraQuestions: c.extraQuestions as Prisma.InputJsonValue,
            isAdminService: c.isAdminService,
            isEmergency: c.isEmergency,
            allowsAnonymous: c.allowsAnonymous,
            requiresLocation: c.requiresLocation,
            sortOrder: c.sortOrder,
          },
          select: { id: true },
        });
        categoryId.set(c.code, row.id);
        createdCategories.add(c.code);
      }

      const districtId = new Map((await tx.district.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
      const createdDistricts = new Set<string>();
      for (const d of DISTRICTS) {
        if (districtId.has(d.code)) continue;
        const row = await tx.district.create({
          data: { code: d.code, nameUk: d.nameUk, nameEn: d.nameEn, geometry: d.geometry, ...boundingBox(d.geometry) },
          select: { id: true },
        });
        districtId.set(d.code, row.id);
        createdDistricts.add(d.code);
      }

      const newRules = buildRoutingRules().filter(
        (r) => (r.categoryCode && createdCategories.has(r.categoryCode)) || (r.districtCode && createdDistricts.has(r.districtCode)),
      );
      if (newRules.length) {
        await tx.routingRule.createMany({
          data: newRules.map((r) => ({
            position: r.position,
            categoryId: r.categoryCode ? categoryId.get(r.categoryCode)! : null,
            districtId: r.districtCode ? districtId.get(r.districtCode)! : null,
            departmentId: departmentId.get(r.departmentCode)!,
            coDepartmentCodes: r.coDepartmentCodes,
            note: r.note,
          })),
        });
      }

      return {
        departments: { total: departmentId.size, created: missingDepartments.length },
        categories: { total: categoryId.size, created: createdCategories.size },
        districts: { total: districtId.size, created: createdDistricts.size },
        routingRules: { total: await tx.routingRule.count(), created: newRules.length },
      };
    },
    { timeout: 60_000 },
  );
}
