// The public pages (no sign-in) through their real loaders and components: the numbers they
// show are the database's, private requests never appear, a citizen's words and exact place
// only with their consent, filters narrow as they say, and a bad filter is a 4xx.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { preparePhotos } from "#app/domain/attachments/prepare-photos.server.ts";
import { storeAttachments } from "#app/domain/attachments/store-attachments.server.ts";
import { snapToCell } from "#app/domain/requests/find-nearby-requests.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { createCategory, createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";
import { renderPage, textOf } from "./inbox-render.ts";
import { tinyPng } from "./citizen-helpers.ts";
import { BASE as FUZZ_BASE, fc, FuzzStats, fuzz, getRequest, hostileHeaders, hostileQuery, withLang } from "#tests/fuzz/harness.ts";

process.env.UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), "slv-public-uploads-"));
resetEnvForTests();

const problems = await import("#app/routes/problems.tsx");
const photoRoute = await import("#app/routes/problems_.$number_.photos.$id.ts");
const mapPage = await import("#app/routes/map.tsx");
const card = await import("#app/routes/problems_.$number.tsx");
const accessibility = await import("#app/routes/accessibility.tsx");
const api = await import("#app/routes/api+/public.requests.ts");

const BASE = "http://localhost";
const SECRET_POINT = { lat: 48.85123, lon: 37.60456 };
const MARKS = {
  phone: "+380671112233",
  phoneDigits: "671112233",
  name: "Приватна Особа Тестова",
  email: "hidden.person@example.org",
  hiddenText: "ОПИС-БЕЗ-ЗГОДИ-8841",
  hiddenAddress: "вул. Секретна, 7",
  privateText: "ОПИС-ПРИВАТНИЙ-5517",
  hiddenAnswer: "ВІДПОВІДЬ-БЕЗ-ЗГОДИ-3390",
  note: "ВНУТРІШНЯ-НОТАТКА-7720",
  staffName: "Микола Виконавець",
};

const numbers: Record<string, string> = {};
let officerId = "";

type Loaded<T> = { status: number; data: T };
/** A loader's answer: Remix's data() with its status, or the plain object (200). */
async function load<T>(module: { loader: (args: never) => unknown }, path: string, params: Record<string, string> = {}): Promise<Loaded<T>> {
  const out = (await module.loader({ request: new Request(`${BASE}${path}`), params, context: {} } as never)) as unknown;
  if (out && typeof out === "object" && "init" in out && "data" in out) {
    const d = out as { init: ResponseInit | null; data: T };
    return { status: d.init?.status ?? 200, data: d.data };
  }
  return { status: 200, data: out as T };
}
async function apiGet(query: string) {
  const response = (await api.loader({ request: new Request(`${BASE}/api/public/requests?${query}`), params: {}, context: {} })) as Response;
  return { status: response.status, text: await response.text() };
}

const DAY = 86_400_000;
const publicWhere = (extra: Prisma.RequestWhereInput = {}, days: number | null = 90): Prisma.RequestWhereInput => {
  const since = days === null ? null : new Date(Date.now() - days * DAY);
  return {
    AND: [
      { isPrivate: false, status: { not: "MERGED" } },
      since ? { OR: [{ receivedAt: { gte: since } }, { resolvedAt: { gte: since } }, { closedAt: { gte: since } }] } : {},
      extra,
    ],
  };
};

