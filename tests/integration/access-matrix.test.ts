// Who may do what in /staff and /admin: every route module on disk (loader, and its action
// once per intent its source names) × a signed-out visitor and every staff role, with the
// department roles once in the department that owns the seeded request and once in another.
// The expected permissions are written out below per route; a route or intent missing from
// the table fails the test, so a new one must be decided on. Allowed calls work (2xx/3xx,
// or a 4xx naming the missing input for an empty form); the rest answer 403, a signed-out
// visitor is sent to /login, and no answer to another department carries the seeded
// request's description, the citizen's phone or name.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeUpload } from "#app/domain/attachments/store-attachments.server.ts";
import { sandboxSpeechWav } from "#integrations/speech/index.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { sendPublicReply } from "#app/domain/requests/send-public-reply.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { closeThrottle } from "#app/utils/throttle.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";
import { staffRouteFiles, urlOf, type RouteFile } from "#tests/fuzz/route-files.ts";
import { signInAs, type SignedIn } from "#tests/factories/staff-session.ts";

type Who =
  "anonymous" | "OPERATOR" | "SUPERVISOR" | "ADMIN" | "DEPARTMENT_HEAD/own" | "DEPARTMENT_HEAD/other" | "DEPARTMENT_OFFICER/own" | "DEPARTMENT_OFFICER/other";
const STAFF: Who[] = ["OPERATOR", "SUPERVISOR", "ADMIN", "DEPARTMENT_HEAD/own", "DEPARTMENT_HEAD/other", "DEPARTMENT_OFFICER/own", "DEPARTMENT_OFFICER/other"];
const CENTRE: Who[] = ["OPERATOR", "SUPERVISOR", "ADMIN"];
const ADMIN: Who[] = ["ADMIN"];
/** Centre roles and the department that executes the request. */
const OWN: Who[] = [...CENTRE, "DEPARTMENT_HEAD/own", "DEPARTMENT_OFFICER/own"];
/** Changing a request: centre roles, and the executing department's head and officers. */
const WORK: Who[] = OWN;

