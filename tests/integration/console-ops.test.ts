// Staff console: phone appeals with caller history, dashboard numbers, CSV export, live events.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { loader as dashboardLoader } from "#app/routes/staff+/dashboard.tsx";
import { loader as eventsLoader } from "#app/routes/staff+/events.ts";
import { loader as exportLoader } from "#app/routes/staff+/export.ts";
import { action as phoneAction, loader as phoneLoader } from "#app/routes/staff+/phone-appeal.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { csrf, signInAs } from "#tests/factories/staff-session.ts";

const BASE = "http://localhost:3000";
const HOUR = 3_600_000;
type City = Awaited<ReturnType<typeof createSmallCity>>;
let city: City;
const cookies: Record<string, string> = {};
const users: Record<string, string> = {};

const args = (request: Request) => ({ request, params: {}, context: {} }) as never;
const get = (who: string, path: string, init: RequestInit = {}) =>
  new Request(`${BASE}${path}`, { ...init, headers: { Cookie: cookies[who]!, ...(init.headers ?? {}) } });
async function caught(p: Promise<unknown>): Promise<Response> {
  try {
    const r = await p;
    if (r instanceof Response) return r;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("expected a Response");
}

beforeAll(async () => {
  city = await createSmallCity();
  for (const [k, role, dep] of [
    ["operator", "OPERATOR", undefined],
    ["supervisor", "SUPERVISOR", undefined],
    ["waterOfficer", "DEPARTMENT_OFFICER", "water"],
    ["heatingOfficer", "DEPARTMENT_OFFICER", "heating"],
  ] as const) {
    const { user, cookie } = await signInAs(role, { departmentId: dep ? city[dep].id : undefined });
    users[k] = user.id;
    cookies[k] = cookie;
  }
});

describe("phone appeal", () => {
  it("lists the caller's earlier SMS, Telegram and web requests (audited) and registers a PHONE_OPERATOR request", async () => {
    const phone = "+380671234567";
    await submitRequest({
      channel: "SMS",
      externalId: "SM1",
      description: "Немає світла в під'їзді",
      citizen: { phone, identity: { channel: "SMS", externalId: phone } },
    });
    await submitRequest({
      channel: "TELEGRAM",
      externalId: "tg-1",
      description: "Сміття не вивезли",
      citizen: { phone, identity: { channel: "TELEGRAM", externalId: "777" } },
    });
    await submitRequest({ channel: "WEB", description: "Яма біля будинку", citizen: { phone: "067 123 45 67", fullName: "Іван Сидоренко" } });
    await submitRequest({ channel: "WEB", description: "Чужа заявка", citizen: { phone: "+380509999999" } });

    const forbidden = await caught(phoneLoader(args(get("waterOfficer", "/staff/phone-appeal"))));
    expect(forbidden.status).toBe(403);

    const data = (await phoneLoader(args(get("operator", `/staff/phone-appeal?phone=${encodeURIComponent("0671234567")}`)))) as Awaited<
      ReturnType<typeof phoneLoader>
    >;
    expect(data.history!.requests.map((r) => r.channel).sort()).toEqual(["SMS", "TELEGRAM", "WEB"]);
    expect(await getDb().auditLog.count({ where: { action: "caller-history.viewed", actorId: users.operator } })).toBe(1);

    const body = new URLSearchParams({
      csrf: csrf.field,
      phone: "0671234567",
      categoryCode: "water.no-water",
      description: "Немає води, дзвінок на гарячу лінію",
      address: "вул. Шовковична, 5",
      fullName: "Іван Сидоренко",
      residence: "вул. Шовковична, 5, кв. 3",
      official: "on",
      kind: "COMPLAINT",
      isBeneficiary: "on",
    });
    const res = await caught(
      phoneAction(args(get("operator", "/staff/phone-appeal", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body }))),
    );
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.match(/\/staff\/requests\/([0-9a-f-]{36})/)![1]!;
    const created = await getDb().request.findUniqueOrThrow({ where: { id }, include: { appeal: true, events: true } });
    expect(created).toMatchObject({ channel: "PHONE_OPERATOR", isAppeal: true, isBeneficiary: true, departmentId: city.water.id });
    expect(created.appeal).toMatchObject({ kind: "COMPLAINT", receiptForm: "PHONE_OPERATOR", fullName: "Іван Сидоренко" });
    expect(created.events.find((e) => e.type === "received")).toMatchObject({ actorType: "STAFF", actorId: users.operator });

    const bad = await phoneAction(
      args(
        get("operator", "/staff/phone-appeal", {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrf: csrf.field, phone: "0671234567", description: "Скарга", official: "on" }),
        }),
      ),
    );
    expect((bad as { init: { status: number } }).init.status).toBe(400);
  });
});

