// A phone appeal's address as the operator takes it down: street from the city's list (a former
// name works too), house, flat, entrance, and the pin on the map. The request must get a point
// and a district, so it is routed and matched to an outage like a web request with a pin.
import { beforeAll, describe, expect, it } from "vitest";
import { recordOutage } from "#app/domain/outages/record-outage.server.ts";
import { loader as streetsLoader } from "#app/routes/api+/streets.ts";
import { loader as districtLoader } from "#app/routes/staff+/district-at.ts";
import { action as phoneAction } from "#app/routes/staff+/phone-appeal.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity } from "#tests/factories/org.ts";
import { csrf, signInAs } from "#tests/factories/staff-session.ts";
import { seedStreets } from "#prisma/seed/seed-streets.server.ts";
import { STREETS } from "#prisma/seed/streets.ts";

const BASE = "http://localhost:3000";
type City = Awaited<ReturnType<typeof createSmallCity>>;
let city: City;
let cookie: string;

const args = (request: Request) => ({ request, params: {}, context: {} }) as never;
const street = (name: string) => STREETS.find((s) => s.nameUk === name)!;

async function caught(p: Promise<unknown>): Promise<Response> {
  try {
    const r = await p;
    if (r instanceof Response) return r;
    throw new Error(`expected a Response, got ${JSON.stringify(r)}`);
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

function post(fields: Record<string, string>) {
  const body = new URLSearchParams({ csrf: csrf.field, ...fields });
  return new Request(`${BASE}/staff/phone-appeal`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
}

/** Registers an appeal through the page's action and returns the stored request. */
async function register(fields: Record<string, string>) {
  const res = await caught(phoneAction(args(post({ phone: "050 123 45 67", description: "Немає води з ранку", ...fields }))));
  expect(res.status).toBe(302);
  const id = res.headers.get("Location")!.match(/\/staff\/requests\/([0-9a-f-]{36})/)![1]!;
  return getDb().request.findUniqueOrThrow({ where: { id } });
}

beforeAll(async () => {
  city = await createSmallCity();
  await seedStreets();
  ({ cookie } = await signInAs("OPERATOR"));
});

describe("phone appeal address", () => {
  it("street + house give the address text, the street's point and the district", async () => {
    const created = await register({ categoryCode: "water.no-water", street: "вулиця Шевченка", house: "12а", flat: "5", entrance: "2" });
    const s = street("вулиця Шевченка");
    expect(created).toMatchObject({
      channel: "PHONE_OPERATOR",
      address: "вулиця Шевченка, 12а, кв. 5, під'їзд 2",
      lat: s.lat,
      lon: s.lon,
      districtId: city.centre.id,
    });
  });

  it("routes by the district of the street: a yard problem in the north goes to the north's housing service", async () => {
    // вулиця Черкаська lies in the test city's northern district (lat 48.87–48.90).
    const created = await register({ categoryCode: "housing.yard", description: "Зламана лавка у дворі", street: "вулиця Черкаська", house: "3" });
    expect(created.districtId).toBe(city.north.id);
    expect(created.departmentId).toBe(city.housingNorth.id);
  });

  it("a pin the operator moved wins over the street's point", async () => {
    const created = await register({
      categoryCode: "housing.yard",
      description: "Яма у дворі",
      street: "вулиця Шевченка",
      house: "1",
      lat: "48.88",
      lon: "37.6",
    });
    expect(created).toMatchObject({ lat: 48.88, lon: 37.6, districtId: city.north.id, departmentId: city.housingNorth.id });
  });

  it("is linked to an active outage in its district and the caller is told, as a web request would be", async () => {
    const outage = await recordOutage({
      kind: "OUTAGE",
      titleUk: "Аварія на водогоні",
      causeUk: "Пошкодження магістралі на вул. Шевченка",
      districtCode: "centre",
      categoryCodes: ["water"],
      startsAt: new Date(Date.now() - 3_600_000),
      plannedEndAt: new Date(Date.now() + 6 * 3_600_000),
    });
    const created = await register({ categoryCode: "water.no-water", street: "вулиця Шевченка", house: "20" });
    expect(created.outageId).toBe(outage.id);
    const told = await getDb().notification.findFirst({ where: { requestId: created.id, template: "outageLinked" } });
    expect(told).not.toBeNull();
    // The same call about a northern street is not linked to the centre's outage.
    const elsewhere = await register({ categoryCode: "water.no-water", street: "вулиця Черкаська", house: "7" });
    expect(elsewhere.outageId).toBeNull();
  });

  it("a former street name resolves to today's street, its point and district", async () => {
    const created = await register({ categoryCode: "water.no-water", street: "вулиця Лозановича", house: "10" });
    const s = street("вулиця Національної Гвардії");
    expect(created).toMatchObject({ address: "вулиця Національної Гвардії, 10", lat: s.lat, lon: s.lon, districtId: city.centre.id });
    // The suggestions show the former name the operator typed next to the current one.
    const res = (await streetsLoader(args(new Request(`${BASE}/api/streets?q=${encodeURIComponent("Лозанов")}`)))) as Response;
    const { streets } = (await res.json()) as { streets: { name: string; matchedAlias: string | null }[] };
    expect(streets[0]).toMatchObject({ name: "вулиця Національної Гвардії", matchedAlias: "вулиця Лозановича" });
  });

  it("a street not in the list is kept as typed, without a point", async () => {
    const created = await register({ categoryCode: "water.no-water", street: "вулиця Невідома", house: "4" });
    expect(created).toMatchObject({ address: "вулиця Невідома, 4", lat: null, lon: null, districtId: null });
  });

  it("a bad callback number is a 400 naming the phone field, keeps what was typed and creates nothing", async () => {
    const before = await getDb().request.count();
    const typed = { phone: "050 123", categoryCode: "water.no-water", description: "Немає води", street: "вулиця Шевченка", house: "12" };
    const res = (await phoneAction(args(post(typed)))) as {
      init: { status: number };
      data: { fieldErrors: Record<string, string>; values: Record<string, string> };
    };
    expect(res.init.status).toBe(400);
    expect(res.data.fieldErrors.phone).toMatch(/номер/i);
    expect(res.data.values).toMatchObject(typed);
    expect(await getDb().request.count()).toBe(before);
    // Letters are refused too (no "phone words" turned into digits).
    const letters = (await phoneAction(args(post({ ...typed, phone: "050-CALL-NOW" })))) as { init: { status: number } };
    expect(letters.init.status).toBe(400);
    expect(await getDb().request.count()).toBe(before);
  });

  it("a house number that cannot be one is a 400 on the house field", async () => {
    const res = (await phoneAction(args(post({ phone: "050 123 45 67", description: "Немає води", street: "вулиця Шевченка", house: "дванадцять" })))) as {
      init: { status: number };
      data: { fieldErrors: Record<string, string> };
    };
    expect(res.init.status).toBe(400);
    expect(res.data.fieldErrors.house).toMatch(/дванадцять/);
  });

  it("the form can show the district before saving; a bad point is a 400", async () => {
    const at = (q: string) => districtLoader(args(new Request(`${BASE}/staff/district-at?${q}`, { headers: { Cookie: cookie } })));
    const s = street("вулиця Шевченка");
    const ok = (await at(`lat=${s.lat}&lon=${s.lon}`)) as Response;
    expect(await ok.json()).toMatchObject({ district: { code: "centre" } });
    const outside = (await at("lat=48.7&lon=37.3")) as Response;
    expect(await outside.json()).toEqual({ district: null });
    expect((await caught(at("lat=abc&lon=37.6"))).status).toBe(400);
  });
});
