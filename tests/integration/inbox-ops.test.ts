// The operators' inbox as they work it: rows that say what the request is about and how
// urgent it is (in words, not colour alone), filters folded away until used, "my requests"
// for an officer, bulk assign / route / close through the same core moves as the request
// page (refused per row, with the reason), keyboard shortcuts, and who else has a request
// open. Everything goes through the real route modules with staff sessions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { closeRequestPresence, listRequestViewers, recordRequestViewer } from "#app/domain/inbox/request-presence.server.ts";
import * as inboxRoute from "#app/routes/staff+/inbox.tsx";
import { action as presenceAction } from "#app/routes/staff+/presence.$id.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { csrf, signInAs } from "#tests/factories/staff-session.ts";
import { renderPage, textOf } from "./inbox-render.ts";

const BASE = "http://localhost:3000";
const HOUR = 3_600_000;
type City = Awaited<ReturnType<typeof createSmallCity>>;
let city: City;
const cookies: Record<string, string> = {};
const users: Record<string, { id: string; name: string }> = {};
const ids: Record<string, string> = {};

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as never;
const get = (who: string, path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookies[who]! } });
const post = (who: string, path: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams({ csrf: csrf.field });
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return new Request(`${BASE}${path}`, { method: "POST", headers: { Cookie: cookies[who]!, "Content-Type": "application/x-www-form-urlencoded" }, body });
};
type InboxData = Awaited<ReturnType<typeof inboxRoute.loader>>;
const inbox = async (who: string, qs = "") => (await inboxRoute.loader(args(get(who, `/staff/inbox${qs}`)))) as InboxData;
type BulkResult = {
  init: { status: number } | null;
  data: { bulk?: null | { done: { number: string }[]; refused: { number: string; reason: string }[] }; error?: string };
};
const bulk = async (who: string, fields: Record<string, string | string[]>) =>
  (await inboxRoute.action(args(post(who, "/staff/inbox", { intent: "bulk", ...fields })))) as unknown as BulkResult;

const LONG = "Прорвало трубу холодної води у підвалі будинку, вода заливає електрощитову та підвальні комори мешканців\nДругий рядок: мешканці чекають з ранку";

beforeAll(async () => {
  city = await createSmallCity();
  for (const [k, role, dep, name] of [
    ["operator", "OPERATOR", undefined, "Олена Оператор"],
    ["supervisor", "SUPERVISOR", undefined, "Сергій Старший"],
    ["waterOfficer", "DEPARTMENT_OFFICER", "water", "Іван Водоканал"],
    ["waterColleague", "DEPARTMENT_OFFICER", "water", "Марія Водоканал"],
    ["heatingOfficer", "DEPARTMENT_OFFICER", "heating", "Петро Тепло"],
    ["heatingColleague", "DEPARTMENT_OFFICER", "heating", "Ганна Тепло"],
  ] as const) {
    const { user, cookie } = await signInAs(role, { departmentId: dep ? city[dep].id : undefined, name });
    users[k] = { id: user.id, name };
    cookies[k] = cookie;
  }
  const submit = async (key: string, description: string, categoryCode?: string) => {
    const r = await submitRequest({ channel: "WEB", description, categoryCode, location: POINTS.centre });
    ids[key] = r.request.id;
  };
  await submit("burst", LONG, "water.no-water");
  await submit("soon", "Немає води в будинку на Шовковичній", "water.no-water");
  await submit("later", "Не гріють батареї в під'їзді", "heating.no-heating");
  await submit("pothole", "Яма на дорозі біля школи", "roads.pothole");
  const db = getDb();
  const now = Date.now();
  await db.request.update({ where: { id: ids.burst }, data: { dueAt: new Date(now - 2 * HOUR) } });
  await db.request.update({ where: { id: ids.soon }, data: { dueAt: new Date(now + 5 * HOUR) } });
  await db.request.update({ where: { id: ids.later }, data: { dueAt: new Date(now + 72 * HOUR) } });
});

afterAll(() => closeRequestPresence());

