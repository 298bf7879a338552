// The personal-data scan of everything the city publishes without a login: citizens with
// known names, phones, e-mails, home addresses and exact points report problems without
// agreeing to publish them (and one agrees, but wrote their contacts into the text; one asks
// to keep the request private), and every public page and download is read as a visitor gets
// it — the page's HTML and the data the browser receives with it, every file in full — and
// must hold none of those values: not the name, not the phone in any spelling, not the
// e-mail, not the street address, not the exact point. The pages are found by their route
// files: the statistics and open data always, and the public map, list, card, accessibility
// map and public API whenever they exist in this tree.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server.js";
import { beforeAll, describe, expect, it } from "vitest";
import { kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";
import { addDays } from "#app/domain/public/public-stats.server.ts";
import { withoutContacts } from "#app/domain/public/scrub-contacts.ts";
import { NEARBY_CELL_M, snapToCell } from "#app/domain/requests/find-nearby-requests.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createCategory, createSmallCity } from "#tests/factories/org.ts";

type RouteModule = { loader?: (args: never) => unknown; default?: () => unknown };

const ROUTES = path.resolve("app/routes");
const HOUR = 3_600_000;

// The exact points: each well off its cell's centre in latitude and in longitude, so no coarsened coordinate equals one of them.
const HOME = { lat: 48.853217, lon: 37.604113 };
const BARRIER = { lat: 48.872437, lon: 37.612871 };

const PEOPLE = [
  {
    name: "Ярослава Конфіденційна",
    surname: "Конфіденційна",
    phone: "+380671234509",
    phoneSpellings: ["+380671234509", "380671234509", "0671234509", "067 123 45 09", "067-123-45-09", "(067) 123-45-09", "671234509"],
    email: "yaroslava.private@example.org",
    street: "вул. Секретна, 77, кв. 5",
    streetWord: "Секретна",
    point: HOME,
  },
  {
    name: "Остап Невидимчук",
    surname: "Невидимчук",
    phone: "+380509876541",
    phoneSpellings: ["+380509876541", "380509876541", "0509876541", "050 987 65 41", "050-987-65-41", "509876541"],
    email: "ostap.hidden@example.com",
    street: "пров. Затишний, 3",
    streetWord: "Затишний",
    point: BARRIER,
  },
];

const numbers: string[] = [];
let visibleNumber = "";
let barrierNumber = "";

/** Where each public page or file lives: its URL pattern and route file, or null when the tree has no such route. */
function routeFiles(): { pattern: string; file: string }[] {
  const out: { pattern: string; file: string }[] = [];
  const walk = (dir: string, prefix: string[]) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        // A "name+" folder is a route prefix in remix-flat-routes.
        const seg = entry.replace(/\+$/, "");
        walk(full, [...prefix, ...seg.split(".")]);
        continue;
      }
      if (!/\.(tsx?|jsx?)$/.test(entry) || entry.includes("[") || entry.endsWith(".server.ts")) continue;
      const base = entry.replace(/\.(tsx?|jsx?)$/, "");
      const segs = [...prefix, ...base.split(".")]
        .filter((s) => s !== "_index" && s !== "_layout" && s !== "route" && !s.startsWith("_"))
        .map((s) => s.replace(/_$/, "").replace(/^\$(.+)$/, ":$1"));
      out.push({ pattern: `/${segs.join("/")}`, file: full });
    }
  };
  walk(ROUTES, []);
  return out;
}

/** The public routes this scan reads: the statistics and open data, and the others' public pages when present. */
function publicRoutes() {
  const wanted = [
    /^\/stats$/,
    /^\/open-data$/,
    /^\/open-data\/:[^/]+$/,
    /^\/map$/,
    /^\/problems$/,
    /^\/problems\/:[^/]+$/,
    /^\/accessibility$/,
    /^\/api\/public\//,
  ];
  return routeFiles().filter((r) => wanted.some((w) => w.test(r.pattern)));
}

