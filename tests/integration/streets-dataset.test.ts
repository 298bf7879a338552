// The seeded street list: big enough to be the city's, every point inside Sloviansk, no name
// twice, every former name finds today's street, and seeding again changes nothing.
import { describe, expect, it } from "vitest";
import { searchStreets } from "#app/domain/places/search-streets.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { mergeStreets, osmToStreets, type OverpassJson } from "#prisma/seed/street-dataset.ts";
import { seedStreets, streetDataset } from "#prisma/seed/seed-streets.server.ts";
import { STREETS as CURATED } from "#prisma/seed/streets.ts";

const STREETS = streetDataset();

// Every street the sources in prisma/seed/streets.ts name (78 today), plus an OpenStreetMap
// import when one was made. The floor catches a list cut back by mistake; raise it with the
// import (docs/places.md).
const FLOOR = 75;
// Sloviansk with its outskirts (the city is about 10 × 12 km around 48.85 N, 37.60 E).
const BOX = { minLat: 48.8, maxLat: 48.92, minLon: 37.52, maxLon: 37.7 };
const key = (s: string) => s.toLocaleLowerCase("uk").replace(/[ʼ’`]/g, "'").trim();

describe("the street dataset", () => {
  it("seeds at least the floor, every point inside the city, each name once", async () => {
    const first = await seedStreets();
    expect(first).toEqual({ created: STREETS.length, updated: 0, renamed: 0 });
    const rows = await getDb().street.findMany();
    expect(rows.length).toBe(STREETS.length);
    expect(rows.length).toBeGreaterThanOrEqual(FLOOR);
    for (const r of rows) {
      expect.soft(r.lat, r.nameUk).toBeGreaterThanOrEqual(BOX.minLat);
      expect.soft(r.lat, r.nameUk).toBeLessThanOrEqual(BOX.maxLat);
      expect.soft(r.lon, r.nameUk).toBeGreaterThanOrEqual(BOX.minLon);
      expect.soft(r.lon, r.nameUk).toBeLessThanOrEqual(BOX.maxLon);
    }
    // No current name twice (case and apostrophe aside), and no former name that is another street's current name.
    const current = rows.map((r) => key(r.nameUk));
    expect(new Set(current).size).toBe(current.length);
    for (const r of rows) for (const a of r.aliases) expect.soft(current.includes(key(a)) && key(a) !== key(r.nameUk), `${r.nameUk} ← ${a}`).toBe(false);
    // Kinds are there: not everything is a "вулиця".
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(["STREET", "LANE", "SQUARE", "BOULEVARD"]));
    expect(rows.every((r) => r.kind !== "LANE" || r.nameUk.startsWith("провулок "))).toBe(true);
  });

  it("finds today's street by any of its former names, saying which one matched", async () => {
    await seedStreets();
    const withFormer = STREETS.filter((s) => s.aliases.some((a) => a.startsWith("вулиця ") || a.startsWith("площа ") || a.startsWith("бульвар ")));
    expect(withFormer.length).toBeGreaterThanOrEqual(10);
    for (const s of withFormer) {
      const former = s.aliases.find((a) => a.startsWith("вулиця ") || a.startsWith("площа ") || a.startsWith("бульвар "))!;
      const hits = await searchStreets({ q: former, limit: 20 });
      expect
        .soft(
          hits.map((h) => h.name),
          former,
        )
        .toContain(s.nameUk);
    }
    const [pushkina] = await searchStreets({ q: "бульвар Пушкіна" });
    expect(pushkina).toMatchObject({ name: "бульвар Лесі Українки", matchedAlias: "бульвар Пушкіна", approximate: true });
  });

  it("seeding again changes nothing; a row still under a former name is renamed, keeping the city's point", async () => {
    const db = getDb();
    await db.street.deleteMany();
    // A database seeded from the earlier list: the street still under its 2016-era name, its point set by the city.
    await db.street.create({ data: { nameUk: "вулиця Лозановича", aliases: ["Лозановича"], lat: 48.852, lon: 37.617 } });
    const first = await seedStreets();
    expect(first).toMatchObject({ renamed: 1, created: STREETS.length - 1 });
    const renamed = await db.street.findUniqueOrThrow({ where: { nameUk: "вулиця Національної Гвардії" } });
    expect(renamed).toMatchObject({ lat: 48.852, lon: 37.617 });
    expect(renamed.aliases).toEqual(expect.arrayContaining(["вулиця Лозановича", "Лозановича"]));
    expect(await db.street.count({ where: { nameUk: "вулиця Лозановича" } })).toBe(0);

    expect(await seedStreets()).toEqual({ created: 0, updated: 0, renamed: 0 });
    expect(await db.street.count()).toBe(STREETS.length);

    // A stale copy under a former name next to the current street becomes one street.
    await db.street.create({ data: { nameUk: "бульвар Пушкіна", aliases: ["Пушкина"], lat: 48.85, lon: 37.6 } });
    expect(await seedStreets()).toEqual({ created: 0, updated: 0, renamed: 1 });
    expect(await db.street.count()).toBe(STREETS.length);
    const [hit] = await searchStreets({ q: "Пушкина" });
    expect(hit?.name).toBe("бульвар Лесі Українки");
  });
});

describe("importing an OpenStreetMap extract", () => {
  const extract: OverpassJson = {
    elements: [
      // A curved street in two pieces: its point must be one of its own vertices.
      {
        type: "way",
        id: 1,
        tags: { highway: "residential", name: "вулиця Торська", "name:ru": "улица Торская" },
        geometry: [
          { lat: 48.86, lon: 37.61 },
          { lat: 48.865, lon: 37.617 },
        ],
      },
      { type: "way", id: 2, tags: { highway: "residential", name: "вулиця Торська" }, geometry: [{ lat: 48.87, lon: 37.62 }] },
      // Still under its former name in the extract: folds into today's street.
      { type: "way", id: 3, tags: { highway: "residential", name: "вулиця Лозановича" }, geometry: [{ lat: 48.851, lon: 37.616 }] },
      // A street the curated list does not have, with its former name.
      {
        type: "way",
        id: 4,
        tags: { highway: "service", name: "провулок Тестовий", old_name: "провулок Старий;провулок Давній" },
        geometry: [{ lat: 48.84, lon: 37.59 }],
      },
      // Not a street name: left out.
      { type: "way", id: 5, tags: { highway: "footway", name: "Парк" }, geometry: [{ lat: 48.85, lon: 37.6 }] },
    ],
  };

  it("gives one row per street with a point on it, its kind and former names, merged with the curated list", () => {
    const rows = osmToStreets(extract);
    expect(rows.map((r) => r.nameUk).sort()).toEqual(["вулиця Лозановича", "вулиця Торська", "провулок Тестовий"]);
    const torska = rows.find((r) => r.nameUk === "вулиця Торська")!;
    expect([
      [48.86, 37.61],
      [48.865, 37.617],
      [48.87, 37.62],
    ]).toContainEqual([torska.lat, torska.lon]);
    expect(rows.find((r) => r.nameUk === "провулок Тестовий")).toMatchObject({
      kind: "LANE",
      aliases: ["провулок Старий", "провулок Давній"],
      approximate: false,
    });

    const merged = mergeStreets(CURATED, rows);
    expect(merged.length).toBe(CURATED.length + 1);
    const guard = merged.find((s) => s.nameUk === "вулиця Національної Гвардії")!;
    expect(guard.aliases).toContain("вулиця Лозановича");
    expect(merged.find((s) => s.nameUk === "вулиця Торська")!.aliases).toContain("улица Торская");
    // An approximate curated point gives way to the extract's point on the street.
    const approximate = CURATED.find((s) => s.approximate)!;
    const better = mergeStreets(CURATED, [{ ...approximate, aliases: [], lat: 48.861, lon: 37.601, approximate: false }]);
    expect(better.find((s) => s.nameUk === approximate.nameUk)).toMatchObject({ lat: 48.861, lon: 37.601, approximate: false });
  });
});
