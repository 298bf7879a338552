// The public statistics page (/stats, no login) as a reader sees it: the totals, the figures
// by service and by category and the league table equal what the database holds, counted
// here independently from the rows themselves (received in the period; resolved in the
// period; on time = resolved before every deadline it had; median from receipt to
// resolution; mean rating); private requests and merged duplicates are not counted; the
// filters narrow them; an address that cannot be read answers 4xx saying what to fix.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";
import * as statsRoute from "#app/routes/stats.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createCategory, createDepartment, createSmallCity } from "#tests/factories/org.ts";
import { anyIsoDate, BASE, fc, FuzzStats, fuzz, getRequest, hostileHeaders, hostileQuery, withLang } from "#tests/fuzz/harness.ts";
import { renderPage, textOf } from "./inbox-render.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type City = Awaited<ReturnType<typeof createSmallCity>>;
let city: City;
let roads: { id: string; code: string };
let n = 0;

async function makeRequest(data: {
  departmentId: string | null;
  categoryId: string | null;
  receivedAgo: number;
  /** Hours from receipt to resolution; none for an open request. */
  tookHours?: number;
  /** Hours from receipt to the deadline; none for a request without one. */
  deadlineHours?: number;
  score?: number;
  isPrivate?: boolean;
  status?: string;
}) {
  const receivedAt = new Date(Date.now() - data.receivedAgo);
  const resolvedAt = data.tookHours === undefined ? null : new Date(receivedAt.getTime() + data.tookHours * HOUR);
  const r = await getDb().request.create({
    data: {
      number: `SLV-2026-${String(++n).padStart(6, "0")}`,
      channel: "WEB",
      description: "Статистика",
      accessTokenHash: randomUUID(),
      departmentId: data.departmentId,
      categoryId: data.categoryId,
      receivedAt,
      resolvedAt,
      isPrivate: data.isPrivate ?? false,
      status: (data.status ?? (resolvedAt ? "RESOLVED" : "IN_PROGRESS")) as never,
    },
  });
  if (data.deadlineHours !== undefined) {
    const dueAt = new Date(receivedAt.getTime() + data.deadlineHours * HOUR);
    await getDb().deadline.create({
      data: { requestId: r.id, kind: "SLA", label: "sla", startedAt: receivedAt, dueAt, warnAt: dueAt, active: !resolvedAt, metAt: resolvedAt },
    });
  }
  if (data.score) await getDb().rating.create({ data: { requestId: r.id, score: data.score } });
  return r;
}

