// The supervisor's dashboard as it is read: a period and a department to look at, every
// figure a link to the inbox list behind it (the list holds as many requests as the figure
// says), each officer's load, durations in days and hours, and a chart with axes, labels
// and a table of the same numbers. Through the real route modules with staff sessions.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as dashboardRoute from "#app/routes/staff+/dashboard.tsx";
import { loader as inboxLoader } from "#app/routes/staff+/inbox.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity } from "#tests/factories/org.ts";
import { signInAs } from "#tests/factories/staff-session.ts";
import { renderPage, textOf } from "./inbox-render.ts";

const BASE = "http://localhost:3000";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type City = Awaited<ReturnType<typeof createSmallCity>>;
let city: City;
const cookies: Record<string, string> = {};
const users: Record<string, string> = {};

const args = (request: Request) => ({ request, params: {}, context: {} }) as never;
const get = (who: string, path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookies[who]! } });
type Dashboard = NonNullable<Awaited<ReturnType<typeof dashboardRoute.loader>>>;
const dashboard = async (who: string, qs = "") => (await dashboardRoute.loader(args(get(who, `/staff/dashboard${qs}`)))) as Dashboard;
const inboxCount = async (who: string, href: string) => {
  const data = (await inboxLoader(args(get(who, href)))) as Awaited<ReturnType<typeof inboxLoader>>;
  return data.rows.length;
};
const decode = (s: string) => s.replace(/&amp;/g, "&");
/** The href of the link inside the element marked data-testid="<id>". */
function linkIn(html: string, testId: string): string {
  const m = new RegExp(`data-testid="${testId}"[^>]*>(?:(?!</d[dt]>|</td>).)*?<a[^>]*href="([^"]+)"`, "s").exec(html);
  if (!m) throw new Error(`no link in ${testId}`);
  return decode(m[1]!);
}

async function request(data: {
  departmentId: string;
  categoryId?: string;
  status: string;
  receivedAt: Date;
  resolvedAt?: Date;
  dueAt?: Date;
  assigneeId?: string;
}) {
  return getDb().request.create({
    data: {
      number: `SLV-2026-${String(Math.floor(Math.random() * 900000) + 100000)}`,
      channel: "WEB",
      description: "Тест панелі",
      accessTokenHash: randomUUID(),
      ...(data as object),
      status: data.status as never,
      ...(data.resolvedAt ? { resultCode: "RESOLVED_POSITIVELY", publicAnswer: "Так" } : {}),
    },
  });
}

beforeAll(async () => {
  city = await createSmallCity();
  for (const [k, role, dep, name] of [
    ["supervisor", "SUPERVISOR", undefined, "Старша Зміни"],
    ["waterHead", "DEPARTMENT_HEAD", "water", "Керівник Водоканалу"],
    ["waterOfficer", "DEPARTMENT_OFFICER", "water", "Іван Водоканал"],
  ] as const) {
    const { user, cookie } = await signInAs(role, { departmentId: dep ? city[dep].id : undefined, name });
    users[k] = user.id;
    cookies[k] = cookie;
  }
  const now = Date.now();
  // Water: resolved 10 days ago after 28 h; heating: resolved 2 days ago after 28 h, and after 52 h.
  await request({
    departmentId: city.water.id,
    categoryId: city.noWater.id,
    status: "RESOLVED",
    receivedAt: new Date(now - 11 * DAY),
    resolvedAt: new Date(now - 11 * DAY + 28 * HOUR),
  });
  await request({
    departmentId: city.heating.id,
    categoryId: city.heatingCat.id,
    status: "CLOSED",
    receivedAt: new Date(now - 3 * DAY - 4 * HOUR),
    resolvedAt: new Date(now - 2 * DAY),
  });
  await request({
    departmentId: city.heating.id,
    categoryId: city.heatingCat.id,
    status: "RESOLVED",
    receivedAt: new Date(now - 4 * DAY - 4 * HOUR),
    resolvedAt: new Date(now - 2 * DAY),
  });
  // The water officer's load: two open (one overdue), one already resolved.
  await request({
    departmentId: city.water.id,
    status: "IN_PROGRESS",
    receivedAt: new Date(now - DAY),
    dueAt: new Date(now - HOUR),
    assigneeId: users.waterOfficer,
  });
  await request({
    departmentId: city.water.id,
    status: "ASSIGNED",
    receivedAt: new Date(now - HOUR),
    dueAt: new Date(now + 3 * DAY),
    assigneeId: users.waterOfficer,
  });
  await request({
    departmentId: city.water.id,
    status: "RESOLVED",
    receivedAt: new Date(now - 2 * HOUR),
    resolvedAt: new Date(now - HOUR),
    assigneeId: users.waterOfficer,
  });
});