/** Per route file: who may call its loader, and its action per intent ("*" for an action without intents). */
const EXPECTED: Record<string, { loader?: Who[]; action?: Record<string, Who[]> }> = {
  "staff+/_layout.tsx": { loader: STAFF },
  "staff+/_index.tsx": { loader: STAFF },
  // Bulk actions are open to every staff member; each row is then allowed or refused by the
  // same rules as the request page (inbox-ops.test.ts).
  "staff+/inbox.tsx": { loader: STAFF, action: { "save-view": STAFF, "delete-view": STAFF, bulk: STAFF } },
  "staff+/requests.$id.tsx": {
    loader: OWN,
    action: {
      "reveal-contact": OWN,
      note: OWN,
      reply: WORK,
      take: WORK,
      assign: WORK,
      reroute: CENTRE,
      return: ["DEPARTMENT_HEAD/own", "DEPARTMENT_OFFICER/own"],
      "change-category": CENTRE,
      ask: WORK,
      resolve: WORK,
      reject: WORK,
      merge: CENTRE,
      extend: [...CENTRE, "DEPARTMENT_HEAD/own"],
      callback: CENTRE,
      "hand-off": WORK,
      "handoff-order": WORK,
      "handoff-outcome": CENTRE,
      // Photos of the finished work: whoever may resolve it.
      "result-photos": WORK,
      // Keeping a request out of public view: the contact centre decides.
      visibility: CENTRE,
    },
  },
  "staff+/dashboard.tsx": { loader: ["SUPERVISOR", "ADMIN", "DEPARTMENT_HEAD/own", "DEPARTMENT_HEAD/other"] },
  "staff+/events.ts": { loader: STAFF },
  // The request page's heartbeat for "also being viewed by": whoever may open the request.
  "staff+/presence.$id.ts": { action: { "*": OWN } },
  "staff+/export.ts": { loader: STAFF },
  // A file of the seeded request: whoever may open the request page (staff-attachments.test.ts for more).
  "staff+/attachments.$id.ts": { loader: OWN },
  // The answer letter of an answered official appeal (PDF, print page): whoever may open the request; audited.
  "staff+/requests.$id.letter[.]pdf.ts": { loader: OWN },
  "staff+/requests.$id_.letter.tsx": { loader: OWN },
  "staff+/handoffs.tsx": { loader: STAFF },
  "staff+/phone-appeal.tsx": { loader: CENTRE, action: { "*": CENTRE } },
  // The district of a point, shown on the phone-appeal form before saving: the same people.
  "staff+/district-at.ts": { loader: CENTRE },
  // The board of calls waiting: department roles see it with callers' numbers masked;
  // only those who can call back (the centre) may close a call-back task.
  "staff+/calls.tsx": { loader: STAFF, action: { "*": CENTRE } },
  "staff+/sandbox-outbox.tsx": { loader: STAFF },
  "staff+/phone-simulator.tsx": { loader: ADMIN, action: { "*": ADMIN } },
  "admin+/_layout.tsx": { loader: ADMIN },
  "admin+/_index.tsx": { loader: ADMIN },
  "admin+/calendar.tsx": { loader: ADMIN, action: { "add-day": ADMIN, "remove-day": ADMIN, "set-regime": ADMIN, "set-triage": ADMIN } },
  "admin+/categories.tsx": { loader: ADMIN },
  "admin+/categories_.$categoryId.tsx": { loader: ADMIN, action: { "*": ADMIN } },
  "admin+/departments.tsx": { loader: ADMIN, action: { create: ADMIN, update: ADMIN, deactivate: ADMIN, activate: ADMIN } },
  "admin+/districts.tsx": { loader: ADMIN, action: { "*": ADMIN } },
  "admin+/outages.tsx": { loader: ADMIN, action: { record: ADMIN, end: ADMIN } },
  "admin+/open311.tsx": { loader: ADMIN, action: { issue: ADMIN, revoke: ADMIN } },
  "admin+/routing.tsx": { loader: ADMIN, action: { create: ADMIN, delete: ADMIN, up: ADMIN, down: ADMIN } },
  "admin+/services.tsx": { loader: ADMIN, action: { sync: ADMIN, map: ADMIN, "save-service": ADMIN } },
  "admin+/staff.tsx": { loader: ADMIN, action: { create: ADMIN, update: ADMIN, deactivate: ADMIN, activate: ADMIN, password: ADMIN } },
  "admin+/templates.tsx": { loader: ADMIN, action: { save: ADMIN, preview: ADMIN, delete: ADMIN } },
};

// What must never reach another department: the seeded request's own details.
const SECRET = { description: "ФІОЛЕТОВИЙ-ЖИРАФ-7731 прорвало трубу у підвалі", phone: "+380931117731", name: "Секретна Громадянка Ясногорська" };
const REPLY = "ВІДПОВІДЬ-КАРМІН-5512: бригада приїде завтра о 9:00";
const SECRET_MARKS = [SECRET.description.slice(0, 22), SECRET.phone, "931117731", "117731", SECRET.name, REPLY.slice(0, 22)];

const routes = staffRouteFiles();
const users = new Map<Who, SignedIn>();
let requestId = "";
let categoryId = "";
let attachmentId = "";
/** An answered official appeal executed by the same department, for the answer letter routes. */
let letterRequestId = "";
const BASE = "http://localhost:3000";