describe("inbox rows", () => {
  it("show the text's first line cut at a whole word, and the SLA state in words", async () => {
    const data = await inbox("operator");
    const row = (id: string) => data.rows.find((r) => r.id === id)!;
    const burst = row(ids.burst!);
    expect(burst.excerpt.endsWith("…")).toBe(true);
    expect(burst.excerpt).not.toContain("Другий рядок");
    const shown = burst.excerpt.slice(0, -1);
    expect(LONG.startsWith(shown)).toBe(true);
    // Whole words: what follows the cut in the original is a space.
    expect(LONG[shown.length]).toBe(" ");
    expect(shown.length).toBeLessThanOrEqual(90);
    expect(row(ids.pothole!).excerpt).toBe("Яма на дорозі біля школи");
    expect(burst.sla).toBe("overdue");
    expect(row(ids.soon!).sla).toBe("dueSoon");
    expect(row(ids.later!).sla).toBeNull();

    const html = await renderPage(inboxRoute, "/staff/inbox", cookies.operator!);
    const text = textOf(html);
    expect(text).toContain(burst.excerpt);
    expect(html).toMatch(/<tr[^>]*class="[^"]*sla-overdue/);
    expect(html).toMatch(/<tr[^>]*class="[^"]*sla-due-soon/);
    expect(text).toContain("Прострочено");
    expect(text).toContain("Спливає протягом 24 год");
  });

  it("fold the filters away unless one is in force", async () => {
    const plain = await renderPage(inboxRoute, "/staff/inbox", cookies.operator!);
    expect(plain).toMatch(/<details class="inbox-filters"(?![^>]*open)/);
    const filtered = await renderPage(inboxRoute, "/staff/inbox?overdue=1", cookies.operator!);
    expect(filtered).toMatch(/<details class="inbox-filters"[^>]*open/);
    // The search box stays outside the fold: one keystroke away.
    expect(plain.indexOf('name="q"')).toBeLessThan(plain.indexOf('<details class="inbox-filters"'));
  });
});

describe("my requests", () => {
  it("lists the open requests assigned to the officer, and nobody else's", async () => {
    await getDb().request.update({ where: { id: ids.soon }, data: { assigneeId: users.waterOfficer!.id, status: "IN_PROGRESS" } });
    const mine = await inbox("waterOfficer", "?queue=mine");
    expect(mine.rows.map((r) => r.id)).toEqual([ids.soon]);
    const colleague = await inbox("waterColleague", "?queue=mine");
    expect(colleague.rows).toEqual([]);
    const html = await renderPage(inboxRoute, "/staff/inbox", cookies.waterOfficer!);
    expect(html).toContain("queue=mine");
    expect(textOf(html)).toContain("Мої заявки");
  });
});

describe("bulk actions", () => {
  it("route the selected rows to a department, refusing the ones whose status does not allow it, with the reason", async () => {
    const db = getDb();
    const closed = await submitRequest({ channel: "WEB", description: "Вже відхилена заявка про сміття", location: POINTS.centre });
    await db.request.update({ where: { id: closed.request.id }, data: { status: "REJECTED" } });
    const res = await bulk("operator", { op: "route", ids: [ids.pothole!, closed.request.id], departmentId: city.triageOnly.id });
    expect(res.data.bulk!.done.map((d) => d.number)).toEqual([(await db.request.findUniqueOrThrow({ where: { id: ids.pothole } })).number]);
    expect(res.data.bulk!.refused).toEqual([expect.objectContaining({ number: closed.request.number, reason: expect.stringContaining("Відхилено") })]);
    const routed = await db.request.findUniqueOrThrow({ where: { id: ids.pothole }, include: { events: true } });
    expect(routed).toMatchObject({ departmentId: city.triageOnly.id, status: "ASSIGNED" });
    expect(routed.events.some((e) => e.type === "rerouted" && e.actorId === users.operator!.id)).toBe(true);

    // The summary is on the page after the submit.
    const html = await renderPage(
      inboxRoute,
      "/staff/inbox",
      cookies.operator!,
      bulkBody({ op: "route", ids: [closed.request.id], departmentId: city.water.id }),
    );
    expect(textOf(html)).toMatch(/Не виконано: 1/);
    expect(textOf(html)).toContain(closed.request.number);
  });

  it("assign to an officer per row by the officer's own rights: a row their department only co-executes is refused", async () => {
    const db = getDb();
    const own = await bulk("waterOfficer", { op: "assign", ids: [ids.burst!], assigneeId: users.waterColleague!.id });
    const burst = await db.request.findUniqueOrThrow({ where: { id: ids.burst } });
    expect(own.data.bulk!.done.map((d) => d.number)).toEqual([burst.number]);
    expect(burst.assigneeId).toBe(users.waterColleague!.id);
    // Heating sees the water request (co-executor) but may not assign it.
    const res = await bulk("heatingOfficer", { op: "assign", ids: [ids.burst!, ids.later!], assigneeId: users.heatingColleague!.id });
    const later = await db.request.findUniqueOrThrow({ where: { id: ids.later } });
    expect(res.data.bulk!.done.map((d) => d.number)).toEqual([later.number]);
    expect(later.assigneeId).toBe(users.heatingColleague!.id);
    expect(res.data.bulk!.refused).toEqual([
      expect.objectContaining({ number: burst.number, reason: expect.stringContaining("не належить до вашого підрозділу") }),
    ]);
    expect((await db.request.findUniqueOrThrow({ where: { id: ids.burst } })).assigneeId).toBe(users.waterColleague!.id);
    // A department officer may not route at all: every row refused, nothing moved.
    const route = await bulk("waterOfficer", { op: "route", ids: [ids.burst!], departmentId: city.heating.id });
    expect(route.data.bulk!.done).toEqual([]);
    expect(route.data.bulk!.refused).toHaveLength(1);
    expect((await db.request.findUniqueOrThrow({ where: { id: ids.burst } })).departmentId).toBe(city.water.id);
  });

  it("close with a reason the citizen is told; without a reason nothing is closed", async () => {
    const db = getDb();
    const a = await submitRequest({ channel: "WEB", description: "Тестове повідомлення 1", location: POINTS.centre });
    const b = await submitRequest({ channel: "WEB", description: "Тестове повідомлення 2", location: POINTS.centre });
    const none = await bulk("supervisor", { op: "close", ids: [a.request.id, b.request.id], reason: "" });
    expect(none.init?.status).toBe(400);
    expect(none.data.error).toBeTruthy();
    expect((await db.request.findUniqueOrThrow({ where: { id: a.request.id } })).status).toBe("NEW");
    const res = await bulk("supervisor", { op: "close", ids: [a.request.id, b.request.id], reason: "Тестові повідомлення, не звернення" });
    expect(res.data.bulk!.done).toHaveLength(2);
    for (const r of [a, b]) {
      const after = await db.request.findUniqueOrThrow({ where: { id: r.request.id }, include: { events: true } });
      expect(after.status).toBe("REJECTED");
      // The same move as the request page's "reject": a public event with the reason, by this supervisor.
      const event = after.events.find((e) => e.toStatus === "REJECTED")!;
      expect(event).toMatchObject({
        isPublic: true,
        actorId: users.supervisor!.id,
        data: expect.objectContaining({ publicAnswer: "Тестові повідомлення, не звернення" }),
      });
    }
  });

  it("offer checkboxes per row and «select all on this page»", async () => {
    const html = await renderPage(inboxRoute, "/staff/inbox", cookies.operator!);
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*name="ids"/);
    expect(textOf(html)).toContain("Вибрати всі на сторінці");
    expect(html).toContain('form="inbox-bulk"');
  });
});

