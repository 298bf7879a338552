import { getDb } from "#app/utils/db.server.ts";
import { STREETS, type SeedStreet } from "./streets.ts";

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/**
 * Brings the street list up to the dataset, as often as it is run: a missing street is added;
 * a row still carrying a former name is renamed (its old name becomes an alias); an existing
 * street gains the dataset's former names and kind. A point the city placed is kept: only an
 * approximate one is replaced by a better one.
 */
export async function seedStreets(streets: readonly SeedStreet[] = STREETS): Promise<{ created: number; updated: number; renamed: number }> {
  const db = getDb();
  let created = 0;
  let updated = 0;
  let renamed = 0;
  for (const s of streets) {
    const current = await db.street.findUnique({ where: { nameUk: s.nameUk } });
    const former = await db.street.findFirst({ where: { nameUk: { in: s.aliases } } });
    if (current && former) {
      // Both the street and a stale copy under its former name: one street, the old name an alias.
      await db.street.delete({ where: { id: former.id } });
      await db.street.update({ where: { id: current.id }, data: { aliases: union(union(s.aliases, current.aliases), [former.nameUk, ...former.aliases]) } });
      renamed++;
      continue;
    }
    const row = current ?? former;
    if (!row) {
      await db.street.create({ data: { ...s, aliases: [...s.aliases] } });
      created++;
      continue;
    }
    const aliases = union(s.aliases, former ? [former.nameUk, ...row.aliases] : row.aliases);
    const betterPoint = row.approximate && !s.approximate;
    const changed = former || row.kind !== s.kind || aliases.length !== row.aliases.length || betterPoint;
    if (!changed) continue;
    await db.street.update({
      where: { id: row.id },
      data: { nameUk: s.nameUk, kind: s.kind, aliases, ...(betterPoint ? { lat: s.lat, lon: s.lon, approximate: false } : {}) },
    });
    if (former) renamed++;
    else updated++;
  }
  return { created, updated, renamed };
}
