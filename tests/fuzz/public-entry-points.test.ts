// Fuzz: every public page loader, form action and /api endpoint, and the attachments route,
// fed seeded hostile input (control characters, odd encodings, bodies that are not forms,
// out-of-range dates, malformed ids, cross-origin headers). None may answer 5xx or hang,
// and afterwards the site still serves a normal report from start to tracking page.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { closeThrottle } from "#app/utils/throttle.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { buildPost, tinyPng } from "#tests/integration/citizen-helpers.ts";
import { anyIsoDate, BASE, fc, FuzzStats, formRequest, fuzz, getRequest, hostileForm, hostileHeaders, hostileQuery, hostileText, withLang } from "./harness.ts";

process.env.UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), "slv-fuzz-uploads-"));
resetEnvForTests();

const root = await import("#app/root.tsx");
const index = await import("#app/routes/_index.tsx");
const report = await import("#app/routes/report.tsx");
const track = await import("#app/routes/track.$token.tsx");
const deadlines = await import("#app/routes/deadlines.tsx");
const login = await import("#app/routes/login.tsx");
const logout = await import("#app/routes/logout.ts");
const apiDeadlines = await import("#app/routes/api+/deadlines.ts");
const apiNearby = await import("#app/routes/api+/nearby.ts");
const apiStreets = await import("#app/routes/api+/streets.ts");
const apiCategories = await import("#app/routes/api+/categories.ts");
const attachments = await import("#app/routes/attachments.$id.ts");
const metrics = await import("#app/routes/metrics.ts");

const stats = new FuzzStats();
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as never;
let token = "";
let attachmentId = "";

beforeAll(async () => {
  await createSmallCity();
  await getDb().street.create({ data: { nameUk: "вулиця Шевченка", aliases: ["вулиця Шевченко"], lat: 48.85, lon: 37.6 } });
  const r = await submitRequest({
    channel: "WEB",
    externalId: "fuzz-seed",
    description: "Немає води у будинку",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { phone: "+380501112233" },
  });
  token = r.accessToken;
  // A photo on it, through the tracking page, so the attachments route has a real file.
  const res = await track
    .action(
      args(buildPost(`${BASE}/track/${token}`, { intent: "info", text: "Фото" }, { files: [{ name: "a.png", type: "image/png", bytes: tinyPng() }] }), {
        token,
      }),
    )
    .catch((e: unknown) => e);
  expect((res as Response).status).toBe(302);
  attachmentId = (await getDb().attachment.findFirstOrThrow({ where: { requestId: r.request.id } })).id;
});

afterAll(async () => {
  console.log(stats.table("Public entry points"));
  await closeThrottle();
});

const page = <T extends object>(arb: fc.Arbitrary<T>) => arb;
const tokenArb = () => fc.oneof({ weight: 3, arbitrary: fc.constant(token) }, { weight: 2, arbitrary: hostileText });
const categoryArb = fc.oneof(fc.constantFrom("water.no-water", "roads.pothole", "social.aid", "housing.yard", "water"), hostileText);
const REPORT_FIELDS = [
  "idempotencyKey",
  "categoryCode",
  "description",
  "lat",
  "lon",
  "address",
  "fullName",
  "phone",
  "email",
  "isAppeal",
  "appealKind",
  "residence",
  "nearbyChecked",
  "intent",
  "answer_floor",
  "answer_x",
] as const;

function expectNo5xx(entry: string) {
  expect(stats.failures(entry).length, `${entry}: 5xx or hang\n${stats.summary(entry)}`).toBe(0);
}

