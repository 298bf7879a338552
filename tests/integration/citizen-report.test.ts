import { existsSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { Outlet } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeEach, describe, expect, test } from "vitest";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { routeRequest } from "#app/domain/requests/route-request.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { createCategory, createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";
import { BASE, buildPost, run, tinyPng, type Fields } from "./citizen-helpers.ts";

const uploadDir = mkdtempSync(path.join(tmpdir(), "slv-uploads-"));
process.env.UPLOAD_DIR = uploadDir;
resetEnvForTests();

const { action, loader } = await import("#app/routes/report.tsx");
const { loader: nearbyLoader } = await import("#app/routes/api+/nearby.ts");
const { action: followAction } = await import("#app/routes/follow.$id.tsx");
const { loader: streetsLoader } = await import("#app/routes/api+/streets.ts");
const { loader: categoriesLoader } = await import("#app/routes/api+/categories.ts");
const trackPage = await import("#app/routes/track.$token.tsx");

type FormReply = { values: Record<string, string>; errors: Record<string, string>; nearby: { number: string }[] };

let city: Awaited<ReturnType<typeof createSmallCity>>;
beforeEach(async () => {
  await getDb().$executeRawUnsafe(
    `TRUNCATE "Attachment","Notification","Message","RequestEvent","Deadline","Appeal","RequestCoExecutor","RequestFollower","StaffAlert","Rating","Request","ChannelIdentity","Citizen","RoutingRule","OutageCategory","Outage","Category","District","StaffUser","Department","RequestNumberCounter","Setting","Street" CASCADE`,
  );
  city = await createSmallCity();
  await getDb().category.update({ where: { id: city.noWater.id }, data: { nameUk: "Немає води", synonyms: ["нема води", "нет воды"] } });
  await createCategory({
    code: "water.open-manhole",
    parentId: city.waterRoot.id,
    departmentId: city.water.id,
    isEmergency: true,
    extraQuestions: [
      { code: "emergency-notice", variable: false, datatype: "text", required: false, order: 0, descriptionUk: "Телефонуйте 101", descriptionEn: "Call 101" },
      {
        code: "depth",
        variable: true,
        datatype: "singlevaluelist",
        required: true,
        order: 1,
        descriptionUk: "Глибина",
        values: [{ key: "deep", nameUk: "Глибоко" }],
      },
    ],
  });
});

const reportUrl = `${BASE}/report?category=water.no-water`;
const form = (over: Fields = {}): Fields => ({
  idempotencyKey: `key-${Math.random().toString(36).slice(2)}`,
  categoryCode: "water.no-water",
  description: "Немає холодної води з ранку",
  lat: String(POINTS.centre.lat),
  lon: String(POINTS.centre.lon),
  address: "вул. Університетська, 1",
  fullName: "Олена Петренко",
  phone: "050 123 45 67",
  email: "",
  nearbyChecked: "1",
  intent: "submit",
  ...over,
});
const post = (fields: Fields, options?: Parameters<typeof buildPost>[2]) =>
  run<FormReply>(() => action({ request: buildPost(reportUrl, fields, options), params: {}, context: {} }));

/** What the routing worker does with the wake-up of each request the form accepted. */
async function runRoutingJobs() {
  for (const r of await getDb().request.findMany({ where: { routed: false }, select: { id: true } })) await routeRequest({ requestId: r.id });
}