beforeAll(async () => {
  const city = await createSmallCity();
  officerId = (await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id, name: MARKS.staffName })).id;
  const access = await createCategory({ code: "accessibility", nameUk: "Безбар'єрність", nameEn: "Accessibility barriers" });
  await createCategory({
    code: "accessibility.no-ramp",
    parentId: access.id,
    nameUk: "Немає пандуса",
    nameEn: "No ramp",
    slaAmount: 7,
    slaUnit: "CALENDAR_DAYS",
  });
  await createCategory({
    code: "accessibility.kerb",
    parentId: access.id,
    nameUk: "Високий бордюр",
    nameEn: "High kerb",
    slaAmount: 7,
    slaUnit: "CALENDAR_DAYS",
  });

  const citizen = { fullName: MARKS.name, phone: MARKS.phone, email: MARKS.email };
  const submit = async (key: string, input: Partial<Parameters<typeof submitRequest>[0]>) => {
    const r = await submitRequest({ channel: "WEB", externalId: key, description: `Заявка ${key}`, categoryCode: "water.no-water", citizen, ...input });
    numbers[key] = r.request.number;
    return r.request.id;
  };
  const staff = { type: "STAFF" as const, id: officerId };
  const resolve = async (id: string, answer: string) => {
    await transitionRequest({ requestId: id, to: "IN_PROGRESS", actor: staff, note: MARKS.note });
    await transitionRequest({ requestId: id, to: "RESOLVED", actor: staff, resultCode: "RESOLVED_POSITIVELY", publicAnswer: answer });
  };

  await submit("consent", {
    description: "Прорвало трубу біля під'їзду, ЗГОДА-ОПИС-1",
    location: POINTS.centre,
    address: "вул. Відкрита, 1",
    publishConsent: true,
  });
  await submit("hidden", { description: MARKS.hiddenText, location: SECRET_POINT, address: MARKS.hiddenAddress });
  await submit("private", { description: MARKS.privateText, location: POINTS.centre, isPrivate: true });
  await submit("north", { location: POINTS.north, categoryCode: "heating.no-heating" });
  await resolve(await submit("solvedConsent", { location: POINTS.centre, publishConsent: true }), "Воду подано, ЗГОДА-ВІДПОВІДЬ-2");
  await resolve(await submit("solvedHidden", { location: SECRET_POINT }), MARKS.hiddenAnswer);
  await submit("old", { receivedAt: new Date(Date.now() - 200 * DAY), location: POINTS.centre });
  // Barriers: one reported, one being fixed, one fixed.
  await submit("ramp", { categoryCode: "accessibility.no-ramp", location: POINTS.centre, citizen: null });
  await transitionRequest({
    requestId: await submit("kerbFixing", { categoryCode: "accessibility.kerb", location: POINTS.north }),
    to: "IN_PROGRESS",
    actor: staff,
  });
  await resolve(await submit("kerbFixed", { categoryCode: "accessibility.kerb", location: POINTS.centre }), "Бордюр понижено");
});

type ListData = { list: { total: number; items: { number: string }[]; pageCount: number } | null; error: { field: string | null; message: string } | null };

describe("/problems", () => {
  test("shows every public request of the last 90 days, newest first, and the count the database has", async () => {
    const { status, data } = await load<ListData>(problems, "/problems");
    expect(status).toBe(200);
    const db = await getDb().request.findMany({ where: publicWhere(), orderBy: [{ receivedAt: "desc" }, { number: "desc" }], select: { number: true } });
    expect(data.list!.total).toBe(db.length);
    expect(data.list!.items.map((i) => i.number)).toEqual(db.slice(0, 20).map((r) => r.number));
    expect(data.list!.items.map((i) => i.number)).not.toContain(numbers.private);
    expect(data.list!.items.map((i) => i.number)).not.toContain(numbers.old);

    const html = await renderPage(problems as never, "/problems", "");
    const text = textOf(html);
    expect(html).toContain(`data-total="${db.length}"`);
    expect(text).toContain(numbers.consent);
    expect(text).not.toContain(numbers.private);
    for (const mark of Object.values(MARKS)) expect(html).not.toContain(mark);
  });

  test("filters by status, category (a group stands for its children), district and period", async () => {
    const count = async (query: string) => (await load<ListData>(problems, `/problems?${query}`)).data.list!.total;
    expect(await count("status=open")).toBe(
      await getDb().request.count({ where: publicWhere({ status: { in: ["NEW", "ASSIGNED", "IN_PROGRESS", "WAITING_CITIZEN", "RETURNED"] } }) }),
    );
    expect(await count("status=solved")).toBe(await getDb().request.count({ where: publicWhere({ status: { in: ["RESOLVED", "CLOSED"] } }) }));
    expect(await count("status=solved")).toBe(3);
    const water = await getDb().category.findMany({ where: { OR: [{ code: "water" }, { parent: { code: "water" } }] }, select: { id: true } });
    expect(await count("category=water")).toBe(await getDb().request.count({ where: publicWhere({ categoryId: { in: water.map((c) => c.id) } }) }));
    expect(await count("category=heating.no-heating")).toBe(1);
    expect(await count("district=north")).toBe(await getDb().request.count({ where: publicWhere({ district: { code: "north" } }) }));
    expect(await count("district=north")).toBe(2);
    expect(await count("period=all")).toBe(await getDb().request.count({ where: publicWhere({}, null) }));
    expect(await count("period=all")).toBe((await count("period=90")) + 1);
  });

  test("pages through the list", async () => {
    const first = await load<ListData>(problems, "/problems?period=all");
    expect(first.data.list!.pageCount).toBe(1);
    const beyond = await load<ListData>(problems, "/problems?period=all&page=3");
    expect(beyond.status).toBe(200);
    expect(beyond.data.list!.items).toEqual([]);
  });

  test.each([
    ["category=no.such-category", "category"],
    ["category=<script>", "category"],
    ["district=atlantis", "district"],
    ["status=lost", "status"],
    ["period=5", "period"],
    ["period=-1", "period"],
    ["page=0", "page"],
    ["page=abc", "page"],
  ])("a bad filter (%s) is a 400 naming the field, in Ukrainian", async (query, field) => {
    const { status, data } = await load<ListData>(problems, `/problems?${query}`);
    expect(status).toBe(400);
    expect(data.list).toBeNull();
    expect(data.error!.field).toBe(field);
    expect(data.error!.message).toMatch(/[а-яіїєґ]/i);
  });

  test("English with ?lang=en", async () => {
    const { data } = await load<ListData>(problems, "/problems?lang=en&status=lost");
    expect(data.error!.message).toMatch(/^There is no such status/);
    const html = await renderPage(problems as never, "/problems?lang=en", "");
    expect(textOf(html)).toContain("City problems: open and solved");
  });
});