describe("dashboard", () => {
  it("shows each officer's open and overdue load, each a link to exactly those requests", async () => {
    const d = await dashboard("supervisor");
    expect(d.officers).toEqual([expect.objectContaining({ id: users.waterOfficer, name: "Іван Водоканал", open: 2, overdue: 1 })]);
    const html = await renderPage(dashboardRoute, "/staff/dashboard", cookies.supervisor!);
    const open = linkIn(html, `officer-open-${users.waterOfficer}`);
    const overdue = linkIn(html, `officer-overdue-${users.waterOfficer}`);
    expect(open).toContain(`assignee=${users.waterOfficer}`);
    expect(await inboxCount("supervisor", open)).toBe(2);
    expect(await inboxCount("supervisor", overdue)).toBe(1);
  });

  it("has a period and a department filter, and the resolved figure opens the very requests it counts", async () => {
    expect((await dashboard("supervisor", "?days=7")).totals.resolved).toBe(3);
    expect((await dashboard("supervisor", "?days=30")).totals.resolved).toBe(4);
    const heating = await dashboard("supervisor", `?days=30&department=${city.heating.id}`);
    expect(heating.totals.resolved).toBe(2);
    expect(heating.byDepartment.map((r) => r.id)).toEqual([city.heating.id]);

    const html = await renderPage(dashboardRoute, `/staff/dashboard?days=30&department=${city.heating.id}`, cookies.supervisor!);
    expect(html).toMatch(/<select[^>]*name="days"/);
    expect(html).toMatch(/<select[^>]*name="department"/);
    const resolved = linkIn(html, "dashboard-resolved-count");
    expect(resolved).toContain(`department=${city.heating.id}`);
    expect(await inboxCount("supervisor", resolved)).toBe(2);
    // Heating has nothing overdue: the zero is not a link. Water's one overdue request is.
    expect(heating.overdue).toBe(0);
    expect(() => linkIn(html, "dashboard-overdue-count")).toThrow();
    const water = await renderPage(dashboardRoute, `/staff/dashboard?department=${city.water.id}`, cookies.supervisor!);
    const overdue = linkIn(water, "dashboard-overdue-count");
    expect(overdue).toContain(`department=${city.water.id}`);
    expect(await inboxCount("supervisor", overdue)).toBe(1);

    // A department head sees their own department whatever the address asks for.
    const head = await dashboard("waterHead", `?department=${city.heating.id}`);
    expect(head.scope).toBe("department");
    expect(head.byDepartment.every((r) => r.id === city.water.id)).toBe(true);
  });

  it("gives durations in days and hours", async () => {
    const html = await renderPage(dashboardRoute, `/staff/dashboard?days=30&department=${city.heating.id}`, cookies.supervisor!);
    // Median of 28 h and 52 h is 40 h: 1 day 16 hours.
    const text = textOf(html);
    expect(text).toContain("1 д 16 год");
    expect(text).not.toMatch(/\b40(\.0)? год/);
  });

  it("draws the daily chart with axes and labels, a table of the same numbers, and links per day", async () => {
    const d = await dashboard("supervisor", "?days=7");
    expect(d.series).toHaveLength(7);
    const html = await renderPage(dashboardRoute, "/staff/dashboard?days=7", cookies.supervisor!);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)![0];
    expect(svg).toMatch(/aria-labelledby="[^"]+"/);
    expect(svg).toMatch(/class="axis-y"/);
    expect(svg).toMatch(/class="axis-x"/);
    expect(textOf(svg)).toContain("Кількість заявок");
    // Every bar of every day leads to its list: received and resolved.
    expect(svg.match(/<a href="[^"]*receivedFrom=/g)).toHaveLength(7);
    expect(svg.match(/<a href="[^"]*resolvedFrom=/g)).toHaveLength(7);
    const table = /<table[^>]*data-testid="dashboard-series"[\s\S]*?<\/table>/.exec(html)![0];
    expect(textOf(table)).toContain("Надійшло");
    const today = d.series[d.series.length - 1]!;
    const link = decode(new RegExp(`href="([^"]*receivedFrom=${today.day}[^"]*)"`).exec(table)![1]!);
    expect(await inboxCount("supervisor", link)).toBe(today.received);
  });
});
