// Test fixtures built through Prisma: the organisation a request lands in. Small and
// explicit on purpose, so each test shows the rules it depends on.
import { randomUUID } from "node:crypto";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { boundingBox, type GeoJsonGeometry } from "#app/domain/routing/geo.ts";
import { getDb } from "#app/utils/db.server.ts";

export function rect(minLon: number, minLat: number, maxLon: number, maxLat: number): GeoJsonGeometry {
  return {
    type: "Polygon",
    coordinates: [
      [
        [minLon, minLat],
        [maxLon, minLat],
        [maxLon, maxLat],
        [minLon, maxLat],
        [minLon, minLat],
      ],
    ],
  };
}

export async function createDepartment(code = `dep-${randomUUID().slice(0, 8)}`) {
  return getDb().department.create({ data: { code, nameUk: `Відділ ${code}`, nameEn: `Department ${code}` } });
}

export async function createDistrict(code: string, geometry: GeoJsonGeometry) {
  return getDb().district.create({
    data: { code, nameUk: `Район ${code}`, nameEn: `District ${code}`, geometry: geometry as object, ...boundingBox(geometry) },
  });
}

export async function createCategory(data: Partial<Prisma.CategoryUncheckedCreateInput> & { code: string }) {
  return getDb().category.create({
    data: { nameUk: `Категорія ${data.code}`, nameEn: `Category ${data.code}`, slaAmount: 7, slaUnit: "CALENDAR_DAYS", ...data },
  });
}

export async function createRule(data: { position: number; departmentId: string; categoryId?: string; districtId?: string; coDepartmentCodes?: string[] }) {
  return getDb().routingRule.create({ data });
}

export async function createStaff(data: { role: Prisma.StaffUserUncheckedCreateInput["role"]; departmentId?: string; name?: string }) {
  return getDb().staffUser.create({
    data: { email: `${randomUUID()}@test.local`, name: data.name ?? data.role, role: data.role, departmentId: data.departmentId },
  });
}

/**
 * A small city: two districts side by side, water and heating departments, a water
 * category tree, rules by category and one by district.
 *   centre:  lon 37.58–37.62, lat 48.84–48.87
 *   north:   lon 37.58–37.62, lat 48.87–48.90
 */
export async function createSmallCity() {
  const water = await createDepartment("water");
  const heating = await createDepartment("heating");
  const housingNorth = await createDepartment("housing-north");
  const triageOnly = await createDepartment("roads");
  const centre = await createDistrict("centre", rect(37.58, 48.84, 37.62, 48.87));
  const north = await createDistrict("north", rect(37.58, 48.87, 37.62, 48.9));
  const waterRoot = await createCategory({ code: "water", departmentId: water.id });
  const noWater = await createCategory({
    code: "water.no-water",
    parentId: waterRoot.id,
    departmentId: water.id,
    urgency: "EMERGENCY",
    slaAmount: 24,
    slaUnit: "HOURS",
  });
  const heatingCat = await createCategory({ code: "heating.no-heating", departmentId: heating.id, urgency: "EMERGENCY", slaAmount: 24, slaUnit: "HOURS" });
  const yard = await createCategory({ code: "housing.yard", slaAmount: 7, slaUnit: "CALENDAR_DAYS" });
  const pothole = await createCategory({ code: "roads.pothole", slaAmount: 7, slaUnit: "CALENDAR_DAYS" });
  const social = await createCategory({
    code: "social.aid",
    statutoryApplies: true,
    statutoryTerm: "MONTH_1",
    allowsAnonymous: false,
    slaAmount: null,
    slaUnit: null,
  });
  // Order matters: the district-specific housing rule comes before any catch-all.
  await createRule({ position: 10, categoryId: waterRoot.id, departmentId: water.id, coDepartmentCodes: ["heating"] });
  await createRule({ position: 20, categoryId: heatingCat.id, departmentId: heating.id });
  await createRule({ position: 30, categoryId: yard.id, districtId: north.id, departmentId: housingNorth.id });
  return { water, heating, housingNorth, triageOnly, centre, north, waterRoot, noWater, heatingCat, yard, pothole, social };
}

export const POINTS = {
  centre: { lat: 48.852, lon: 37.6 },
  north: { lat: 48.88, lon: 37.6 },
  nowhere: { lat: 48.7, lon: 37.3 },
};