/** The figures for requests matching `where`, counted from the rows, for the last `days` Kyiv days. */
async function expected(days: number, where: { departmentId?: string; categoryIds?: string[] } = {}) {
  const today = kyivDateOf(new Date());
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const sinceDay = new Date(Date.UTC(y, m - 1, d - (days - 1))).toISOString().slice(0, 10);
  const rows = await getDb().request.findMany({
    where: {
      isPrivate: false,
      status: { not: "MERGED" },
      ...(where.departmentId ? { departmentId: where.departmentId } : {}),
      ...(where.categoryIds ? { categoryId: { in: where.categoryIds } } : {}),
    },
    include: { deadlines: true, rating: true },
  });
  const inPeriod = (t: Date | null) => t !== null && kyivDateOf(t) >= sinceDay && kyivDateOf(t) <= today;
  const received = rows.filter((r) => inPeriod(r.receivedAt)).length;
  const resolved = rows.filter((r) => inPeriod(r.resolvedAt));
  const withDeadline = resolved.filter((r) => r.deadlines.some((x) => x.metAt));
  const onTime = withDeadline.filter((r) => r.deadlines.filter((x) => x.metAt).every((x) => x.metAt! <= x.dueAt));
  const hours = resolved.map((r) => (r.resolvedAt!.getTime() - r.receivedAt.getTime()) / HOUR).sort((a, b) => a - b);
  const mid = hours.length / 2;
  const median = hours.length ? (hours.length % 2 ? hours[Math.floor(mid)]! : (hours[mid - 1]! + hours[mid]!) / 2) : null;
  const scores = resolved.filter((r) => r.rating).map((r) => r.rating!.score);
  return {
    received,
    resolved: resolved.length,
    onTime: onTime.length,
    withDeadline: withDeadline.length,
    onTimeShare: withDeadline.length ? `${Math.round((onTime.length / withDeadline.length) * 100)}%` : "—",
    median,
    satisfaction: scores.length ? (scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(1) : null,
    ratings: scores.length,
  };
}

const ratingsWord = (n: number) => ({ one: "оцінка", few: "оцінки", many: "оцінок", other: "оцінки" })[new Intl.PluralRules("uk").select(n) as "one"];

/** "1 д 16 год" as the page writes a duration in hours. */
function duration(hours: number | null) {
  if (hours === null) return "—";
  const total = Math.round(hours);
  const d = Math.floor(total / 24);
  const h = total % 24;
  if (!d) return `${h} год`;
  return h ? `${d} д ${h} год` : `${d} д`;
}

const page = (qs: string) => renderPage(statsRoute, `/stats${qs}`, "");
const figure = (html: string, id: string) => {
  const m = new RegExp(`data-testid="stats-${id}"[^>]*>(.*?)</dd>`, "s").exec(html);
  if (!m) throw new Error(`no figure ${id}`);
  return textOf(m[1]!);
};
const tableOf = (html: string, testId: string) => {
  const m = new RegExp(`<table[^>]*data-testid="${testId}"[\\s\\S]*?</table>`).exec(html);
  if (!m) throw new Error(`no table ${testId}`);
  return m[0];
};
/** The text of each figure cell of a table row marked data-code="<code>". */
function rowOf(table: string, code: string) {
  const m = new RegExp(`<tr[^>]*data-code="${code.replace(/\./g, "\\.")}"[^>]*>([\\s\\S]*?)</tr>`).exec(table);
  if (!m) throw new Error(`no row ${code}`);
  const cells: Record<string, string> = {};
  for (const c of m[1]!.matchAll(/data-figure="([^"]+)"[^>]*>([\s\S]*?)<\/td>/g)) cells[c[1]!] = textOf(c[2]!);
  cells.name = textOf(/<th[^>]*>([\s\S]*?)<\/th>/.exec(m[1]!)![1]!);
  return cells;
}

/** The loader's answer to an address: 200, or the status of the Response it throws (with its text). */
async function answer(qs: string): Promise<{ status: number; text: string }> {
  try {
    await statsRoute.loader({ request: new Request(`http://localhost:3000/stats${qs}`), params: {}, context: {} } as never);
    return { status: 200, text: "" };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, text: await e.text() };
    throw e;
  }
}
const status = async (qs: string) => (await answer(qs)).status;

beforeAll(async () => {
  city = await createSmallCity();
  roads = await createDepartment("roads-repair");
  const potholeRoads = await createCategory({ code: "roads.deep-pothole", departmentId: roads.id });
  // Water: 6 resolved in the last week with a 24 h deadline, 4 on time; three rated.
  const water = { departmentId: city.water.id, categoryId: city.noWater.id, deadlineHours: 24 };
  await makeRequest({ ...water, receivedAgo: 2 * DAY, tookHours: 3, score: 5 });
  await makeRequest({ ...water, receivedAgo: 3 * DAY, tookHours: 10, score: 4 });
  await makeRequest({ ...water, receivedAgo: 4 * DAY, tookHours: 20 });
  await makeRequest({ ...water, receivedAgo: 5 * DAY, tookHours: 23 });
  await makeRequest({ ...water, receivedAgo: 5 * DAY, tookHours: 30, score: 2 });
  await makeRequest({ ...water, receivedAgo: 6 * DAY, tookHours: 50 });
  // Roads: 5 resolved in two weeks, all on time, one rated — ranks above water.
  for (let i = 0; i < 5; i++)
    await makeRequest({
      departmentId: roads.id,
      categoryId: potholeRoads.id,
      receivedAgo: (8 + i) * DAY,
      tookHours: 40 + i,
      deadlineHours: 7 * 24,
      score: i === 0 ? 3 : undefined,
    });
  // Heating: two resolved (too few to be ranked) and one still open.
  await makeRequest({ departmentId: city.heating.id, categoryId: city.heatingCat.id, receivedAgo: 3 * DAY, tookHours: 28, deadlineHours: 24 });
  await makeRequest({ departmentId: city.heating.id, categoryId: city.heatingCat.id, receivedAgo: 4 * DAY, tookHours: 52, deadlineHours: 24 });
  await makeRequest({ departmentId: city.heating.id, categoryId: city.heatingCat.id, receivedAgo: DAY });
  // Roads: six resolved, all fast, but only two had a deadline — too few to be ranked.
  for (let i = 0; i < 6; i++)
    await makeRequest({
      departmentId: city.triageOnly.id,
      categoryId: city.pothole.id,
      receivedAgo: 3 * DAY,
      tookHours: 1,
      deadlineHours: i < 2 ? 24 : undefined,
    });
  // Not yet passed to a service.
  await makeRequest({ departmentId: null, categoryId: null, receivedAgo: 2 * HOUR });
  // Resolved 60 days ago: only in the longer periods.
  await makeRequest({ ...water, receivedAgo: 61 * DAY, tookHours: 5, score: 1 });
  // Never counted: a private request and a merged duplicate.
  await makeRequest({ ...water, receivedAgo: 2 * DAY, tookHours: 200, score: 1, isPrivate: true });
  await makeRequest({ ...water, receivedAgo: 2 * DAY, tookHours: 300, status: "MERGED" });
});