type MapData = ListData & { map: { points: { number: string; lat: number; lon: number; exact: boolean }[]; total: number } | null };

describe("/map and /api/public/requests", () => {
  test("the map has a point for every public request with a place, exact only with consent", async () => {
    const { status, data } = await load<MapData>(mapPage, "/map?period=all");
    expect(status).toBe(200);
    const withPlace = await getDb().request.count({ where: publicWhere({ lat: { not: null } }, null) });
    expect(data.map!.points).toHaveLength(withPlace);
    expect(data.map!.total).toBe(withPlace);
    const byNumber = new Map(data.map!.points.map((p) => [p.number, p]));
    expect(byNumber.has(numbers.private!)).toBe(false);
    expect(byNumber.get(numbers.consent!)).toMatchObject({ ...POINTS.centre, exact: true });
    expect(byNumber.get(numbers.hidden!)).toMatchObject({ ...snapToCell(SECRET_POINT), exact: false });
    // Without JavaScript the page is the list: the same requests, with its count.
    const html = await renderPage(mapPage as never, "/map?period=all", "");
    expect(html).toContain(`data-count="${withPlace}"`);
    expect(html).toContain(`data-total="${await getDb().request.count({ where: publicWhere({}, null) })}"`);
    for (const mark of Object.values(MARKS)) expect(html).not.toContain(mark);
  });

  test("the JSON endpoint gives the same public projection and nothing personal", async () => {
    const { status, text } = await apiGet("period=all&page_size=500");
    expect(status).toBe(200);
    const body = JSON.parse(text) as { total: number; requests: Record<string, unknown>[] };
    expect(body.total).toBe(await getDb().request.count({ where: publicWhere({}, null) }));
    const hidden = body.requests.find((r) => r.number === numbers.hidden)!;
    expect(hidden).toMatchObject({ description: null, address: null, answer: null, location: { ...snapToCell(SECRET_POINT), exact: false } });
    const consent = body.requests.find((r) => r.number === numbers.consent)!;
    expect(consent).toMatchObject({
      description: expect.stringContaining("ЗГОДА-ОПИС-1"),
      address: "вул. Відкрита, 1",
      location: { ...POINTS.centre, exact: true },
    });
    expect(body.requests.some((r) => r.number === numbers.private)).toBe(false);
    for (const mark of Object.values(MARKS)) expect(text).not.toContain(mark);
  });

  test("no sequence of filters reveals more than the cell centre of a request without consent", async () => {
    const queries = ["period=all", "status=open", "status=solved&period=all", "district=centre", "category=water.no-water&period=7", "page_size=1"];
    for (const q of queries) {
      const { text } = await apiGet(q);
      expect(text).not.toContain(String(SECRET_POINT.lat));
      expect(text).not.toContain(String(SECRET_POINT.lon));
    }
    const { data } = await load<MapData>(mapPage, "/map?district=centre&period=all");
    for (const p of data.map!.points.filter((x) => !x.exact)) expect(snapToCell(p)).toEqual({ lat: p.lat, lon: p.lon });
  });

  test("bad filters are a 400 with the field", async () => {
    for (const [q, field] of [
      ["status=x", "status"],
      ["category=nope", "category"],
      ["page_size=501", "page_size"],
      ["period=8", "period"],
    ]) {
      const { status, text } = await apiGet(q!);
      expect(status, q).toBe(400);
      expect(JSON.parse(text)).toMatchObject({ field, error: expect.any(String) });
    }
    expect((await load<MapData>(mapPage, "/map?district=nowhere")).status).toBe(400);
  });
});