describe("public entry points answer hostile input with 2xx–4xx", () => {
  it("root and home loaders", async () => {
    const arb = page(fc.record({ q: hostileQuery(["lang"]), h: hostileHeaders }));
    await fuzz(stats, "GET root loader", arb, 120, ({ q, h }, signal) => root.loader(args(getRequest(`${BASE}/?${withLang(q, h)}`, h, { signal }))));
    await fuzz(stats, "GET /", arb, 120, ({ q, h }, signal) => index.loader(args(getRequest(`${BASE}/?${withLang(q, h)}`, h, { signal }))));
    expectNo5xx("GET root loader");
    expectNo5xx("GET /");
  });

  it("/report loader and action", async () => {
    const q = fc.record({
      q: hostileQuery(["q", "category", "followed", "already"], { base: { category: "water.no-water", followed: "SLV-2025-000001", already: "1" } }),
      h: hostileHeaders,
    });
    await fuzz(stats, "GET /report", q, 300, ({ q, h }, signal) => report.loader(args(getRequest(`${BASE}/report?${withLang(q, h)}`, h, { signal }))));
    const form = hostileForm(
      REPORT_FIELDS,
      {
        idempotencyKey: fc.uuid(),
        categoryCode: categoryArb,
        intent: fc.oneof(
          fc.constantFrom("submit", "follow:SLV-2024-000001", "follow:"),
          hostileText.map((s) => `follow:${s}`),
        ),
        lat: fc.oneof(fc.constant(String(POINTS.centre.lat)), hostileText),
        lon: fc.oneof(fc.constant(String(POINTS.centre.lon)), hostileText),
        nearbyChecked: fc.constantFrom("1", "0"),
      },
      {
        files: true,
        base: fc.uuid().map((key) => ({
          idempotencyKey: key,
          categoryCode: "water.no-water",
          description: "Немає води третій день",
          lat: "48.852",
          lon: "37.6",
          address: "вулиця Шевченка, 12",
          fullName: "Олена Петренко",
          phone: "+380501234567",
          email: "olena@example.org",
          nearbyChecked: "1",
          intent: "submit",
        })),
      },
    );
    await fuzz(stats, "POST /report", form, 450, (input, signal) => report.action(args(formRequest(`${BASE}/report?lang=uk`, input, { signal }))));
    expectNo5xx("GET /report");
    expectNo5xx("POST /report");
  });

  it("/track/<token> loader and actions", async () => {
    const q = fc.record({ token: tokenArb(), q: hostileQuery(["done", "new"]), h: hostileHeaders });
    await fuzz(stats, "GET /track/<token>", q, 250, ({ token: t, q, h }, signal) =>
      track.loader(args(getRequest(`${BASE}/track/${encodeURIComponent(t.replace(/[\uD800-\uDFFF]/g, ""))}?${withLang(q, h)}`, h, { signal }), { token: t })),
    );
    const form = fc.record({
      token: tokenArb(),
      input: hostileForm(
        ["intent", "text", "comment", "score", "ratingComment", "orderId"],
        { intent: fc.oneof(fc.constantFrom("info", "confirm", "reopen", "rate", "order"), hostileText) },
        {
          files: true,
          base: fc.constantFrom<Record<string, string>>(
            { intent: "info", text: "Вода так і не з'явилась" },
            { intent: "confirm", comment: "Дякую" },
            { intent: "reopen", comment: "Не вирішено" },
            { intent: "rate", score: "5", ratingComment: "Добре" },
            { intent: "order", orderId: "123456789" },
          ),
        },
      ),
    });
    await fuzz(stats, "POST /track/<token>", form, 450, ({ token: t, input }, signal) =>
      track.action(args(formRequest(`${BASE}/track/x?lang=en`, input, { signal }), { token: t })),
    );
    expectNo5xx("GET /track/<token>");
    expectNo5xx("POST /track/<token>");
  });

  it("/deadlines page and /api/*", async () => {
    const dq = fc.record({
      q: hostileQuery(["receivedAt", "category", "regime"], {
        base: { receivedAt: "2025-03-03T10:00:00+02:00", category: "water.no-water", regime: "martial-law" },
        values: anyIsoDate,
      }),
      h: hostileHeaders,
    });
    await fuzz(stats, "GET /deadlines", dq, 250, ({ q, h }, signal) =>
      deadlines.loader(args(getRequest(`${BASE}/deadlines?${withLang(q, h)}`, h, { signal }))),
    );
    await fuzz(stats, "GET /api/deadlines", dq, 350, ({ q, h }, signal) =>
      apiDeadlines.loader(args(getRequest(`${BASE}/api/deadlines?${withLang(q, h)}`, h, { signal }))),
    );
    const nq = fc.record({
      q: hostileQuery(["category", "lat", "lon"], { base: { category: "water.no-water", lat: "48.852", lon: "37.6" } }),
      h: hostileHeaders,
    });
    await fuzz(stats, "GET /api/nearby", nq, 250, ({ q, h }, signal) =>
      apiNearby.loader(args(getRequest(`${BASE}/api/nearby?${withLang(q, h)}`, h, { signal }))),
    );
    const sq = fc.record({ q: hostileQuery(["q"]), h: hostileHeaders });
    await fuzz(stats, "GET /api/streets", sq, 250, ({ q, h }, signal) => apiStreets.loader(args(getRequest(`${BASE}/api/streets?${q}`, h, { signal }))));
    await fuzz(stats, "GET /api/categories", sq, 200, ({ q, h }, signal) =>
      apiCategories.loader(args(getRequest(`${BASE}/api/categories?${withLang(q, h)}`, h, { signal }))),
    );
    for (const e of ["GET /deadlines", "GET /api/deadlines", "GET /api/nearby", "GET /api/streets", "GET /api/categories"]) expectNo5xx(e);
  });

  it("/attachments/<id> and /metrics", async () => {
    const arb = fc.record({
      id: fc.oneof(fc.constant(attachmentId), hostileText),
      token: fc.oneof(fc.constant(token), hostileText),
      h: hostileHeaders,
    });
    await fuzz(stats, "GET /attachments/<id>", arb, 250, ({ id, token: t, h }, signal) =>
      attachments.loader(args(getRequest(`${BASE}/attachments/x?token=${encodeURIComponent(t.replace(/[\uD800-\uDFFF]/g, ""))}`, h, { signal }), { id })),
    );
    await fuzz(stats, "GET /metrics", hostileHeaders, 30, () => metrics.loader());
    expectNo5xx("GET /attachments/<id>");
    expectNo5xx("GET /metrics");
  });

  it("/login and /logout", async () => {
    const q = fc.record({ q: hostileQuery(["redirectTo"]), h: hostileHeaders });
    await fuzz(stats, "GET /login", q, 150, ({ q, h }, signal) => login.loader(args(getRequest(`${BASE}/login?${withLang(q, h)}`, h, { signal }))));
    const form = hostileForm(
      ["email", "password", "redirectTo"],
      { email: fc.oneof(fc.constant("admin@slv.test"), hostileText), password: hostileText },
      { base: { email: "admin@slv.test", password: "wrong-password", redirectTo: "/staff" } },
    );
    await fuzz(stats, "POST /login", form, 100, (input, signal) => login.action(args(formRequest(`${BASE}/login`, input, { signal }))));
    await fuzz(stats, "POST /logout", hostileForm(["x"]), 100, (input, signal) => logout.action(args(formRequest(`${BASE}/logout`, input, { signal }))));
    expectNo5xx("GET /login");
    expectNo5xx("POST /login");
    expectNo5xx("POST /logout");
  });

  it("still serves a normal citizen afterwards: report, then the tracking page", async () => {
    const loaderOut = (await report.loader(args(new Request(`${BASE}/report?category=water.no-water`)))) as { category: unknown; idempotencyKey: string };
    expect(loaderOut.category).not.toBeNull();
    const res = await report
      .action(
        args(
          buildPost(`${BASE}/report?lang=uk`, {
            idempotencyKey: loaderOut.idempotencyKey,
            categoryCode: "water.no-water",
            description: "Після перевірки: немає води на Шевченка 12",
            lat: String(POINTS.centre.lat),
            lon: String(POINTS.centre.lon),
            phone: "+380501234560",
            nearbyChecked: "1",
          }),
        ),
      )
      .catch((e: unknown) => e);
    expect((res as Response).status, JSON.stringify(res)).toBe(302);
    const location = (res as Response).headers.get("Location")!;
    const newToken = location.split("/track/")[1]!.split("?")[0]!;
    const view = (await track.loader(args(new Request(`${BASE}${location}`), { token: newToken }))) as unknown as { data: { view: { number: string } } };
    expect(view.data.view.number).toMatch(/^SLV-/);
    expect(stats.total()).toBeGreaterThanOrEqual(3000);
  });
});
