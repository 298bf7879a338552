// The open-data files of requests as a downloader gets them: one Kyiv day's requests as CSV
// (UTF-8 with BOM, a header of the columns the /open-data page describes) and as JSON (the
// same columns), private requests and merged duplicates absent, the citizen's words, address
// and exact place only where they agreed to publish them, the accessibility group like any
// other, cache headers and revalidation, "latest" leading to yesterday, and a 404 for any
// other address. Through the real route modules against the real database.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { instantFromKyivWallClock, kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";
import { addDays } from "#app/domain/public/public-stats.server.ts";
import * as fileRoute from "#app/routes/open-data_.$file.ts";
import * as pageRoute from "#app/routes/open-data.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createCategory, createSmallCity, POINTS } from "#tests/factories/org.ts";
import { anyIsoDate as anyDate, fc, FuzzStats, fuzz, hostileText } from "#tests/fuzz/harness.ts";
import { renderPage, textOf } from "./inbox-render.ts";

type City = Awaited<ReturnType<typeof createSmallCity>>;
let city: City;
let today: string;
let yesterday: string;
let n = 0;
const numbers: Record<string, string> = {};

async function makeRequest(key: string, data: Record<string, unknown>) {
  const r = await getDb().request.create({
    data: {
      number: `SLV-2026-${String(++n).padStart(6, "0")}`,
      channel: "WEB",
      description: "Опис",
      accessTokenHash: randomUUID(),
      receivedAt: new Date(Date.now() - 1000),
      ...data,
    } as never,
  });
  numbers[key] = r.number;
  return r;
}

async function get(file: string, headers: Record<string, string> = {}) {
  return (await fileRoute.loader({
    request: new Request(`http://localhost:3000/open-data/${file}`, { headers }),
    params: { file },
    context: {},
  } as never)) as Response;
}

/** RFC 4180 fields (every one quoted, "" inside) of a CSV body without its BOM. */
function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  for (const line of body.split("\r\n").filter(Boolean)) {
    const cells: string[] = [];
    const re = /"((?:[^"]|"")*)"|([^,]+)/g;
    for (const m of line.matchAll(re)) cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
    rows.push(cells);
  }
  return rows;
}

async function csvRecords(file: string) {
  const res = await get(file);
  const bytes = new Uint8Array(await res.arrayBuffer());
  // Read with the byte-order mark kept (Response.text() drops it).
  const body = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const [header, ...rows] = parseCsv(body.replace(/^\uFEFF/, ""));
  return { res, body, header: header!, records: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""]))) };
}

beforeAll(async () => {
  city = await createSmallCity();
  const group = await createCategory({ code: "accessibility", slaAmount: null, slaUnit: null });
  const noRamp = await createCategory({ code: "accessibility.no-ramp", parentId: group.id, departmentId: city.housingNorth.id });
  today = kyivDateOf(new Date(Date.now() - 1000));
  yesterday = addDays(today, -1);
  await makeRequest("consent", {
    publishConsent: true,
    description: '=HYPERLINK("x") Яма біля під\'їзду',
    address: "вул. Шевченка, 10",
    lat: POINTS.centre.lat,
    lon: POINTS.centre.lon,
    categoryId: city.noWater.id,
    departmentId: city.water.id,
    districtId: city.centre.id,
    status: "RESOLVED",
    resolvedAt: new Date(),
    publicAnswer: "Відремонтовано",
  });
  await makeRequest("noConsent", {
    publishConsent: false,
    description: "Мій сусід Петро Коваленко, тел. 0501234567",
    address: "вул. Лесі Українки, 7, кв. 12",
    lat: 48.853123,
    lon: 37.601987,
    categoryId: city.heatingCat.id,
    departmentId: city.heating.id,
    status: "IN_PROGRESS",
    dueAt: new Date(Date.now() + 86_400_000),
    publicAnswer: "Відповідь з іменем заявника",
  });
  await makeRequest("barrier", { categoryId: noRamp.id, departmentId: city.housingNorth.id, lat: POINTS.north.lat, lon: POINTS.north.lon });
  await makeRequest("private", { isPrivate: true, publishConsent: true, description: "Приватне", categoryId: city.noWater.id });
  await makeRequest("merged", { status: "MERGED", publishConsent: true, categoryId: city.noWater.id });
  await makeRequest("yesterday", { receivedAt: instantFromKyivWallClock({ date: yesterday, hour: 12 }), categoryId: city.yard.id });
});