/** The card page for one number (the test renderer matches the literal path, so the parameter is given here). */
const cardPage = (number: string) => ({ ...card, loader: (args: { request: Request }) => card.loader({ ...args, params: { number }, context: {} } as never) });

type CardData = {
  card: {
    request: { number: string; description: string | null; address: string | null; answer: string | null; location: { exact: boolean } | null };
    timeline: { status: string }[];
  };
};

describe("/problems/<number>", () => {
  test("a card with consent shows the words, the address and the official answer", async () => {
    const { data } = await load<CardData>(card, `/problems/${numbers.solvedConsent}`, { number: numbers.solvedConsent! });
    expect(data.card.request.answer).toBe("Воду подано, ЗГОДА-ВІДПОВІДЬ-2");
    expect(data.card.timeline.map((e) => e.status)).toEqual(["NEW", "ASSIGNED", "IN_PROGRESS", "RESOLVED"]);
    const html = await renderPage(cardPage(numbers.consent!) as never, `/problems/${numbers.consent}`, "");
    expect(textOf(html)).toContain("ЗГОДА-ОПИС-1");
    expect(textOf(html)).toContain("вул. Відкрита, 1");
    expect(html).toContain('data-exact="true"');
  });

  test("a card without consent shows only the coarse area, no words and no answer; never a staff name or note", async () => {
    const html = await renderPage(cardPage(numbers.solvedHidden!) as never, `/problems/${numbers.solvedHidden}`, "");
    expect(html).toContain('data-exact="false"');
    const cell = snapToCell(SECRET_POINT);
    expect(textOf(html)).toContain(cell.lat.toFixed(4));
    for (const mark of Object.values(MARKS)) expect(html).not.toContain(mark);
    expect(textOf(html)).toContain("Вирішено");
  });

  test("photos are shown and served only when the citizen agreed", async () => {
    const photo = async (key: string) => {
      const row = await getDb().request.findUniqueOrThrow({ where: { number: numbers[key]! }, select: { id: true } });
      const photos = await preparePhotos({ files: [new File([tinyPng().slice().buffer as ArrayBuffer], "p.png", { type: "image/png" })] });
      return (await storeAttachments({ requestId: row.id, photos }))[0]!.id;
    };
    const get = async (key: string, id: string) =>
      (await photoRoute.loader({
        request: new Request(`${BASE}/problems/x/photos/${id}`),
        params: { number: numbers[key]!, id },
        context: {},
      } as never)) as Response;
    const shown = await photo("consent");
    const hidden = await photo("hidden");
    const consentCard = await load<{ card: { photos: { id: string }[] } }>(card, `/problems/${numbers.consent}`, { number: numbers.consent! });
    expect(consentCard.data.card.photos.map((p) => p.id)).toEqual([shown]);
    const hiddenCard = await load<{ card: { photos: { id: string }[] } }>(card, `/problems/${numbers.hidden}`, { number: numbers.hidden! });
    expect(hiddenCard.data.card.photos).toEqual([]);
    const ok = await get("consent", shown);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Type")).toBe("image/png");
    expect((await get("hidden", hidden)).status).toBe(404);
    // A photo of one request is not reachable through another's public number.
    expect((await get("consent", hidden)).status).toBe(404);
  });

  test("an uncategorised request promises no date in public: its only term is the contact centre's own, to sort it", async () => {
    const r = await submitRequest({ channel: "SMS", externalId: `triage-${Date.now()}`, description: "Щось незрозуміле біля будинку" });
    expect(r.request.categoryId).toBeNull();
    expect((await getDb().request.findUniqueOrThrow({ where: { id: r.request.id } })).dueAt).not.toBeNull();
    const n = r.request.number;
    const shown = await load<{ card: { request: { expectedAt: string | null } } }>(card, `/problems/${n}`, { number: n });
    expect(shown.data.card.request.expectedAt).toBeNull();
  });

  test("a private, merged or unknown number is the same 404", async () => {
    for (const n of [numbers.private!, "SLV-2020-000999", "not-a-number"]) {
      const error = await load(card, `/problems/${n}`, { number: n }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, n).toBeInstanceOf(Response);
      expect((error as Response).status).toBe(404);
    }
  });
});