function bulkBody(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams({ csrf: csrf.field, intent: "bulk" });
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return body;
}

describe("keyboard shortcuts", () => {
  it("are listed on the page, and the rows and search box carry what the script needs", async () => {
    const html = await renderPage(inboxRoute, "/staff/inbox", cookies.operator!);
    const text = textOf(html);
    expect(text).toContain("Клавіші");
    for (const key of ["j", "k", "Enter", "/", "?"]) expect(html).toContain(`<kbd>${key}</kbd>`);
    expect(html).toMatch(/<input[^>]*data-shortcut-search/);
    expect(html).toMatch(/<tr[^>]*data-inbox-row/);
  });
});

describe("also being viewed by", () => {
  it("names the other staff who opened the request within two minutes, and forgets them after", async () => {
    const now = new Date();
    await recordRequestViewer({ actor: { id: users.operator!.id, role: "OPERATOR", departmentId: null }, requestId: ids.burst!, now });
    const res = await presenceAction(args(post("waterOfficer", `/staff/presence/${ids.burst}`, {}), { id: ids.burst! }));
    const { viewers } = (await (res as Response).json()) as { viewers: { name: string }[] };
    expect(viewers.map((v) => v.name)).toEqual(["Олена Оператор"]);
    // The viewer does not see themself; the operator now sees the officer.
    const forOperator = await listRequestViewers({ actor: { id: users.operator!.id, role: "OPERATOR", departmentId: null }, requestId: ids.burst! });
    expect(forOperator.map((v) => v.name)).toEqual(["Іван Водоканал"]);
    // Three minutes without a heartbeat: gone.
    const later = new Date(now.getTime() + 3 * 60_000);
    const stale = await listRequestViewers({
      actor: { id: users.waterOfficer!.id, role: "DEPARTMENT_OFFICER", departmentId: city.water.id },
      requestId: ids.burst!,
      now: later,
    });
    expect(stale).toEqual([]);
  });

  it("is refused for a request the staff member may not see", async () => {
    let status = 0;
    try {
      await presenceAction(args(post("heatingOfficer", `/staff/presence/${ids.pothole}`, {}), { id: ids.pothole! }));
    } catch (e) {
      status = (e as Response).status;
    }
    expect(status).toBe(403);
  });
});
