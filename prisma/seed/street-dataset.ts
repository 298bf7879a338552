// Turning an OpenStreetMap extract of Sloviansk into street-list rows, and merging them with
// the curated list in streets.ts (whose former names and checked names win). Pure: the
// importer script and the seed call it; the tests feed it a small extract.
import type { StreetKind } from "#app/generated/prisma/enums.ts";
import type { SeedStreet } from "./streets.ts";

/** An Overpass API answer (`[out:json]` … `out geom;`): ways with their tags and points. */
export type OverpassJson = {
  elements: { type: string; id: number; tags?: Record<string, string>; geometry?: { lat: number; lon: number }[] }[];
};

const KINDS: [RegExp, StreetKind][] = [
  [/^вулиця /u, "STREET"],
  [/^провулок /u, "LANE"],
  [/^площа /u, "SQUARE"],
  [/^майдан /u, "SQUARE"],
  [/^бульвар /u, "BOULEVARD"],
  [/^проспект /u, "AVENUE"],
  [/^проїзд /u, "PASSAGE"],
  [/^тупик /u, "DEAD_END"],
  [/^в['ʼ’]їзд /u, "ENTRY"],
  [/^шосе /u, "HIGHWAY"],
  [/^мікрорайон /u, "MICRODISTRICT"],
];

/** The kind a Ukrainian street name starts with, or null when it names no street kind. */
export function kindOf(name: string): StreetKind | null {
  const n = name.trim().toLocaleLowerCase("uk");
  return KINDS.find(([re]) => re.test(n))?.[1] ?? null;
}

const split = (v: string | undefined) =>
  (v ?? "")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * One row per street name in the extract: the point is the street's own vertex nearest the
 * middle of all its vertices (so it lies on the street, even for a curved one); former names
 * come from `old_name` (and `old_name:uk`), Russian ones from `name:ru`.
 */
export function osmToStreets(json: OverpassJson): SeedStreet[] {
  const byName = new Map<string, { points: { lat: number; lon: number }[]; aliases: Set<string> }>();
  for (const e of json.elements) {
    const name = (e.tags?.["name:uk"] ?? e.tags?.name ?? "").trim().replace(/[ʼ’`]/g, "'");
    if (!name || !kindOf(name) || !e.geometry?.length) continue;
    const entry = byName.get(name) ?? { points: [], aliases: new Set<string>() };
    entry.points.push(...e.geometry);
    for (const a of [...split(e.tags?.old_name), ...split(e.tags?.["old_name:uk"]), ...split(e.tags?.["name:ru"])]) if (a !== name) entry.aliases.add(a);
    byName.set(name, entry);
  }
  return [...byName.entries()].map(([nameUk, { points, aliases }]) => {
    const mid = { lat: avg(points.map((p) => p.lat)), lon: avg(points.map((p) => p.lon)) };
    const on = points.reduce((best, p) => (dist2(p, mid) < dist2(best, mid) ? p : best));
    return { nameUk, kind: kindOf(nameUk)!, aliases: [...aliases], lat: round(on.lat), lon: round(on.lon), approximate: false };
  });
}

/**
 * The curated list plus the imported rows: a curated street keeps its name and former names
 * and gains the import's; an approximate curated point gives way to the import's point on the
 * street. Imported streets the curated list lacks are added.
 */
export function mergeStreets(curated: readonly SeedStreet[], imported: readonly SeedStreet[]): SeedStreet[] {
  const found = new Map(imported.map((s) => [s.nameUk, s]));
  const out = curated.map((c) => {
    const i = found.get(c.nameUk) ?? imported.find((s) => s.aliases.includes(c.nameUk) || c.aliases.includes(s.nameUk));
    if (!i) return c;
    found.delete(i.nameUk);
    const aliases = [...new Set([...c.aliases, ...i.aliases, ...(i.nameUk !== c.nameUk ? [i.nameUk] : [])])];
    return c.approximate ? { ...c, aliases, lat: i.lat, lon: i.lon, approximate: false } : { ...c, aliases };
  });
  return [...out, ...found.values()];
}

const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const dist2 = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => (a.lat - b.lat) ** 2 + (a.lon - b.lon) ** 2;
const round = (n: number) => Math.round(n * 1e6) / 1e6;
