// The seeded street list: big enough to be the city's, every point inside Sloviansk, no name
// twice, every former name finds today's street, and seeding again changes nothing.
import { describe, expect, it } from "vitest";
import { searchStreets } from "#app/domain/places/search-streets.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { seedStreets } from "#prisma/seed/seed-streets.server.ts";
import { STREETS } from "#prisma/seed/streets.ts";

// Every street the sources in prisma/seed/streets.ts name (78 today). The floor catches a list
// cut back by mistake; it rises as the register is loaded (docs/places.md).
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