type BarrierData = {
  barriers: { counts: Record<string, number>; list: { total: number; items: { number: string }[] }; map: { points: { number: string }[] } } | null;
  error: { field: string | null } | null;
};

describe("/accessibility", () => {
  test("barriers with their stage, counted as in the database, filterable by kind, district and stage", async () => {
    const { status, data } = await load<BarrierData>(accessibility, "/accessibility");
    expect(status).toBe(200);
    expect(data.barriers!.counts).toEqual({ reported: 1, fixing: 1, fixed: 1 });
    expect(data.barriers!.list.total).toBe(await getDb().request.count({ where: publicWhere({ category: { parent: { code: "accessibility" } } }, null) }));
    expect(data.barriers!.list.items.map((i) => i.number).sort()).toEqual([numbers.ramp, numbers.kerbFixing, numbers.kerbFixed].sort());
    const kerb = await load<BarrierData>(accessibility, "/accessibility?type=accessibility.kerb");
    expect(kerb.data.barriers!.list.total).toBe(2);
    const fixed = await load<BarrierData>(accessibility, "/accessibility?stage=fixed");
    expect(fixed.data.barriers!.list.items.map((i) => i.number)).toEqual([numbers.kerbFixed]);
    const north = await load<BarrierData>(accessibility, "/accessibility?district=north");
    expect(north.data.barriers!.list.items.map((i) => i.number)).toEqual([numbers.kerbFixing]);
    const html = await renderPage(accessibility as never, "/accessibility", "");
    expect(html).toContain('data-stage="fixing" data-count="1"');
    expect(textOf(html)).toContain("Усувають");
  });

  test("a kind outside the accessibility group, or an unknown stage, is a 400", async () => {
    const wrong = await load<BarrierData>(accessibility, "/accessibility?type=water.no-water");
    expect(wrong.status).toBe(400);
    expect(wrong.data.error!.field).toBe("type");
    expect((await load<BarrierData>(accessibility, "/accessibility?stage=gone")).status).toBe(400);
  });
});

describe("hostile query strings", () => {
  test("every public page and the JSON endpoint answer 2xx–4xx, never a 5xx or a hang", async () => {
    const stats = new FuzzStats();
    const names = ["category", "type", "district", "status", "stage", "period", "page", "page_size"] as const;
    const arb = fc.record({ q: hostileQuery(names, { base: { category: "water", period: "30", page: "1" } }), h: hostileHeaders });
    const pages: [string, { loader: (args: never) => unknown }, string][] = [
      ["GET /problems", problems, "/problems"],
      ["GET /map", mapPage, "/map"],
      ["GET /accessibility", accessibility, "/accessibility"],
      ["GET /api/public/requests", api, "/api/public/requests"],
    ];
    for (const [entry, module, url] of pages)
      await fuzz(stats, entry, arb, 60, ({ q, h }, signal) =>
        module.loader({ request: getRequest(`${FUZZ_BASE}${url}?${withLang(q, h)}`, h, { signal }), params: {}, context: {} } as never),
      );
    const numberArb = fc.record({ n: fc.oneof(fc.string(), fc.constantFrom("SLV-2026-000001", "slv-2026-1", "%00", "SLV-9999-999999999")), h: hostileHeaders });
    await fuzz(stats, "GET /problems/<number>", numberArb, 60, ({ n, h }, signal) =>
      card.loader({ request: getRequest(`${FUZZ_BASE}/problems/x?${withLang("", h)}`, h, { signal }), params: { number: n }, context: {} } as never),
    );
    for (const entry of [...pages.map((p) => p[0]), "GET /problems/<number>"])
      expect(stats.failures(entry).length, `${entry}: 5xx or hang\n${stats.summary(entry)}`).toBe(0);
  });
});