describe("public statistics", () => {
  it("shows totals equal to the database's public requests of the period, in days and hours", async () => {
    for (const days of [7, 30, 90]) {
      const html = await page(`?days=${days}`);
      const e = await expected(days);
      expect(figure(html, "received")).toBe(String(e.received));
      expect(figure(html, "resolved")).toBe(String(e.resolved));
      expect(figure(html, "on-time")).toBe(`${e.onTimeShare} (${e.onTime} з ${e.withDeadline})`);
      expect(figure(html, "median")).toBe(duration(e.median));
      expect(figure(html, "satisfaction")).toBe(`${e.satisfaction} (${e.ratings} ${ratingsWord(e.ratings)})`);
    }
    // The private request (200 h, rated 1) and the merged one are nowhere in the figures.
    const e30 = await expected(30);
    expect(e30.resolved).toBe(19);
    expect(e30.received).toBe(21);
    expect(figure(await page("?days=30"), "satisfaction")).toBe("3.5 (4 оцінки)");
  });

  it("gives each service's and each category's figures as the database holds them", async () => {
    const html = await page("?days=30");
    const byDep = tableOf(html, "stats-by-department");
    for (const dep of [city.water, city.heating, roads]) {
      const e = await expected(30, { departmentId: dep.id });
      const row = rowOf(byDep, dep.code);
      expect(row.received).toBe(String(e.received));
      expect(row.resolved).toBe(String(e.resolved));
      expect(row["on-time"]).toBe(`${e.onTimeShare} (${e.onTime} з ${e.withDeadline})`);
      expect(row.median).toBe(duration(e.median));
      expect(row.satisfaction).toBe(e.satisfaction ? `${e.satisfaction} (${e.ratings} ${ratingsWord(e.ratings)})` : "—");
    }
    expect(rowOf(byDep, "").name).toBe("Ще не передано службі");
    const byCat = tableOf(html, "stats-by-category");
    const noWater = await expected(30, { categoryIds: [city.noWater.id] });
    expect(rowOf(byCat, "water.no-water").resolved).toBe(String(noWater.resolved));
    expect(rowOf(byCat, "water.no-water").median).toBe(duration(noWater.median));
  });

  it("ranks the services by the rule it states, leaving out those with too few resolved", async () => {
    const html = await page("?days=30");
    expect(textOf(html)).toContain("спершу більша частка виконаних вчасно");
    const league = tableOf(html, "stats-league");
    // Roads: 5 of 5 on time; water: 4 of 6. Heating resolved only 2: listed apart, unranked.
    expect(rowOf(league, "roads-repair").rank).toBe("1");
    expect(rowOf(league, "water").rank).toBe("2");
    expect(league).not.toContain('data-code="heating"');
    expect(tableOf(html, "stats-league-unranked")).toContain('data-code="heating"');
    // Six resolved, 100% on time, but only two of them had a deadline: not ranked either.
    expect(league).not.toContain('data-code="roads"');
    expect(rowOf(tableOf(html, "stats-league-unranked"), "roads").resolved).toBe("6");
    // Over a week only water has enough: roads' requests were resolved earlier.
    const week = tableOf(await page("?days=7"), "stats-league");
    expect(rowOf(week, "water").rank).toBe("1");
    expect(week).not.toContain('data-code="roads-repair"');
  });

  it("narrows to a service, to a category group with its categories, and to a chosen period", async () => {
    const heating = await page("?days=30&department=heating");
    const eh = await expected(30, { departmentId: city.heating.id });
    expect(figure(heating, "received")).toBe(String(eh.received));
    expect(figure(heating, "resolved")).toBe("2");
    expect(figure(heating, "median")).toBe("1 д 16 год");

    // The group "water" counts the requests of its category water.no-water.
    const group = await page("?days=30&category=water");
    expect(figure(group, "resolved")).toBe(String((await expected(30, { categoryIds: [city.noWater.id, city.waterRoot.id] })).resolved));
    expect(figure(group, "resolved")).toBe("6");

    const today = kyivDateOf(new Date());
    const from = kyivDateOf(new Date(Date.now() - 89 * DAY));
    const custom = await page(`?from=${from}&to=${today}`);
    expect(figure(custom, "resolved")).toBe(figure(await page("?days=90"), "resolved"));
    expect(figure(custom, "resolved")).toBe("20");
  });

  it("draws trend charts with axes, labels and a table of the same numbers", async () => {
    const html = await page("?days=7");
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) {
      expect(svg).toMatch(/aria-labelledby="[^"]+"/);
      expect(svg).toMatch(/class="axis-y"/);
      expect(svg).toMatch(/class="axis-x"/);
    }
    expect(textOf(svgs[0]!)).toContain("Кількість звернень");
    const table = tableOf(html, "stats-series");
    const rows = [...table.matchAll(/<tr>\s*<th scope="row">([^<]+)<\/th><td>(\d+)<\/td><td>(\d+)<\/td>/g)];
    expect(rows).toHaveLength(7);
    expect(rows.reduce((s, r) => s + Number(r[2]), 0)).toBe((await expected(7)).received);
    expect(rows.reduce((s, r) => s + Number(r[3]), 0)).toBe((await expected(7)).resolved);
    // A year is drawn by month.
    const year = tableOf(await page("?days=365"), "stats-series");
    expect([...year.matchAll(/<th scope="row">\d{2}\.\d{4}<\/th>/g)].length).toBeGreaterThanOrEqual(12);
  });

  it("reads in English with ?lang=en", async () => {
    const html = await page("?days=30&lang=en");
    expect(textOf(html)).toContain("League table of services");
    expect(figure(html, "satisfaction")).toMatch(/\(\d+ ratings\)$/);
  });

  it("answers 4xx, never 5xx, to an address it cannot read", async () => {
    expect(await status("?days=12")).toBe(400);
    expect(await status("?days=abc")).toBe(400);
    expect(await status("?from=2026-13-01&to=2026-12-01")).toBe(400);
    expect(await status("?from=2026-01-01")).toBe(400);
    expect(await status("?from=2026-02-01&to=2026-01-01")).toBe(400);
    expect(await status("?from=2020-01-01&to=2026-01-01")).toBe(400);
    expect(await status("?from=2026-01-01&to=2999-01-01")).toBe(400);
    expect(await status("?department=%3Cscript%3E")).toBe(400);
    expect(await status("?department=no-such-service")).toBe(404);
    expect(await status("?category=no.such")).toBe(404);
    expect((await answer("?days=12")).text).toContain("7, 30, 90 або 365");
    expect((await answer("?days=12&lang=en")).text).toContain("Choose a period");
  });

  it("answers seeded hostile addresses with 2xx–4xx, never 5xx or a hang", async () => {
    const fuzzStats = new FuzzStats();
    const q = fc.record({
      q: hostileQuery(["days", "from", "to", "department", "category"], {
        base: { days: "30", from: "2026-01-01", to: "2026-02-01", department: "water", category: "water" },
        values: fc.oneof(anyIsoDate, fc.constantFrom("7", "30", "365", "0", "-1", "1e3", "water", "accessibility", "no.such")),
      }),
      h: hostileHeaders,
    });
    await fuzz(fuzzStats, "GET /stats", q, 200, ({ q, h }, signal) =>
      statsRoute.loader({ request: getRequest(`${BASE}/stats?${withLang(q, h)}`, h, { signal }), params: {}, context: {} } as never),
    );
    expect(fuzzStats.failures().length, fuzzStats.summary()).toBe(0);
    // Most of them were read, not all refused: the fuzz reached the statistics.
    expect(fuzzStats.rows.get("GET /stats")!.statuses.get(200) ?? 0).toBeGreaterThan(10);
  });
});
