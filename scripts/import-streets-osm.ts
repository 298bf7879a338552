// Loads Sloviansk's streets from an OpenStreetMap extract into the seed's dataset:
//   node --import tsx scripts/import-streets-osm.ts sloviansk-streets.json
// The extract is an Overpass API answer (query in docs/places.md). Writes
// prisma/seed/streets-osm.json, which the seed merges with the curated list in
// prisma/seed/streets.ts (curated names and former names win; approximate points give way).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { mergeStreets, osmToStreets, type OverpassJson } from "#prisma/seed/street-dataset.ts";
import { STREETS } from "#prisma/seed/streets.ts";

const input = process.argv[2];
if (!input) {
  console.error("usage: node --import tsx scripts/import-streets-osm.ts <overpass-answer.json>");
  process.exit(2);
}
const json = JSON.parse(readFileSync(input, "utf8")) as OverpassJson;
const imported = osmToStreets(json).sort((a, b) => a.nameUk.localeCompare(b.nameUk, "uk"));
const out = path.resolve("prisma/seed/streets-osm.json");
writeFileSync(out, `${JSON.stringify(imported, null, 1)}\n`);
const merged = mergeStreets(STREETS, imported);
console.log(`${imported.length} streets in the extract; ${merged.length} in the dataset after merging with the curated ${STREETS.length}. Wrote ${out}.`);