describe("open data", () => {
  it("gives a day's requests as UTF-8 CSV with a BOM and the columns the page describes", async () => {
    const { res, body, header, records } = await csvRecords(`requests-${today}.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(body.startsWith("\uFEFF")).toBe(true);
    expect(body.startsWith("\uFEFFnumber,received_at,")).toBe(true);
    expect(res.headers.get("content-disposition")).toContain(`requests-${today}.csv`);

    // The page lists exactly these columns, each with a type and a description of its own.
    const html = await renderPage(pageRoute, "/open-data", "");
    const table = /<table[^>]*data-testid="open-data-columns"[\s\S]*?<\/table>/.exec(html)![0];
    const described = [...table.matchAll(/<th scope="row"><code>([^<]+)<\/code><\/th><td>([^<]+)<\/td><td>([^<]+)<\/td>/g)];
    expect(described.map((m) => m[1])).toEqual(header);
    for (const m of described) {
      expect(m[3]!.length).toBeGreaterThan(10);
      expect(m[3]).not.toContain("openData.columns");
    }
    expect(textOf(html)).toContain("UTF-8 з міткою порядку байтів (BOM)");
    expect(textOf(await renderPage(pageRoute, "/open-data?lang=en", ""))).toContain("UTF-8 with a byte-order mark");

    expect(records.map((r) => r.number).sort()).toEqual([numbers.consent, numbers.noConsent, numbers.barrier].sort());
    const consent = records.find((r) => r.number === numbers.consent)!;
    expect(consent).toMatchObject({
      status: "RESOLVED",
      state: "closed",
      category_code: "water.no-water",
      category_group_code: "water",
      department_code: "water",
      district_code: "centre",
      address: "вул. Шевченка, 10",
      answer: "Відремонтовано",
      location_exact: "true",
      location_cell_m: "",
      lat: String(POINTS.centre.lat),
    });
    // A formula in free text is written so a spreadsheet shows it instead of running it.
    expect(consent.description).toBe("'=HYPERLINK(\"x\") Яма біля під'їзду");
    expect(consent.received_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[23]:00$/);
  });

  it("leaves out the words, address and exact place of a citizen who did not agree, and private and merged requests", async () => {
    const { body, records } = await csvRecords(`requests-${today}.csv`);
    const r = records.find((x) => x.number === numbers.noConsent)!;
    expect(r).toMatchObject({ description: "", address: "", answer: "", location_exact: "false", location_cell_m: "150", state: "open" });
    expect(r.lat).not.toBe("48.853123");
    expect(Math.abs(Number(r.lat) - 48.853123)).toBeLessThan(0.002);
    expect(r.expected_at).not.toBe("");
    for (const secret of ["Коваленко", "0501234567", "Лесі Українки", "кв. 12", "37.601987", "Приватне", "Відповідь з іменем"])
      expect(body).not.toContain(secret);
    expect(body).not.toContain(numbers.private);
    expect(body).not.toContain(numbers.merged);
  });

  it("gives the same rows as JSON, with the column list and a count", async () => {
    const res = await get(`requests-${today}.json`);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const json = (await res.json()) as { dataset: string; date: string; columns: string[]; count: number; requests: Record<string, unknown>[] };
    const { header } = await csvRecords(`requests-${today}.csv`);
    expect(json).toMatchObject({ dataset: "requests", date: today, count: 3 });
    expect(json.columns).toEqual(header);
    for (const r of json.requests) expect(Object.keys(r)).toEqual(header);
    const noConsent = json.requests.find((r) => r.number === numbers.noConsent)!;
    expect(noConsent).toMatchObject({ description: null, address: null, answer: null, location_exact: false, location_cell_m: 150 });
    const consent = json.requests.find((r) => r.number === numbers.consent)!;
    expect(consent).toMatchObject({ location_exact: true, lat: POINTS.centre.lat, lon: POINTS.centre.lon, description: '=HYPERLINK("x") Яма біля під\'їзду' });
    // The accessibility barrier is a request like any other, with its group.
    const barrier = json.requests.find((r) => r.number === numbers.barrier)!;
    expect(barrier).toMatchObject({ category_code: "accessibility.no-ramp", category_group_code: "accessibility", department_code: "housing-north" });
  });

  it("names categories in English with ?lang=en", async () => {
    const uk = ((await (await get(`requests-${today}.json`)).json()) as { requests: { category_name: string }[] }).requests.map((r) => r.category_name);
    expect(uk).toContain("Категорія water.no-water");
    const en = (await fileRoute.loader({
      request: new Request(`http://localhost:3000/open-data/requests-${today}.json?lang=en`),
      params: { file: `requests-${today}.json` },
      context: {},
    } as never)) as Response;
    const names = ((await en.json()) as { requests: { category_name: string }[] }).requests.map((r) => r.category_name);
    expect(names).toContain("Category water.no-water");
    expect(en.headers.get("content-disposition")).toContain(`requests-${today}-en.json`);
  });

  it("files each request under the day it was received; latest is yesterday", async () => {
    const y = await csvRecords(`requests-${yesterday}.csv`);
    expect(y.records.map((r) => r.number)).toEqual([numbers.yesterday]);
    const latest = await get("requests-latest.json");
    expect(latest.status).toBe(302);
    expect(latest.headers.get("location")).toBe(`/open-data/requests-${yesterday}.json`);
    const html = await renderPage(pageRoute, "/open-data", "");
    expect(html).toContain('href="/open-data/requests-latest.csv"');
    const days = /<table[^>]*data-testid="open-data-days"[\s\S]*?<\/table>/.exec(html)![0];
    const todayRow = new RegExp(`<th scope="row">${today.split("-").reverse().join(".")}</th><td>(\\d+)</td>`).exec(days)!;
    expect(todayRow[1]).toBe("3");
  });

  it("can be cached and revalidated: today's briefly, a past day's for an hour", async () => {
    const todayRes = await get(`requests-${today}.csv`);
    expect(todayRes.headers.get("cache-control")).toBe("public, max-age=300");
    const past = await get(`requests-${yesterday}.csv`);
    expect(past.headers.get("cache-control")).toBe("public, max-age=3600");
    const etag = past.headers.get("etag")!;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get(`requests-${yesterday}.csv`, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // A change to a listed request changes the validator.
    await getDb().request.update({ where: { number: numbers.yesterday }, data: { status: "RESOLVED", resolvedAt: new Date() } });
    const changed = await get(`requests-${yesterday}.csv`, { "If-None-Match": etag });
    expect(changed.status).toBe(200);
  });

  it("answers 404 to any other address", async () => {
    const tomorrow = addDays(today, 1);
    for (const file of [
      `requests-${tomorrow}.csv`,
      "requests-2026-02-30.csv",
      "requests-2026-1-1.csv",
      "requests-2026-01-01.xml",
      "requests.csv",
      "..%2Fetc.csv",
    ]) {
      const res = await get(file);
      expect({ file, status: res.status }).toEqual({ file, status: 404 });
      expect(await res.text()).toContain("/open-data/requests-");
    }
  });

  it("answers seeded hostile file names with 2xx–4xx, never 5xx or a hang", async () => {
    const fuzzStats = new FuzzStats();
    const names = fc.oneof(
      hostileText,
      anyDate.map((d) => `requests-${d}.csv`),
      fc.tuple(hostileText, fc.constantFrom("csv", "json", "xml", "")).map(([t, ext]) => `requests-${t}.${ext}`),
    );
    await fuzz(fuzzStats, "GET /open-data/<file>", names, 200, (file) => get(file));
    expect(fuzzStats.failures().length, fuzzStats.summary()).toBe(0);
  });
});