beforeAll(async () => {
  const city = await createSmallCity();
  const own = city.water.id;
  // Not heating: the small city's water rule makes heating a co-executor (who may view).
  const other = city.housingNorth.id;
  const roles: [Who, StaffRole, string | null][] = [
    ["OPERATOR", "OPERATOR", null],
    ["SUPERVISOR", "SUPERVISOR", null],
    ["ADMIN", "ADMIN", null],
    ["DEPARTMENT_HEAD/own", "DEPARTMENT_HEAD", own],
    ["DEPARTMENT_HEAD/other", "DEPARTMENT_HEAD", other],
    ["DEPARTMENT_OFFICER/own", "DEPARTMENT_OFFICER", own],
    ["DEPARTMENT_OFFICER/other", "DEPARTMENT_OFFICER", other],
  ];
  for (const [who, role, departmentId] of roles) users.set(who, await signInAs(role, { departmentId }));
  const r = await submitRequest({
    channel: "WEB",
    externalId: "access-matrix-1",
    description: SECRET.description,
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { phone: SECRET.phone, fullName: SECRET.name },
  });
  requestId = r.request.id;
  expect(r.request.departmentId).toBe(own);
  // A voice note of that request, on disk, for /staff/attachments/<id>.
  process.env.UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), "slv-matrix-"));
  resetEnvForTests();
  const storageKey = await writeUpload(sandboxSpeechWav(SECRET.description), "wav");
  attachmentId = (
    await getDb().attachment.create({ data: { requestId, kind: "voice", mimeType: "audio/x-wav", size: 1, storageKey, sha256: "x" }, select: { id: true } })
  ).id;
  categoryId = r.request.categoryId!;
  // What went out to the citizen, so outbox pages have something of this request to (not) show.
  const operator = users.get("OPERATOR")!;
  await sendPublicReply({ actor: { id: operator.user.id, role: "OPERATOR", departmentId: null }, requestId, text: REPLY });
  for (const n of await getDb().notification.findMany({ where: { requestId }, select: { id: true } }))
    await sendNotification({ notificationId: n.id }).catch(() => undefined);
  const appeal = await submitRequest({
    channel: "WEB",
    externalId: "access-matrix-appeal",
    description: "Звернення щодо тиску води",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { phone: "+380501112299", fullName: "Іван Заявник", residence: "вул. Центральна, 2" },
    appeal: { kind: "APPLICATION" },
  });
  letterRequestId = appeal.request.id;
  await transitionRequest({
    requestId: letterRequestId,
    to: "RESOLVED",
    actor: { type: "STAFF", id: operator.user.id },
    resultCode: "RESOLVED_POSITIVELY",
    publicAnswer: "Тиск води відновлено.",
  });
});

// "sync" on /admin/services fetches the iGov catalogue; msw answers for iGov.
beforeEach(() => {
  server.use(...createIgovApi().handlers);
});

afterAll(() => closeThrottle());

type Result = { status: number; location: string | null; body: string };

async function bodyOf(response: Response): Promise<string> {
  if (!response.body) return "";
  if (/event-stream/.test(response.headers.get("Content-Type") ?? "")) {
    // A live stream: its first events are enough to see what it would carry.
    const reader = response.body.getReader();
    const first = await Promise.race([reader.read(), new Promise<{ value?: undefined }>((r) => setTimeout(() => r({}), 2_500))]);
    await reader.cancel().catch(() => undefined);
    return first.value ? new TextDecoder().decode(first.value) : "";
  }
  return response.text();
}

async function call(run: (signal: AbortSignal) => unknown): Promise<Result> {
  const controller = new AbortController();
  try {
    const out = await run(controller.signal);
    if (out instanceof Response) return { status: out.status, location: out.headers.get("Location"), body: await bodyOf(out) };
    const init =
      out && typeof out === "object" && (out as { type?: string }).type === "DataWithResponseInit"
        ? (out as { init?: { status?: number } | null; data: unknown })
        : null;
    return { status: init?.init?.status ?? 200, location: null, body: JSON.stringify(init ? init.data : out) ?? "" };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location"), body: await bodyOf(e) };
    return { status: 500, location: null, body: String(e) };
  } finally {
    controller.abort();
  }
}