describe("dashboard", () => {
  it("counts on-time share and median resolution on a known data set", async () => {
    const db = getDb();
    const now = Date.now();
    // Resolved after 2 h (on time), 4 h (late), 10 h (on time); one open and overdue.
    for (const [hours, late] of [
      [2, false],
      [4, true],
      [10, false],
    ] as const) {
      const receivedAt = new Date(now - 48 * HOUR);
      const resolvedAt = new Date(receivedAt.getTime() + hours * HOUR);
      const r = await db.request.create({
        data: {
          number: `SLV-2026-9${randomUUID().slice(0, 5)}`,
          channel: "WEB",
          description: "Тест",
          accessTokenHash: randomUUID(),
          status: "RESOLVED",
          departmentId: city.heating.id,
          categoryId: city.heatingCat.id,
          receivedAt,
          resolvedAt,
          resultCode: "RESOLVED_POSITIVELY",
          publicAnswer: "Так",
        },
      });
      await db.deadline.create({
        data: {
          requestId: r.id,
          kind: "SLA",
          label: "sla",
          startedAt: receivedAt,
          dueAt: new Date(resolvedAt.getTime() + (late ? -HOUR : HOUR)),
          warnAt: receivedAt,
          active: false,
          metAt: resolvedAt,
        },
      });
    }
    await db.request.create({
      data: {
        number: `SLV-2026-8${randomUUID().slice(0, 5)}`,
        channel: "WEB",
        description: "Відкрита",
        accessTokenHash: randomUUID(),
        status: "ASSIGNED",
        departmentId: city.heating.id,
        dueAt: new Date(now - HOUR),
      },
    });

    const forbidden = await caught(dashboardLoader(args(get("waterOfficer", "/staff/dashboard"))));
    expect(forbidden.status).toBe(403);
    const d = (await dashboardLoader(args(get("supervisor", "/staff/dashboard")))) as NonNullable<Awaited<ReturnType<typeof dashboardLoader>>>;
    const heating = d.byDepartment.find((r) => r.id === city.heating.id)!;
    expect(heating).toMatchObject({ resolved: 3, onTime: 2, withDeadline: 3, medianHours: 4 });
    expect(heating.onTimeShare).toBeCloseTo(2 / 3);
    expect(d.byCategory.find((r) => r.id === city.heatingCat.id)).toMatchObject({ resolved: 3, medianHours: 4 });
    expect(d.overdue).toBeGreaterThanOrEqual(1);
    expect(d.series.length).toBe(30);
  });
});

describe("CSV export", () => {
  it("has a BOM and a header row, is audited, and keeps a department to its queue", async () => {
    const res = await caught(exportLoader(args(get("supervisor", "/staff/export?category=water"))));
    expect(res.headers.get("Content-Type")).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe('"Номер","Отримано","Категорія","Район","Підрозділ","Статус","Строк","Пільговик","Звернення","Канал","Опис"');
    expect(lines.length).toBeGreaterThan(1);
    expect(await getDb().auditLog.count({ where: { action: "requests.exported", actorId: users.supervisor } })).toBe(1);

    // The water officer's export holds water requests only, none of heating's.
    const dep = await caught(exportLoader(args(get("waterOfficer", "/staff/export"))));
    const depText = await dep.text();
    expect(depText).toContain("Немає води, дзвінок");
    expect(depText).not.toContain('"Тест"');
  });
});

describe("live events", () => {
  it("streams text/event-stream with events created after `after=`, only visible ones", async () => {
    const db = getDb();
    const last = await db.requestEvent.findFirst({ orderBy: { id: "desc" } });
    const created = await submitRequest({ channel: "WEB", description: "Немає води знову", categoryCode: "water.no-water", location: POINTS.centre });
    const controller = new AbortController();
    const res = await caught(
      eventsLoader(args(new Request(`${BASE}/staff/events?after=${last!.id}`, { headers: { Cookie: cookies.operator! }, signal: controller.signal }))),
    );
    expect(res.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes(created.request.id)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain("event: request");
    expect(text).toContain(JSON.stringify({ requestId: created.request.id, type: "received" }));

    // A department officer does not hear of another department's requests.
    const pothole = await submitRequest({ channel: "WEB", description: "Яма", categoryCode: "roads.pothole" });
    const c2 = new AbortController();
    const res2 = await caught(
      eventsLoader(args(new Request(`${BASE}/staff/events?after=${last!.id}`, { headers: { Cookie: cookies.waterOfficer! }, signal: c2.signal }))),
    );
    const r2 = res2.body!.getReader();
    let t2 = "";
    while (!t2.includes(created.request.id)) {
      const { value, done } = await r2.read();
      if (done) break;
      t2 += new TextDecoder().decode(value);
    }
    c2.abort();
    expect(t2).not.toContain(pothole.request.id);
  });
});
