import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getDb } from "#app/utils/db.server.ts";
import { mergeStreets } from "./street-dataset.ts";
import { STREETS, type SeedStreet } from "./streets.ts";

const IMPORTED = fileURLToPath(new URL("./streets-osm.json", import.meta.url));

/** The curated list merged with the OpenStreetMap import, when one was made (scripts/import-streets-osm.ts). */
export function streetDataset(): SeedStreet[] {
  const imported = existsSync(IMPORTED) ? (JSON.parse(readFileSync(IMPORTED, "utf8")) as SeedStreet[]) : [];
  return mergeStreets(STREETS, imported);
}

const union = (...lists: readonly (readonly string[])[]) => [...new Set(lists.flat())];

/**
 * Brings the street list up to the dataset, as often as it is run: a missing street is added;
 * a row still carrying a former name is renamed (its old name becomes an alias), or merged
 * into the current street when both exist; an existing street gains the dataset's former
 * names and kind. A point the city placed is kept: only an approximate one is replaced by a
 * better one. Reads the table once, so a run that changes nothing is one query.
 */
export async function seedStreets(streets: readonly SeedStreet[] = streetDataset()): Promise<{ created: number; updated: number; renamed: number }> {
  const db = getDb();
  const rows = await db.street.findMany();
  const byName = new Map(rows.map((r) => [r.nameUk, r]));
  const toCreate: SeedStreet[] = [];
  let updated = 0;
  let renamed = 0;
  for (const s of streets) {
    const current = byName.get(s.nameUk);
    const former = s.aliases.map((a) => byName.get(a)).find((r) => r !== undefined);
    if (current && former) {
      // Both the street and a stale copy under its former name: one street, the old name an alias.
      await db.street.delete({ where: { id: former.id } });
      byName.delete(former.nameUk);
      await db.street.update({ where: { id: current.id }, data: { aliases: union(s.aliases, current.aliases, [former.nameUk], former.aliases) } });
      renamed++;
      continue;
    }
    const row = current ?? former;
    if (!row) {
      toCreate.push(s);
      continue;
    }
    const aliases = union(s.aliases, row.aliases, former ? [former.nameUk] : []);
    const betterPoint = row.approximate && !s.approximate;
    if (!former && row.kind === s.kind && aliases.length === row.aliases.length && !betterPoint) continue;
    await db.street.update({
      where: { id: row.id },
      data: { nameUk: s.nameUk, kind: s.kind, aliases, ...(betterPoint ? { lat: s.lat, lon: s.lon, approximate: false } : {}) },
    });
    if (former) {
      byName.delete(former.nameUk);
      renamed++;
    } else updated++;
  }
  const created = toCreate.length
    ? (await db.street.createMany({ data: toCreate.map((s) => ({ ...s, aliases: [...s.aliases] })), skipDuplicates: true })).count
    : 0;
  return { created, updated, renamed };
}