/** The tracking page's HTML as the server renders it for `location` (the form's redirect). */
async function trackingHtml(location: string) {
  const routes = [
    {
      id: "root",
      path: "/",
      loader: () => ({ csrf: "test-csrf", lang: "uk" }),
      Component: Outlet,
      children: [{ id: "routes/track.$token", path: "track/:token", loader: trackPage.loader, Component: trackPage.default }],
    },
  ] as never;
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(new URL(location, BASE)), { requestContext: {} });
  if (context instanceof Response) throw new Error(`the tracking page answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false }));
}
const REFRESH = /<noscript><meta http-equiv="refresh" content="\d+"\/?><\/noscript>/;

describe("GET /report", () => {
  test("lists the tree, searches by synonym, and shows a chosen category's questions and notices", async () => {
    const all = await loader({ request: new Request(`${BASE}/report`), params: {}, context: {} });
    expect(all.groups.map((g) => g.code)).toContain("water");
    expect(all.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    const found = await loader({ request: new Request(`${BASE}/report?q=${encodeURIComponent("нет воды")}`), params: {}, context: {} });
    expect(found.groups.flatMap((g) => g.leaves.map((l) => l.code))).toEqual(["water.no-water"]);
    const chosen = await loader({ request: new Request(`${BASE}/report?category=water.open-manhole`), params: {}, context: {} });
    expect(chosen.category?.isEmergency).toBe(true);
    expect(chosen.category?.notices).toEqual([{ code: "emergency-notice", text: "Телефонуйте 101" }]);
    expect(chosen.category?.questions.map((q) => q.code)).toEqual(["depth"]);
    const unknown = await loader({ request: new Request(`${BASE}/report?category=nope`), params: {}, context: {} });
    expect(unknown.category).toBeNull();
    expect(unknown.categoryError).toMatch(/Такої категорії немає/);
  });

  test("/api/categories and /api/streets answer JSON", async () => {
    const cats = (await categoriesLoader({ request: new Request(`${BASE}/api/categories?q=води`), params: {}, context: {} })) as Response;
    expect(((await cats.json()) as { groups: unknown[] }).groups.length).toBeGreaterThan(0);
    await getDb().street.create({ data: { nameUk: "вулиця Василівська", aliases: ["вулиця Карла Маркса"], lat: 48.85, lon: 37.6 } });
    const byAlias = (await streetsLoader({
      request: new Request(`${BASE}/api/streets?q=${encodeURIComponent("карла")}`),
      params: {},
      context: {},
    })) as Response;
    expect(await byAlias.json()).toEqual({
      streets: [{ name: "вулиця Василівська", matchedAlias: "вулиця Карла Маркса", lat: 48.85, lon: 37.6, approximate: false }],
    });
  });
});

describe("POST /report", () => {
  test("accepts the request at once and redirects to its tracking page, which shows the routing as it happens", async () => {
    const { response } = await post(form());
    expect(response?.status).toBe(302);
    const location = response!.headers.get("Location")!;
    expect(location).toMatch(/^\/track\/[A-Za-z0-9_-]{20,}\?new=1&lang=uk$/);
    // Accepted, numbered, not routed yet: no department, no clocks.
    const rows = await getDb().request.findMany({ include: { deadlines: true } });
    expect(rows).toHaveLength(1);
    const accepted = rows[0]!;
    expect(accepted.number).toMatch(/^SLV-\d{4}-\d{6}$/);
    expect(accepted).toMatchObject({ channel: "WEB", routed: false, status: "NEW", departmentId: null, dueAt: null, lat: POINTS.centre.lat });
    expect(accepted.address).toBe("вул. Університетська, 1");
    expect(accepted.deadlines).toEqual([]);

    // The page says routing is under way (no date, not "no date"), and reloads itself without JavaScript.
    const pending = await trackingHtml(location);
    expect(pending).toContain(accepted.number);
    expect(pending).toContain("Визначаємо відповідальний підрозділ і строки — зазвичай це кілька секунд.");
    expect(pending).toMatch(REFRESH);
    expect(pending).not.toContain("буде визначено після передачі виконавцю");
    expect(pending).not.toContain("визначається оператором");

    // The routing worker's step: then the department and the date, and the page stops reloading.
    await runRoutingJobs();
    const routed = await getDb().request.findUniqueOrThrow({ where: { id: accepted.id }, include: { citizen: true, deadlines: true } });
    expect(routed).toMatchObject({ routed: true, departmentId: city.water.id });
    expect(routed.citizen?.phone).toBe("+380501234567");
    expect(routed.dueAt).not.toBeNull();
    const shown = await trackingHtml(location);
    expect(shown).not.toContain("Визначаємо відповідальний підрозділ");
    expect(shown).not.toMatch(REFRESH);
    expect(shown).toContain("Відділ water");
    expect(shown).toContain(formatKyivTime(routed.dueAt!.toISOString(), "dateTime", "uk"));
  });

  test("a request still unrouted a minute after its accept: the page stops reloading and says it will show the result", async () => {
    const { response } = await post(form());
    const location = response!.headers.get("Location")!;
    await getDb().request.updateMany({ data: { createdAt: new Date(Date.now() - 2 * 60_000) } });
    const html = await trackingHtml(location);
    expect(html).toContain("Визначаємо відповідальний підрозділ і строки");
    expect(html).toContain("Щойно їх буде визначено, вони з&#x27;являться на цій сторінці");
    expect(html).not.toMatch(REFRESH);
    const en = await trackingHtml(location.replace("lang=uk", "lang=en"));
    expect(en).toContain("We are finding the responsible service and the deadlines");
  });

  test("with Redis away the form still answers with the number; the row waits for the re-drive", async () => {
    const realUrl = process.env.REDIS_URL;
    await closeQueues();
    // A port nothing listens on: the routing wake-up cannot be queued.
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    resetEnvForTests();
    try {
      const { response } = await post(form());
      expect(response?.status).toBe(302);
      expect(response!.headers.get("Location")).toMatch(/^\/track\//);
    } finally {
      await closeQueues();
      if (realUrl === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = realUrl;
      resetEnvForTests();
    }
    expect(await getDb().request.findFirstOrThrow()).toMatchObject({ routed: false });
    await runRoutingJobs();
    expect(await getDb().request.findFirstOrThrow()).toMatchObject({ routed: true, departmentId: city.water.id });
  });

  test("the same idempotency key posted twice gives one request", async () => {
    const fields = form({ nearbyChecked: "" });
    const first = await post(fields);
    const second = await post(fields);
    expect(first.response?.status).toBe(302);
    expect(second.response?.headers.get("Location")).toBe(first.response?.headers.get("Location"));
    expect(await getDb().request.count()).toBe(1);
  });

  test("missing description, a bad phone and an unknown category → 400 in Ukrainian, values kept", async () => {
    const { result } = await post(form({ description: "  ", phone: "12ab" }));
    expect(result?.init.status).toBe(400);
    expect(result?.data.errors.description).toBe("Опишіть проблему.");
    expect(result?.data.errors.phone).toMatch(/Перевірте номер телефону/);
    expect(result?.data.values).toMatchObject({ phone: "12ab", fullName: "Олена Петренко", address: "вул. Університетська, 1" });
    const unknown = await post(form({ categoryCode: "no.such" }));
    expect(unknown.result?.init.status).toBe(400);
    expect(unknown.result?.data.errors.categoryCode).toBe("Такої категорії немає. Оберіть категорію зі списку.");
    expect(await getDb().request.count()).toBe(0);
  });

  test("a required extra question must be answered; notices are not questions", async () => {
    const { result } = await post(form({ categoryCode: "water.open-manhole" }));
    expect(result?.init.status).toBe(400);
    expect(Object.keys(result!.data.errors)).toEqual(["answer_depth"]);
    const ok = await post(form({ categoryCode: "water.open-manhole", answer_depth: "deep" }));
    expect(ok.response?.status).toBe(302);
    expect((await getDb().request.findFirstOrThrow()).answers).toEqual({ depth: "deep" });
  });

  test("an appeal without a place of residence → 400 naming it", async () => {
    const { result } = await post(form({ isAppeal: "1", appealKind: "COMPLAINT", residence: "" }));
    expect(result?.init.status).toBe(400);
    expect(result?.data.errors).toEqual({ residence: "Для офіційного звернення вкажіть місце проживання." });
    const ok = await post(form({ isAppeal: "1", appealKind: "COMPLAINT", residence: "м. Слов'янськ, вул. Шевченка, 5" }));
    expect(ok.response?.status).toBe(302);
    // The appeal is registered when the request is routed.
    await runRoutingJobs();
    const appeal = await getDb().appeal.findFirstOrThrow();
    expect(appeal).toMatchObject({ kind: "COMPLAINT", fullName: "Олена Петренко", residence: "м. Слов'янськ, вул. Шевченка, 5", contact: "+380501234567" });
  });

  test("without the CSRF field → 403", async () => {
    const { response } = await post(form(), { csrf: false });
    expect(response?.status).toBe(403);
    expect(await getDb().request.count()).toBe(0);
  });

  test("a real PNG is stored and linked; a text file named .jpg is refused", async () => {
    const bad = await post(form(), { files: [{ name: "photo.jpg", type: "image/jpeg", bytes: new TextEncoder().encode("not an image at all") }] });
    expect(bad.result?.init.status).toBe(400);
    expect(bad.result?.data.errors.photos).toMatch(/JPEG, PNG або WebP/);
    expect(await getDb().request.count()).toBe(0);

    const { response } = await post(form(), { files: [{ name: "x.png", type: "application/octet-stream", bytes: tinyPng() }] });
    expect(response?.status).toBe(302);
    const a = await getDb().attachment.findFirstOrThrow({ include: { request: true } });
    expect(a).toMatchObject({ kind: "photo", mimeType: "image/png", isPublic: false });
    expect(a.storageKey).toMatch(/^[A-Za-z0-9_-]{24}\.png$/);
    expect(existsSync(path.join(uploadDir, a.storageKey))).toBe(true);

    const token = response!.headers.get("Location")!.split("/")[2]!.split("?")[0]!;
    const { loader: photoLoader } = await import("#app/routes/attachments.$id.ts");
    const photo = (await photoLoader({ request: new Request(`${BASE}/attachments/${a.id}?token=${token}`), params: { id: a.id }, context: {} })) as Response;
    expect(photo.headers.get("Content-Type")).toBe("image/png");
    const denied = (await photoLoader({
      request: new Request(`${BASE}/attachments/${a.id}?token=wrong-token-xxxxxxxxxxxxxxxx`),
      params: { id: a.id },
      context: {},
    })) as Response;
    expect(denied.status).toBe(404);
  });
});

describe("nearby requests and following", () => {
  async function existing(externalId: string, point: { lat: number; lon: number }, categoryCode = "water.no-water") {
    return submitRequest({
      channel: "WEB",
      externalId,
      description: "Приватний текст іншої людини",
      categoryCode,
      location: point,
      citizen: { fullName: "Іван Сидоренко", phone: "+380671112233" },
    });
  }

  test("/api/nearby returns open same-category requests within the radius, with public fields only", async () => {
    const near = await existing("n1", { lat: POINTS.centre.lat + 0.001, lon: POINTS.centre.lon }); // ~111 m
    await existing("far", { lat: POINTS.centre.lat + 0.01, lon: POINTS.centre.lon }); // ~1.1 km
    await existing("other", POINTS.centre, "roads.pothole");
    const closed = await existing("closed", POINTS.centre);
    const staff = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id });
    await transitionRequest({ requestId: closed.request.id, to: "REJECTED", actor: { type: "STAFF", id: staff.id } });

    const q = new URLSearchParams({ category: "water.no-water", lat: String(POINTS.centre.lat), lon: String(POINTS.centre.lon) });
    const res = (await nearbyLoader({ request: new Request(`${BASE}/api/nearby?${q}`), params: {}, context: {} })) as Response;
    const body = (await res.json()) as { nearby: Record<string, unknown>[] };
    expect(body.nearby.map((n) => n.number)).toEqual([near.request.number]);
    expect(Object.keys(body.nearby[0]!).sort()).toEqual(["area", "category", "distanceM", "number", "receivedAt", "status"]);
    // Coarse on purpose (its cell's centre, 100 m steps): see security-nearby-location.test.ts.
    expect([100, 200]).toContain(body.nearby[0]!.distanceM);
    const text = JSON.stringify(body);
    for (const secret of ["Приватний", "Іван", "380671112233"]) expect(text).not.toContain(secret);

    const bad = (await nearbyLoader({ request: new Request(`${BASE}/api/nearby?category=water.no-water&lat=x&lon=1`), params: {}, context: {} })) as Response;
    expect(bad.status).toBe(400);
  });

  test("without the nearby check done, the form stops once to show nearby requests", async () => {
    const near = await existing("n1", POINTS.centre);
    const { result } = await post(form({ nearbyChecked: "" }));
    expect(result?.init.status).toBe(200);
    expect(result?.data.nearby.map((n) => n.number)).toEqual([near.request.number]);
    expect(result?.data.values.nearbyChecked).toBe("1");
    expect(await getDb().request.count()).toBe(1);
  });

  test("'this is my problem too' adds a follower only after the code sent to their contact comes back; anonymous is refused", async () => {
    const near = await existing("n1", POINTS.centre);
    const anonymous = await post(form({ intent: `follow:${near.request.number}`, phone: "", email: "" }));
    expect(anonymous.result?.init.status).toBe(400);
    expect(anonymous.result?.data.errors.contact).toMatch(/вкажіть телефон або e-mail/);

    // Step one: a code goes to the e-mail given; nothing is recorded yet.
    const { response } = await post(form({ intent: `follow:${near.request.number}`, phone: "", email: "Resident@Example.com" }));
    expect(response?.status).toBe(302);
    const location = new URL(response!.headers.get("Location")!, BASE);
    expect(location.pathname).toMatch(/^\/follow\/[A-Za-z0-9_-]{20,}$/);
    expect(location.searchParams.get("number")).toBe(near.request.number);
    expect(location.searchParams.get("to")).toBe("re***@example.com");
    expect(await getDb().requestFollower.count()).toBe(0);
    const n = await getDb().notification.findFirstOrThrow({ where: { template: "verificationCode" } });
    expect(n).toMatchObject({ channel: "EMAIL", address: "resident@example.com", citizenId: null });
    const sent = await sendNotification({ notificationId: n.id });
    const body = (await getDb().message.findUniqueOrThrow({ where: { id: (sent as { messageId: string }).messageId } })).body;
    const code = body.match(/\b(\d{6})\b/)![1]!;

    // Step two: a wrong code says so; the right one records the follower.
    const confirm = (value: string) =>
      run<{ error: string }>(() =>
        followAction({ request: buildPost(location.toString(), { code: value }), params: { id: location.pathname.split("/").pop()! }, context: {} }),
      );
    const wrong = await confirm(code === "000000" ? "111111" : "000000");
    expect(wrong.result?.init.status).toBe(400);
    expect(wrong.result?.data.error).toMatch(/Залишилося спроб: 4/);
    expect(await getDb().requestFollower.count()).toBe(0);
    const right = await confirm(code);
    expect(right.response?.status).toBe(302);
    expect(right.response?.headers.get("Location")).toContain(`followed=${near.request.number}`);
    const followers = await getDb().requestFollower.findMany({ include: { citizen: { include: { identities: true } } } });
    expect(followers).toHaveLength(1);
    expect(followers[0]).toMatchObject({ requestId: near.request.id, channel: "EMAIL" });
    expect(followers[0]!.citizen.email).toBe("resident@example.com");
    expect(followers[0]!.citizen.identities).toMatchObject([{ channel: "EMAIL", externalId: "resident@example.com" }]);
    expect(followers[0]!.citizen.identities[0]!.verifiedAt).not.toBeNull();
    const event = await getDb().requestEvent.findFirstOrThrow({ where: { requestId: near.request.id, type: "follower-added" } });
    expect(event).toMatchObject({ isPublic: true, data: {} });
    expect(await getDb().request.count()).toBe(1);
    // Used once.
    expect((await confirm(code)).result?.init.status).toBe(409);
  });
});

describe("GET /report: a known outage is announced before the citizen writes", () => {
  async function outage(categoryIds: string[], districtId: string, over: { startsAt?: Date; endedAt?: Date } = {}) {
    return getDb().outage.create({
      data: {
        kind: "OUTAGE",
        titleUk: "Аварія на водогоні",
        causeUk: "Прорив магістралі",
        districtId,
        startsAt: over.startsAt ?? new Date(Date.now() - 3600_000),
        endedAt: over.endedAt,
        plannedEndAt: new Date(Date.now() + 5 * 3600_000),
        categories: { create: categoryIds.map((categoryId) => ({ categoryId })) },
      },
    });
  }
  const outagesFor = async (query: string) => (await loader({ request: new Request(`${BASE}/report?${query}`), params: {}, context: {} })).outages;

  test("an outage in force for the category (or its parent) is shown with its cause, place and expected end", async () => {
    const o = await outage([city.waterRoot.id], city.centre.id);
    const shown = await outagesFor("category=water.no-water");
    expect(shown).toEqual([
      expect.objectContaining({
        title: "Аварія на водогоні",
        cause: "Прорив магістралі",
        district: "Район centre",
        plannedEndAt: o.plannedEndAt!.toISOString(),
      }),
    ]);
    // No category chosen yet, another category, an ended or a future outage: nothing to announce.
    expect(await outagesFor("")).toEqual([]);
    expect(await outagesFor("category=heating.no-heating")).toEqual([]);
  });

  test("with a known place, only the outage of that district", async () => {
    await outage([city.noWater.id], city.centre.id);
    await outage([city.noWater.id], city.north.id, { endedAt: new Date(Date.now() - 60_000) });
    await outage([city.noWater.id], city.north.id, { startsAt: new Date(Date.now() + 86_400_000) });
    expect(await outagesFor("category=water.no-water")).toHaveLength(1);
    expect(await outagesFor(`category=water.no-water&lat=${POINTS.north.lat}&lon=${POINTS.north.lon}`)).toEqual([]);
    expect(await outagesFor(`category=water.no-water&lat=${POINTS.centre.lat}&lon=${POINTS.centre.lon}`)).toHaveLength(1);
  });

  test("a form sent back (to fix or to check nearby) announces only the outage where the pin is", async () => {
    await outage([city.noWater.id], city.centre.id);
    const north = await post(form({ description: "", lat: String(POINTS.north.lat), lon: String(POINTS.north.lon) }));
    expect(north.result?.init.status).toBe(400);
    expect((north.result?.data as { outages?: unknown[] }).outages).toEqual([]);
    const centre = await post(form({ description: "" }));
    expect((centre.result?.data as { outages?: { title: string }[] }).outages).toEqual([expect.objectContaining({ title: "Аварія на водогоні" })]);
  });
});
