// The citizen's two choices about the public pages, made on the report form, and the
// contact centre's switch that keeps a request out of public view (recorded for staff and in
// the audit log) — each seen where it matters: on the public card.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { routeRequest } from "#app/domain/requests/route-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";
import { csrf, sessionFor } from "#tests/factories/staff-session.ts";
import { BASE, buildPost, run, type Fields } from "./citizen-helpers.ts";
import { renderPage, textOf } from "./inbox-render.ts";

process.env.UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), "slv-uploads-"));
resetEnvForTests();

const report = await import("#app/routes/report.tsx");
const staffPage = await import("#app/routes/staff+/requests.$id.tsx");
const card = await import("#app/routes/problems_.$number.tsx");

const cookies: Record<string, string> = {};
let waterDepartmentId = "";

beforeAll(async () => {
  const city = await createSmallCity();
  waterDepartmentId = city.water.id;
  cookies.operator = (await sessionFor(await createStaff({ role: "OPERATOR", name: "Олена Оператор" }))).cookie;
  cookies.officer = (await sessionFor(await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id, name: "Сергій Водоканал" }))).cookie;
});

const form = (over: Fields = {}): Fields => ({
  idempotencyKey: `key-${Math.random().toString(36).slice(2)}`,
  categoryCode: "water.no-water",
  description: "Немає холодної води з ранку, ОПИС-ДЛЯ-МАПИ",
  lat: String(POINTS.centre.lat),
  lon: String(POINTS.centre.lon),
  address: "вул. Університетська, 1",
  phone: "050 123 45 67",
  nearbyChecked: "1",
  intent: "submit",
  ...over,
});
async function submit(fields: Fields) {
  const { response } = await run(() => report.action({ request: buildPost(`${BASE}/report?category=water.no-water`, fields), params: {}, context: {} }));
  expect(response?.status).toBe(302);
  // The form accepts; the routing worker routes it moments later.
  const accepted = await getDb().request.findFirstOrThrow({ where: { externalId: String(fields.idempotencyKey) } });
  await routeRequest({ requestId: accepted.id });
  return getDb().request.findUniqueOrThrow({ where: { id: accepted.id } });
}
async function publicCard(number: string) {
  try {
    const out = (await card.loader({ request: new Request(`${BASE}/problems/${number}`), params: { number }, context: {} })) as {
      card: { request: { description: string | null; location: { exact: boolean } | null } };
    };
    return out.card.request;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}
async function act(who: string, id: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ csrf: csrf.field, ...fields });
  const request = new Request(`${BASE}/staff/requests/${id}`, {
    method: "POST",
    headers: { Cookie: cookies[who]!, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  try {
    const out = await staffPage.action({ request, params: { id }, context: {} } as never);
    return out instanceof Response ? out.status : ((out as { init?: { status?: number } }).init?.status ?? 200);
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

describe("the report form's choices", () => {
  test("the form offers both choices, unticked", async () => {
    const html = await renderPage(report as never, "/report?category=water.no-water", "");
    const text = textOf(html);
    expect(text).toContain("Дозволяю оприлюднити опис, фото та точне місце на публічній мапі");
    expect(text).toContain("Не показувати звернення публічно");
    for (const id of ["publishConsent", "isPrivate"]) {
      const input = html.match(new RegExp(`<input[^>]*id="${id}"[^>]*>`))?.[0];
      expect(input, id).toContain('type="checkbox"');
      expect(input, id).not.toContain("checked");
    }
  });

  test("without a tick nothing is published but the coarse facts", async () => {
    const row = await submit(form());
    expect(row).toMatchObject({ publishConsent: false, isPrivate: false });
    expect(await publicCard(row.number)).toMatchObject({ description: null, location: { exact: false } });
  });

  test("consent publishes the words and the exact place", async () => {
    const row = await submit(form({ publishConsent: "1" }));
    expect(row).toMatchObject({ publishConsent: true, isPrivate: false });
    expect(await publicCard(row.number)).toMatchObject({ description: expect.stringContaining("ОПИС-ДЛЯ-МАПИ"), location: { exact: true } });
  });

  test("«do not show in public» keeps it off the public pages, whatever else was ticked", async () => {
    const row = await submit(form({ isPrivate: "1", publishConsent: "1" }));
    expect(row).toMatchObject({ isPrivate: true, publishConsent: false });
    expect(await publicCard(row.number)).toBe(404);
  });
});

describe("staff: hide or show a request in public", () => {
  test("the contact centre hides and shows it; each change is a staff-only event and an audit line", async () => {
    const row = await submit(form({ publishConsent: "1" }));
    expect(await act("operator", row.id, { intent: "visibility", visibility: "private" })).toBe(302);
    expect((await getDb().request.findUniqueOrThrow({ where: { id: row.id } })).isPrivate).toBe(true);
    expect(await publicCard(row.number)).toBe(404);

    expect(await act("operator", row.id, { intent: "visibility", visibility: "public" })).toBe(302);
    expect((await getDb().request.findUniqueOrThrow({ where: { id: row.id } })).isPrivate).toBe(false);
    expect(await publicCard(row.number)).toMatchObject({ location: { exact: true } });

    const events = await getDb().requestEvent.findMany({ where: { requestId: row.id, type: "visibility-changed" }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.isPublic, (e.data as { isPrivate: boolean }).isPrivate])).toEqual([
      [false, true],
      [false, false],
    ]);
    const audit = await getDb().auditLog.findMany({ where: { entityId: row.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["request.made-private", "request.made-public"]);
    expect(audit.every((a) => a.actorId && a.entityType === "Request")).toBe(true);

    // The same choice again changes nothing and records nothing.
    expect(await act("operator", row.id, { intent: "visibility", visibility: "public" })).toBe(302);
    expect(await getDb().auditLog.count({ where: { entityId: row.id } })).toBe(2);
  });

  test("the request page says how the request appears in public", async () => {
    const row = await submit(form());
    const page = (await staffPage.loader({
      request: new Request(`${BASE}/staff/requests/${row.id}`, { headers: { Cookie: cookies.operator! } }),
      params: { id: row.id },
      context: {},
    } as never)) as { request: { isPrivate: boolean; publishConsent: boolean } };
    expect(page.request).toMatchObject({ isPrivate: false, publishConsent: false });
  });

  test("a department may not change it, and a value that is not a choice is a 400", async () => {
    const row = await submit(form());
    expect(row.departmentId).toBe(waterDepartmentId);
    expect(await act("officer", row.id, { intent: "visibility", visibility: "private" })).toBe(403);
    expect(await act("operator", row.id, { intent: "visibility", visibility: "secret" })).toBe(400);
    expect((await getDb().request.findUniqueOrThrow({ where: { id: row.id } })).isPrivate).toBe(false);
    expect(await getDb().auditLog.count({ where: { entityId: row.id } })).toBe(0);
  });
});