/** What a visitor receives from `module` at `url`: the rendered page plus the data shipped to the browser, or a file's body. */
async function fetchPublic(module: RouteModule, pattern: string, url: string): Promise<{ status: number; body: string }> {
  if (!module.default) {
    try {
      const params = paramsOf(pattern, url);
      const res = (await module.loader!({ request: new Request(`http://localhost:3000${url}`), params, context: {} } as never)) as unknown;
      if (res instanceof Response) return { status: res.status, body: await res.text() };
      return { status: 200, body: JSON.stringify(res) };
    } catch (e) {
      if (e instanceof Response) return { status: e.status, body: await e.text() };
      throw e;
    }
  }
  const routes = [
    {
      id: "root",
      path: "/",
      loader: () => ({ csrf: "test-csrf" }),
      children: [
        {
          id: "page",
          path: pattern.slice(1),
          loader: module.loader
            ? ({ request, params }: { request: Request; params: unknown }) => module.loader!({ request, params, context: {} } as never)
            : undefined,
          Component: module.default as () => null,
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes as never);
  const context = await handler.query(new Request(`http://localhost:3000${url}`));
  if (context instanceof Response) return { status: context.status, body: await context.text() };
  const data = JSON.stringify(context.loaderData ?? {});
  if (context.errors) {
    const error = Object.values(context.errors)[0];
    if (error && typeof error === "object" && "status" in error)
      return { status: Number((error as { status: number }).status), body: JSON.stringify(error) + data };
    throw error instanceof Error ? error : new Error(JSON.stringify(error));
  }
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(h(StaticRouterProvider, { router, context, hydrate: false }));
  return { status: context.statusCode, body: html + data };
}

function paramsOf(pattern: string, url: string) {
  const p = pattern.split("/");
  const u = url.split("?")[0]!.split("/");
  return Object.fromEntries(
    p
      .map((s, i) => [s, u[i]] as const)
      .filter(([s]) => s.startsWith(":"))
      .map(([s, v]) => [s.slice(1), decodeURIComponent(v ?? "")]),
  );
}

/** Every personal value that must not appear, and a reason to print when one does. */
function leaks(body: string): string[] {
  const found: string[] = [];
  const text = body
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
  for (const p of PEOPLE) {
    for (const v of [p.name, p.surname, p.email, p.street, p.streetWord, ...p.phoneSpellings]) if (text.includes(v)) found.push(v);
    // The exact point in any precision that gives it away (to about a metre), as text or a number.
    for (const m of text.matchAll(/\b(\d{2}\.\d{4,})\b/g)) {
      const x = Number(m[1]);
      if (Math.abs(x - p.point.lat) < 0.00002 || Math.abs(x - p.point.lon) < 0.00002) found.push(`exact point ${m[1]}`);
    }
  }
  return found;
}

beforeAll(async () => {
  for (const p of PEOPLE) {
    const c = snapToCell(p.point);
    const off = Math.hypot((c.lat - p.point.lat) * 111_320, (c.lon - p.point.lon) * 111_320 * Math.cos((p.point.lat * Math.PI) / 180));
    expect(off).toBeLessThan(NEARBY_CELL_M);
    expect(Math.abs(c.lat - p.point.lat)).toBeGreaterThan(0.0001);
    expect(Math.abs(c.lon - p.point.lon)).toBeGreaterThan(0.0001);
  }
  const city = await createSmallCity();
  const group = await createCategory({ code: "accessibility", slaAmount: null, slaUnit: null });
  const noRamp = await createCategory({ code: "accessibility.no-ramp", parentId: group.id, departmentId: city.housingNorth.id });
  const db = getDb();
  let n = 0;
  const make = async (data: Record<string, unknown>) => {
    const r = await db.request.create({
      data: {
        number: `SLV-2026-${String(900000 + ++n)}`,
        channel: "WEB",
        accessTokenHash: randomUUID(),
        receivedAt: new Date(Date.now() - 5 * HOUR),
        ...data,
      } as never,
    });
    numbers.push(r.number);
    return r;
  };
  const [yaroslava, ostap] = PEOPLE as [(typeof PEOPLE)[0], (typeof PEOPLE)[0]];
  const citizens = await Promise.all(PEOPLE.map((p) => db.citizen.create({ data: { fullName: p.name, phone: p.phone, email: p.email, residence: p.street } })));
  // Without consent: an open request with everything personal in its text, an address and an exact point.
  const open = await make({
    citizenId: citizens[0]!.id,
    description: `Я, ${yaroslava.name}, ${yaroslava.street}. Телефон ${yaroslava.phoneSpellings[3]}, пошта ${yaroslava.email}. Немає води.`,
    address: yaroslava.street,
    lat: yaroslava.point.lat,
    lon: yaroslava.point.lon,
    categoryId: city.noWater.id,
    departmentId: city.water.id,
    districtId: city.centre.id,
    status: "IN_PROGRESS",
    dueAt: new Date(Date.now() + 20 * HOUR),
  });
  visibleNumber = open.number;
  await db.appeal.create({
    data: {
      requestId: open.id,
      kind: "COMPLAINT" as never,
      receiptForm: "WEB",
      fullName: yaroslava.name,
      residence: yaroslava.street,
      contact: yaroslava.email,
    },
  });
  // Without consent, solved, with an answer that names and calls the citizen, and a rating.
  const solved = await make({
    citizenId: citizens[0]!.id,
    description: `Дзвоніть ${yaroslava.phoneSpellings[2]}`,
    address: yaroslava.street,
    lat: yaroslava.point.lat,
    lon: yaroslava.point.lon,
    categoryId: city.noWater.id,
    departmentId: city.water.id,
    status: "RESOLVED",
    resolvedAt: new Date(Date.now() - HOUR),
    resultCode: "RESOLVED_POSITIVELY",
    publicAnswer: `Шановна ${yaroslava.name}! Воду подано за адресою ${yaroslava.street}.`,
  });
  await db.rating.create({ data: { requestId: solved.id, score: 5, comment: `Дякую, ${yaroslava.name}` } });
  // An accessibility barrier without consent.
  const barrier = await make({
    citizenId: citizens[1]!.id,
    description: `${ostap.name}, ${ostap.phone}, ${ostap.email}: немає пандуса біля мого будинку ${ostap.street}`,
    address: ostap.street,
    lat: ostap.point.lat,
    lon: ostap.point.lon,
    categoryId: noRamp.id,
    departmentId: city.housingNorth.id,
    districtId: city.north.id,
    status: "ASSIGNED",
  });
  barrierNumber = barrier.number;
  // A private request: consent given, yet it must not appear at all.
  await make({
    citizenId: citizens[1]!.id,
    isPrivate: true,
    publishConsent: true,
    description: `Скарга на сусіда. ${ostap.name}, ${ostap.phoneSpellings[3]}`,
    address: ostap.street,
    lat: ostap.point.lat,
    lon: ostap.point.lon,
    categoryId: city.yard.id,
    status: "NEW",
  });
  // Consent given, but the citizen wrote their phone and e-mail into the text: the contacts still stay out.
  await make({
    citizenId: citizens[1]!.id,
    publishConsent: true,
    description: `Яма на дорозі. Пишіть ${ostap.email} або дзвоніть ${ostap.phoneSpellings[4]}`,
    categoryId: city.pothole.id,
    status: "NEW",
  });
});

describe("personal-data scan of the public pages and files", () => {
  it("finds no name, phone, e-mail, home address or exact point on any public page or in any file", async () => {
    const today = kyivDateOf(new Date());
    const urlsFor = (pattern: string): string[] => {
      if (pattern === "/stats") return ["/stats", "/stats?days=365", "/stats?days=7&department=water", "/stats?category=accessibility", "/stats?lang=en"];
      if (pattern === "/open-data") return ["/open-data", "/open-data?lang=en"];
      if (pattern.startsWith("/open-data/:"))
        return [`requests-${today}.csv`, `requests-${today}.json`, `requests-${today}.json?lang=en`, `requests-${addDays(today, -1)}.csv`].map(
          (f) => `/open-data/${f}`,
        );
      if (pattern.startsWith("/problems/:")) return [visibleNumber, barrierNumber, ...numbers].map((x) => `/problems/${x}`);
      if (pattern === "/map" || pattern === "/problems" || pattern === "/accessibility") return [pattern, `${pattern}?lang=en`, `${pattern}?period=365`];
      if (pattern.startsWith("/api/public/")) {
        const concrete = pattern.replace(/:[^/]+/g, visibleNumber);
        return [concrete, `${concrete}?lang=en`];
      }
      return [pattern];
    };
    const routes = publicRoutes();
    const patterns = routes.map((r) => r.pattern);
    expect(patterns).toEqual(expect.arrayContaining(["/stats", "/open-data"]));
    expect(patterns.some((p) => p.startsWith("/open-data/:"))).toBe(true);
    for (const other of ["map.tsx", "problems.tsx", "accessibility.tsx"])
      if (existsSync(path.join(ROUTES, other))) expect(patterns).toContain(`/${other.replace(".tsx", "")}`);

    const report: { url: string; status: number; leaks: string[]; bytes: number }[] = [];
    for (const route of routes) {
      const module = (await import(route.file)) as RouteModule;
      if (!module.loader && !module.default) continue;
      for (const url of urlsFor(route.pattern)) {
        const { status, body } = await fetchPublic(module, route.pattern, url);
        report.push({ url, status, leaks: leaks(body), bytes: body.length });
      }
    }
    // Every page answered (a 4xx for a card kept private is fine; a 5xx is not), and the scan read something.
    expect(report.filter((r) => r.status >= 500)).toEqual([]);
    expect(report.filter((r) => r.leaks.length)).toEqual([]);
    // The requests are there — the scan read real content, not empty pages.
    const files = report.filter((r) => r.url.startsWith(`/open-data/requests-${today}`));
    expect(files.every((f) => f.status === 200)).toBe(true);
    const csv = await fetchPublic(
      (await import(path.join(ROUTES, "open-data_.$file.ts"))) as RouteModule,
      "/open-data/:file",
      `/open-data/requests-${today}.csv`,
    );
    expect(csv.body).toContain(visibleNumber);
    expect(csv.body).toContain(barrierNumber);
    expect(csv.body).toContain("Яма на дорозі");
  });

  it("takes phones and e-mails out of published text in the ways people write them, and keeps numbers that are not contacts", () => {
    for (const phone of [...PEOPLE[0]!.phoneSpellings, "+48 601 234 567", "тел.0671234509."])
      expect({ phone, text: withoutContacts(`Дзвоніть ${phone} увечері`) }).toEqual({ phone, text: expect.not.stringMatching(/\d{3}/) });
    expect(withoutContacts("Пишіть на Ivan.Petrenko+city@mail.example.ua, дякую")).toBe("Пишіть на ***, дякую");
    const kept = "Див. SLV-2026-000123 від 2026-12-03 10:30 і 12.05.2026 10:30, буд. 15, кв. 7, 1500 грн, ЄДРПОУ 04052844";
    expect(withoutContacts(kept)).toBe(kept);
  });
});