function paramsFor(route: RouteFile) {
  const attachment = route.file.startsWith("staff+/attachments.");
  const letter = route.file.includes(".letter");
  return Object.fromEntries(route.params.map((p) => [p, p === "categoryId" ? categoryId : attachment ? attachmentId : letter ? letterRequestId : requestId]));
}

function cookieOf(who: Who) {
  return who === "anonymous" ? csrfPairForTests().cookie : users.get(who)!.cookie;
}

const WHO: Who[] = ["anonymous", ...STAFF];

function check(label: string, who: Who, allowed: Who[], result: Result, kind: "loader" | "action") {
  const where = `${label} as ${who} → ${result.status} ${result.body.slice(0, 200)}`;
  if (who === "anonymous") {
    expect(result.status, where).toBe(302);
    expect(new URL(result.location!, BASE).pathname, where).toBe("/login");
    return;
  }
  if (allowed.includes(who)) {
    expect(result.status, where).toBeLessThan(500);
    expect([401, 403], where).not.toContain(result.status);
    // A page must open; an empty form may be refused for what it lacks (400/404/409/413/415/422).
    if (kind === "loader") expect(result.status, where).toBeLessThan(400);
  } else {
    expect(result.status, where).toBe(403);
  }
  if (who.endsWith("/other") || (!allowed.includes(who) && who !== "ADMIN")) {
    for (const mark of SECRET_MARKS) expect(result.body, `${where}: carries another department's data (${mark})`).not.toContain(mark);
  }
}

describe("access matrix: staff and admin routes × anonymous and every role × own/other department", () => {
  it("every route on disk and every intent its source names has an expected-permission entry", () => {
    const missing: string[] = [];
    for (const r of routes) {
      const e = EXPECTED[r.file];
      if (!e) {
        missing.push(r.file);
        continue;
      }
      for (const intent of r.intents) if (!e.action?.[intent]) missing.push(`${r.file} intent ${intent}`);
    }
    expect(missing, "decide who may use these, in EXPECTED").toEqual([]);
    expect(
      Object.keys(EXPECTED).filter((f) => !routes.some((r) => r.file === f)),
      "entries for routes that no longer exist",
    ).toEqual([]);
  });

  for (const route of routes) {
    it(`${route.file}`, async () => {
      const mod = await route.load();
      const expected = EXPECTED[route.file] ?? {};
      const params = paramsFor(route);
      const url = urlOf(route, params);
      if (mod.loader) {
        expect(expected.loader, `${route.file}: loader not in the table`).toBeDefined();
        // A loader that answers a question needs one to open (the district of the city's centre).
        const pageUrl = route.file === "staff+/district-at.ts" ? `${url}?lat=48.85&lon=37.6` : url;
        for (const who of WHO) {
          const result = await call((signal) =>
            mod.loader!({ request: new Request(pageUrl, { headers: { Cookie: cookieOf(who) }, signal }), params, context: {} }),
          );
          check(`GET ${route.pattern}`, who, expected.loader!, result, "loader");
        }
      }
      if (mod.action) {
        const intents = route.intents.length ? route.intents : ["*"];
        for (const intent of intents) {
          const allowed = expected.action?.[intent];
          expect(allowed, `${route.file}: action ${intent} not in the table`).toBeDefined();
          for (const who of WHO) {
            const body = new URLSearchParams({ csrf: csrfPairForTests().field, ...(intent === "*" ? {} : { intent }) });
            const result = await call((signal) =>
              mod.action!({
                request: new Request(`${url}?lang=uk`, {
                  method: "POST",
                  headers: { Cookie: cookieOf(who), "Content-Type": "application/x-www-form-urlencoded" },
                  body,
                  signal,
                }),
                params,
                context: {},
              }),
            );
            check(`POST ${route.pattern} ${intent}`, who, allowed!, result, "action");
          }
        }
      }
    });
  }
});
