// /api/nearby is public: whoever calls it may call it from many points. Its answers must
// depend only on the coarse grid cell a request lies in, so repeated queries cannot
// triangulate a citizen's home closer than that cell.
import { beforeAll, describe, expect, test } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { loader as nearbyLoader } from "#app/routes/api+/nearby.ts";

type Nearby = { number: string; distanceM: number; area: { lat: number; lon: number; sizeM: number } };
const M_PER_DEG = 111_320;

async function nearby(point: { lat: number; lon: number }): Promise<Nearby[]> {
  const q = new URLSearchParams({ category: "water.no-water", lat: point.lat.toFixed(6), lon: point.lon.toFixed(6) });
  const res = (await nearbyLoader({ request: new Request(`http://localhost/api/nearby?${q}`), params: {}, context: {} })) as Response;
  expect(res.status).toBe(200);
  return ((await res.json()) as { nearby: Nearby[] }).nearby;
}

function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const dy = (a.lat - b.lat) * M_PER_DEG;
  const dx = (a.lon - b.lon) * M_PER_DEG * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

const submit = (externalId: string, location: { lat: number; lon: number }) =>
  submitRequest({
    channel: "WEB",
    externalId,
    description: "Немає води в квартирі",
    categoryCode: "water.no-water",
    location,
    citizen: { fullName: "Олена Петренко", phone: "+380501234567" },
  });

beforeAll(async () => {
  await createSmallCity();
});

describe("/api/nearby cannot be used to locate a citizen's home", () => {
  test("queries from many points give one coarse area and distances that cannot tell two homes in the same cell apart", async () => {
    const home = { lat: POINTS.centre.lat + 0.00037, lon: POINTS.centre.lon + 0.00052 };
    const a = await submit("home-a", home);
    const first = (await nearby(home)).find((n) => n.number === a.request.number)!;
    expect(first, "the request is found from its own point").toBeDefined();
    const area = first.area;
    expect(area.sizeM).toBeGreaterThanOrEqual(100);
    // The area is not the home: the point is snapped to its cell.
    expect(metres(area, home)).toBeGreaterThan(5);
    expect(metres(area, home)).toBeLessThanOrEqual(area.sizeM);

    // A neighbour in the same cell (on the segment from the home to the cell's centre).
    const neighbour = { lat: home.lat + 0.7 * (area.lat - home.lat), lon: home.lon + 0.7 * (area.lon - home.lon) };
    expect(metres(neighbour, home)).toBeGreaterThan(3);
    const b = await submit("home-b", neighbour);

    let seen = 0;
    const step = 35 / M_PER_DEG; // a 17 × 17 grid, 35 m apart, around the home
    for (let i = -8; i <= 8; i++) {
      for (let j = -8; j <= 8; j++) {
        const from = { lat: home.lat + i * step, lon: home.lon + (j * step) / Math.cos((home.lat * Math.PI) / 180) };
        const answers = await nearby(from);
        const ra = answers.find((n) => n.number === a.request.number);
        const rb = answers.find((n) => n.number === b.request.number);
        // Both or neither: being in range is decided by the cell, not the exact point.
        expect(Boolean(ra), `from ${i},${j}`).toBe(Boolean(rb));
        if (!ra || !rb) continue;
        seen += 1;
        expect(ra.area).toEqual(area);
        expect(rb.area).toEqual(area);
        expect(ra.distanceM).toBe(rb.distanceM);
        expect(ra.distanceM % 100).toBe(0);
        expect(Object.keys(ra).sort()).toEqual(["area", "category", "distanceM", "number", "receivedAt", "status"]);
      }
    }
    expect(seen).toBeGreaterThan(50);
  });
});
