import { z } from "zod";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { boundingBox, isGeometry, type GeoJsonGeometry } from "#app/domain/routing/geo.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseInput } from "#app/utils/parse-input.ts";

export const SaveDistrictInputSchema = z.object({
  actorId: z.string().uuid(),
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "lowercase latin letters, digits and dashes"),
  nameUk: z.string().trim().min(2).max(200),
  nameEn: z.string().trim().min(2).max(200),
  /** GeoJSON text: a Polygon or MultiPolygon geometry, or a Feature / one-feature FeatureCollection holding one. */
  geoJson: z.string().min(2).max(2_000_000),
});

const isPosition = (p: unknown) =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === "number" && typeof p[1] === "number" && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
const isRing = (r: unknown) => Array.isArray(r) && r.length >= 4 && r.every(isPosition);

/** The geometry inside uploaded GeoJSON, checked ring by ring, or a reason it is unusable. */
export function readDistrictGeometry(text: string): GeoJsonGeometry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION", "errors:district.notJson", { field: "geoJson" });
  }
  let g = json as { type?: string; geometry?: unknown; features?: { geometry?: unknown }[] };
  if (g?.type === "FeatureCollection") {
    if (g.features?.length !== 1) throw new AppError("VALIDATION", "errors:district.oneFeature", { field: "geoJson" });
    g = g.features[0] as typeof g;
  }
  if (g?.type === "Feature") g = g.geometry as typeof g;
  if (!isGeometry(g)) throw new AppError("VALIDATION", "errors:district.notPolygon", { field: "geoJson" });
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const ok = polygons.length > 0 && polygons.every((rings) => Array.isArray(rings) && rings.length > 0 && rings.every(isRing));
  if (!ok) throw new AppError("VALIDATION", "errors:district.ringTooShort", { field: "geoJson" });
  return { type: g.type, coordinates: g.coordinates } as GeoJsonGeometry;
}

/** Creates a district or replaces an existing one's names and outline (matched by code). */
export async function saveDistrict(input: z.input<typeof SaveDistrictInputSchema>) {
  const data = parseInput(SaveDistrictInputSchema, input);
  const geometry = readDistrictGeometry(data.geoJson);
  const bbox = boundingBox(geometry);
  return getDb().$transaction(async (tx) => {
    const before = await tx.district.findUnique({ where: { code: data.code }, select: { id: true } });
    const district = await tx.district.upsert({
      where: { code: data.code },
      create: { code: data.code, nameUk: data.nameUk, nameEn: data.nameEn, geometry: geometry as object, ...bbox },
      update: { nameUk: data.nameUk, nameEn: data.nameEn, geometry: geometry as object, ...bbox },
    });
    await recordAudit({
      tx,
      actorId: data.actorId,
      action: before ? "district.update" : "district.create",
      entityType: "District",
      entityId: district.id,
      data: { code: data.code, bbox },
    });
    return district;
  });
}
