import { getDb } from "#app/utils/db.server.ts";
import { STREETS } from "./streets.ts";

/** Adds the starting street list; streets the city already has (by name) are left as edited. */
export async function seedStreets(): Promise<{ created: number; existing: number }> {
  const result = await getDb().street.createMany({ data: [...STREETS], skipDuplicates: true });
  return { created: result.count, existing: STREETS.length - result.count };
}
