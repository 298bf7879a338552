// The Open311 GeoReport v2 server, black-box, as the spec's text describes it: every method
// in XML and JSON through the real route (/open311/v2/*), every filter and error, the 1000
// limit and paging, the updates feed, repeated POSTs, a FixMyStreet-style XML-only client, and
// a scan of every answer for the personal data the test filed (names, phones, e-mails, words
// and places a citizen did not agree to publish, private requests).
import { preparePhotos } from "#app/domain/attachments/prepare-photos.server.ts";
import { storeAttachments } from "#app/domain/attachments/store-attachments.server.ts";
import { tinyPng } from "./citizen-helpers.ts";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { hashAccessToken } from "#app/domain/requests/access-token.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { issueOpen311Key } from "#app/domain/open311/open311-keys.server.ts";
import { snapToCell } from "#app/domain/requests/find-nearby-requests.server.ts";
import { loader, action } from "#app/routes/open311+/v2.$.ts";
import { loader as photoLoader } from "#app/routes/problems_.$number_.photos.$id.ts";
import { loader as adminLoader, action as adminAction } from "#app/routes/admin+/open311.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv, resetEnvForTests } from "#app/utils/env.server.ts";
import { createCategory, createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";
import { args, asResult, createAdminAndOperator, getRequest, lastAudit, postRequest, thrown } from "./admin-helpers.ts";

// ───────────── a strict little XML reader (no XML parser is installed) ─────────────

type XNode = { name: string; children: XNode[]; text: string };

function parseXml(src: string): XNode {
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/.exec(src);
  if (!decl) throw new Error("no XML declaration");
  let i = decl[0].length;
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  const decode = (text: string) =>
    text.replace(/&([a-z]+);|&/g, (m, name: string | undefined) => {
      if (!name || !(name in entities)) throw new Error(`bad entity at ${i}: ${m}`);
      return entities[name]!;
    });
  function element(): XNode {
    const open = /^<([A-Za-z_][\w.-]*)\s*(\/?)>/.exec(src.slice(i));
    if (!open) throw new Error(`expected a start tag at ${i}: ${src.slice(i, i + 40)}`);
    i += open[0].length;
    const node: XNode = { name: open[1]!, children: [], text: "" };
    if (open[2]) return node;
    for (;;) {
      if (src.startsWith("</", i)) {
        const close = /^<\/([A-Za-z_][\w.-]*)>/.exec(src.slice(i));
        if (!close || close[1] !== node.name) throw new Error(`unbalanced </${close?.[1]}> for <${node.name}> at ${i}`);
        i += close[0].length;
        if (node.children.length && node.text.trim()) throw new Error(`mixed content in <${node.name}>`);
        return node;
      }
      if (src[i] === "<") node.children.push(element());
      else {
        const end = src.indexOf("<", i);
        if (end < 0) throw new Error("unterminated element");
        node.text += decode(src.slice(i, end));
        i = end;
      }
    }
  }
  const root = element();
  if (src.slice(i).trim()) throw new Error("content after the root element");
  return root;
}

const kids = (n: XNode, name: string) => n.children.filter((c) => c.name === name);
function one(n: XNode, name: string): XNode {
  const found = kids(n, name);
  if (found.length !== 1) throw new Error(`<${n.name}> has ${found.length} <${name}>`);
  return found[0]!;
}
const val = (n: XNode, name: string) => one(n, name).text;

// ───────────── calling the API ─────────────

const XML = "text/xml; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
/** Every body the API answered in this file, for the personal-data scan at the end. */
const answered: string[] = [];

type Answer = { status: number; type: string | null; body: string; xml: XNode; json: unknown };

async function call(method: "GET" | "POST", path: string, params: Record<string, string | string[]> | [string, string][] = {}): Promise<Answer> {
  const pairs = Array.isArray(params)
    ? params
    : Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]]));
  const qs = new URLSearchParams(pairs).toString();
  const url = `http://localhost:3000/open311/v2/${path}`;
  const request =
    method === "GET"
      ? new Request(qs ? `${url}?${qs}` : url)
      : new Request(url, { method, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(pairs) });
  const fn = method === "GET" ? loader : action;
  const response = (await fn({ request, params: { "*": path }, context: {} } as never)) as Response;
  const body = await response.text();
  answered.push(body);
  const type = response.headers.get("content-type");
  return {
    status: response.status,
    type,
    body,
    xml: type === XML ? parseXml(body) : (null as never),
    json: type === JSON_TYPE ? JSON.parse(body) : (null as never),
  };
}
const get = (path: string, params: Record<string, string | string[]> = {}) => call("GET", path, params);
const post = (path: string, params: Record<string, string | string[]> | [string, string][]) => call("POST", path, params);

type JsonRequest = Record<string, unknown> & { service_request_id: string; status: string };
const jsonList = (a: Answer) => a.json as JsonRequest[];
const xmlIds = (a: Answer) => kids(a.xml, "request").map((r) => val(r, "service_request_id"));

function expectError(a: Answer, status: number, format: "xml" | "json", pattern?: RegExp) {
  expect(a.status, a.body).toBe(status);
  if (format === "xml") {
    expect(a.type).toBe(XML);
    expect(a.xml.name).toBe("errors");
    const errors = kids(a.xml, "error");
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(val(e, "code")).toBe(String(status));
      expect(val(e, "description").length).toBeGreaterThan(5);
    }
    if (pattern) expect(errors.map((e) => val(e, "description")).join(" ")).toMatch(pattern);
  } else {
    expect(a.type).toBe(JSON_TYPE);
    const errors = a.json as { code: number; description: string }[];
    expect(Array.isArray(errors)).toBe(true);
    for (const e of errors) {
      expect(e.code).toBe(status);
      expect(e.description.length).toBeGreaterThan(5);
    }
    if (pattern) expect(errors.map((e) => e.description).join(" ")).toMatch(pattern);
  }
}

// ───────────── the city and its data ─────────────

const ENV_KEY = "env-key-for-a-deployment-0123456789";
const JURISDICTION = "sloviansk.gov.ua";
// Personal data filed through the API; none of it may ever come back out.
const PERSON = { first_name: "Оксана", last_name: "Приватенко", phone: "+380671234567", email: "oksana.privatenko@example.com" };
const SECRET_TEXT = "ТАЄМНИЙ-ОПИС-7731 біля під'їзду";
const SECRET_ADDRESS = "вул. Таємна, 13, кв. 5";
const SECRET_POINT = { lat: 48.85631, lon: 37.60457 };
const PRIVATE_TEXT = "ПРИВАТНИЙ-ЗАПИТ-4412 про сусіда";

let apiKey = "";
let city: Awaited<ReturnType<typeof createSmallCity>>;
let street: { id: string; nameUk: string };
let staffId = "";
const numbers = { published: "", unpublished: "", private: "", merged: "", old: "" };

const QUESTIONS = [
  {
    code: "notice",
    variable: false,
    datatype: "text",
    required: false,
    order: 0,
    descriptionUk: "Якщо є загроза життю, дзвоніть 101.",
    descriptionEn: "If life is at risk, call 101.",
  },
  { code: "depth", variable: true, datatype: "number", required: true, order: 1, descriptionUk: "Глибина, см", descriptionEn: "Depth, cm" },
  { code: "plate", variable: true, datatype: "string", required: false, order: 2, descriptionUk: "Номер опори", descriptionEn: "Pole number" },
  { code: "since", variable: true, datatype: "datetime", required: false, order: 3, descriptionUk: "Відколи", descriptionEn: "Since when" },
  { code: "details", variable: true, datatype: "text", required: false, order: 4, descriptionUk: "Подробиці", descriptionEn: "Details" },
  {
    code: "surface",
    variable: true,
    datatype: "singlevaluelist",
    required: false,
    order: 5,
    descriptionUk: "Покриття",
    descriptionEn: "Surface",
    values: [
      { key: "asphalt", nameUk: "Асфальт", nameEn: "Asphalt" },
      { key: "tiles", nameUk: "Плитка", nameEn: "Tiles" },
    ],
  },
  {
    code: "hazards",
    variable: true,
    datatype: "multivaluelist",
    required: false,
    order: 6,
    descriptionUk: "Небезпеки",
    descriptionEn: "Hazards",
    values: [
      { key: "cars", nameUk: "Для авто", nameEn: "For cars" },
      { key: "people", nameUk: "Для пішоходів", nameEn: "For people" },
      { key: "night", nameUk: "Вночі не видно", nameEn: "Invisible at night" },
    ],
  },
];

/** A POST that files a request for the pothole service at a point. */
const potholeForm = (extra: Record<string, string | string[]> = {}) => ({
  api_key: apiKey,
  service_code: "POT01",
  lat: String(POINTS.centre.lat),
  long: String(POINTS.centre.lon),
  "attribute[depth]": "12",
  description: "Велика яма на проїжджій частині",
  ...extra,
});

beforeAll(async () => {
  process.env.OPEN311_API_KEYS = ` ${ENV_KEY} , `;
  resetEnvForTests();
  const db = getDb();
  city = await createSmallCity();
  const roadsRoot = await createCategory({ code: "roads", nameUk: "Дороги", nameEn: "Roads", sortOrder: 1 });
  await db.category.update({
    where: { id: city.pothole.id },
    data: { parentId: roadsRoot.id, open311Code: "POT01", nameUk: "Яма на дорозі", nameEn: "Pothole", synonyms: ["вибоїна", "яма"], extraQuestions: QUESTIONS },
  });
  await db.routingRule.create({ data: { position: 40, categoryId: city.pothole.id, departmentId: city.triageOnly.id } });
  street = await db.street.create({ data: { nameUk: "вулиця Шевченка", lat: 48.853, lon: 37.601 }, select: { id: true, nameUk: true } });
  const admin = await createStaff({ role: "ADMIN" });
  staffId = admin.id;
  apiKey = (await issueOpen311Key({ actorId: admin.id, name: "Тестовий застосунок" })).key;

  // Published: the citizen agreed (set by staff here: the API itself has no consent field).
  const published = await post("requests.xml", potholeForm({ ...PERSON, device_id: "dev-1" }));
  numbers.published = val(one(published.xml, "request"), "service_request_id");
  await db.request.update({ where: { number: numbers.published }, data: { publishConsent: true } });
  // Not published: the words, the address and the exact place stay inside.
  const unpublished = await post("requests.json", {
    ...potholeForm({ ...PERSON, device_id: "dev-2" }),
    description: SECRET_TEXT,
    address_string: SECRET_ADDRESS,
    lat: String(SECRET_POINT.lat),
    long: String(SECRET_POINT.lon),
  });
  numbers.unpublished = (unpublished.json as { service_request_id: string }[])[0]!.service_request_id;
  // Private and merged: never out at all.
  const priv = await submitRequest({
    channel: "WEB",
    description: PRIVATE_TEXT,
    categoryCode: "roads.pothole",
    location: SECRET_POINT,
    citizen: { fullName: "Петро Таємний", phone: "+380501112233" },
  });
  await db.request.update({ where: { id: priv.request.id }, data: { isPrivate: true, publishConsent: true } });
  numbers.private = priv.request.number;
  const merged = await submitRequest({ channel: "WEB", description: "Дубль ями", categoryCode: "roads.pothole", location: POINTS.centre });
  await db.request.update({ where: { id: merged.request.id }, data: { status: "MERGED" } });
  numbers.merged = merged.request.number;
  // Filed 120 days ago: outside the default 90-day window.
  const old = await submitRequest({
    channel: "WEB",
    description: "Стара яма",
    categoryCode: "roads.pothole",
    receivedAt: new Date(Date.now() - 120 * 86_400_000),
  });
  numbers.old = old.request.number;
});

afterAll(() => {
  delete process.env.OPEN311_API_KEYS;
  resetEnvForTests();
});

describe("discovery", () => {
  test("discovery.xml and .json name the endpoint, the spec and both formats", async () => {
    const xml = await get("discovery.xml");
    expect(xml.status).toBe(200);
    expect(xml.type).toBe(XML);
    expect(xml.xml.name).toBe("discovery");
    expect(val(xml.xml, "changeset")).toMatch(W3C);
    const endpoint = one(one(xml.xml, "endpoints"), "endpoint");
    expect(val(endpoint, "specification")).toBe("http://wiki.open311.org/GeoReport_v2");
    expect(val(endpoint, "url")).toBe("http://localhost:3000/open311/v2");
    expect(kids(one(endpoint, "formats"), "format").map((f) => f.text)).toEqual(["text/xml", "application/json"]);

    const json = await get("discovery.json");
    expect(json.type).toBe(JSON_TYPE);
    const d = json.json as { endpoints: { url: string; formats: string[] }[]; key_service: string };
    expect(d.endpoints).toHaveLength(1);
    expect(d.endpoints[0]!.formats).toEqual(["text/xml", "application/json"]);
    expect(d.key_service.length).toBeGreaterThan(10);
  });
});

describe("GET services", () => {
  test("lists the categories one can file under, in the spec's container, codes as strings", async () => {
    const xml = await get("services.xml");
    expect(xml.status).toBe(200);
    expect(xml.type).toBe(XML);
    expect(xml.xml.name).toBe("services");
    const services = kids(xml.xml, "service");
    const pothole = services.find((s) => val(s, "service_code") === "POT01")!;
    expect(val(pothole, "service_name")).toBe("Яма на дорозі");
    expect(val(pothole, "group")).toBe("Дороги");
    expect(val(pothole, "metadata")).toBe("true");
    expect(val(pothole, "type")).toBe("realtime");
    expect(val(pothole, "keywords")).toBe("вибоїна, яма");
    // A group with subcategories is not a service; a leaf without an Open311 code uses its own code.
    const codes = services.map((s) => val(s, "service_code"));
    expect(codes).not.toContain("roads");
    expect(codes).not.toContain("water");
    expect(codes).toContain("water.no-water");

    const json = await get("services.json", { lang: "en" });
    expect(json.type).toBe(JSON_TYPE);
    const list = json.json as Record<string, unknown>[];
    const p = list.find((s) => s.service_code === "POT01")!;
    expect(p).toMatchObject({ service_name: "Pothole", group: "Roads", metadata: true, type: "realtime" });
    for (const s of list) {
      expect(typeof s.service_code).toBe("string");
      expect(typeof s.metadata).toBe("boolean");
    }
    expect(list.find((s) => s.service_code === "water.no-water")!.metadata).toBe(false);
  });

  test("a service definition gives the attributes of all six datatypes, and a notice as variable=false", async () => {
    const xml = await get("services/POT01.xml");
    expect(xml.status).toBe(200);
    expect(xml.xml.name).toBe("service_definition");
    expect(val(xml.xml, "service_code")).toBe("POT01");
    const attrs = kids(one(xml.xml, "attributes"), "attribute");
    expect(attrs.map((a) => val(a, "datatype"))).toEqual(["text", "number", "string", "datetime", "text", "singlevaluelist", "multivaluelist"]);
    expect(val(attrs[0]!, "variable")).toBe("false");
    expect(val(attrs[1]!, "required")).toBe("true");
    expect(val(attrs[1]!, "order")).toBe("1");
    expect(val(attrs[1]!, "description")).toBe("Глибина, см");
    const single = kids(one(attrs[5]!, "values"), "value");
    expect(single.map((v) => [val(v, "key"), val(v, "name")])).toEqual([
      ["asphalt", "Асфальт"],
      ["tiles", "Плитка"],
    ]);

    const json = await get("services/POT01.json", { lang: "en" });
    const def = json.json as {
      service_code: string;
      attributes: { code: string; variable: boolean; required: boolean; datatype: string; values: { key: string; name: string }[] }[];
    };
    expect(def.service_code).toBe("POT01");
    expect(def.attributes.map((a) => a.code)).toEqual(["notice", "depth", "plate", "since", "details", "surface", "hazards"]);
    expect(def.attributes[6]!.values.map((v) => v.name)).toEqual(["For cars", "For people", "Invisible at night"]);
    expect(def.attributes[1]).toMatchObject({ variable: true, required: true, datatype: "number" });
  });

  test("an unknown service is a 404 with the spec's error list in both formats", async () => {
    expectError(await get("services/NOPE.xml"), 404, "xml", /NOPE/);
    expectError(await get("services/NOPE.json"), 404, "json", /NOPE/);
  });
});

describe("POST requests", () => {
  test("files a request through the common intake: numbered, routed, clocks set, the contact kept as a citizen", async () => {
    const a = await post("requests.xml", [
      ...Object.entries(potholeForm({ device_id: "dev-3", ...PERSON, "attribute[surface]": "tiles", "attribute[since]": "2026-03-01T08:00:00+02:00" })),
      ["attribute[hazards][]", "cars"],
      ["attribute[hazards][]", "night"],
      ["attribute[fixmystreet_id]", "991"],
    ]);
    expect(a.status, a.body).toBe(201);
    expect(a.type).toBe(XML);
    expect(a.xml.name).toBe("service_requests");
    const item = one(a.xml, "request");
    const number = val(item, "service_request_id");
    expect(number).toMatch(/^SLV-\d{4}-\d{6}$/);
    expect(val(item, "token").length).toBeGreaterThan(10);
    const row = await getDb().request.findUniqueOrThrow({ where: { number }, include: { citizen: true, deadlines: true, events: true } });
    expect(row.channel).toBe("OPEN311");
    expect(row.routed).toBe(true);
    expect(row.departmentId).toBe(city.triageOnly.id);
    expect(row.dueAt).not.toBeNull();
    expect(row.deadlines.length).toBeGreaterThan(0);
    expect(row.answers).toEqual({ depth: 12, surface: "tiles", since: "2026-03-01T06:00:00.000Z", hazards: ["cars", "night"] });
    expect(row.citizen).toMatchObject({ fullName: "Оксана Приватенко", phone: "+380671234567", email: "oksana.privatenko@example.com" });
    expect(row.events.map((e) => e.type)).toContain("received");
    expect(row.publishConsent).toBe(false);
  });

  test("JSON answers a list of one with the id as a string; address_id takes a street id or name; address_string alone is enough", async () => {
    const byId = await post("requests.json", { api_key: apiKey, service_code: "POT01", address_id: street.id, "attribute[depth]": "3", device_id: "dev-4" });
    expect(byId.status, byId.body).toBe(201);
    expect(byId.type).toBe(JSON_TYPE);
    const list = byId.json as { service_request_id: unknown }[];
    expect(list).toHaveLength(1);
    expect(typeof list[0]!.service_request_id).toBe("string");
    const row = await getDb().request.findUniqueOrThrow({ where: { number: list[0]!.service_request_id as string } });
    expect(row).toMatchObject({ address: "вулиця Шевченка", lat: 48.853, lon: 37.601 });
    // No description given: the request says what service it is for.
    expect(row.description).toBe("Яма на дорозі");

    const byName = await post("requests.json", {
      api_key: apiKey,
      service_code: "POT01",
      address_id: "Вулиця шевченка",
      "attribute[depth]": "4",
      device_id: "dev-5",
    });
    expect(byName.status, byName.body).toBe(201);
    const onlyAddress = await post("requests.json", {
      api_key: apiKey,
      service_code: "POT01",
      address_string: "вул. Торгова, 2",
      "attribute[depth]": "5",
      device_id: "dev-6",
    });
    expect(onlyAddress.status, onlyAddress.body).toBe(201);
  });

  test("api_key: missing, wrong or revoked is a 403; a key from OPEN311_API_KEYS is accepted", async () => {
    const form = potholeForm({ device_id: "dev-7" });
    for (const format of ["xml", "json"] as const) {
      expectError(await post(`requests.${format}`, { ...form, api_key: "" }), 403, format);
      expectError(await post(`requests.${format}`, { ...form, api_key: "o311_wrong" }), 403, format);
    }
    const revoked = await issueOpen311Key({ actorId: staffId, name: "Старий застосунок" });
    await getDb().open311Client.updateMany({ where: { name: "Старий застосунок" }, data: { revokedAt: new Date() } });
    expectError(await post("requests.xml", { ...form, api_key: revoked.key }), 403, "xml");
    const fromEnv = await post("requests.xml", { ...form, api_key: ENV_KEY });
    expect(fromEnv.status, fromEnv.body).toBe(201);
  });

  test("bad input is a 400 naming every problem; an unknown service a 404; another jurisdiction a 404", async () => {
    for (const format of ["xml", "json"] as const) {
      const path = `requests.${format}`;
      expectError(await post(path, { api_key: apiKey, lat: "48.85", long: "37.6" }), 400, format, /service_code/);
      expectError(await post(path, potholeForm({ service_code: "NOPE" })), 404, format, /NOPE/);
      expectError(await post(path, { api_key: apiKey, service_code: "POT01", "attribute[depth]": "1" }), 400, format, /address_string/);
      expectError(await post(path, potholeForm({ long: "" })), 400, format, /lat/);
      expectError(await post(path, potholeForm({ lat: "200" })), 400, format, /lat/);
      expectError(await post(path, potholeForm({ address_id: "вулиця Неіснуюча" })), 400, format, /Неіснуюча/);
      expectError(await post(path, potholeForm({ description: "я".repeat(4001) })), 400, format, /4000/);
      expectError(await post(path, potholeForm({ "attribute[hazards][]": ["cars", "rockets"] })), 400, format, /rockets/);
      expectError(await post(path, potholeForm({ "attribute[surface]": ["asphalt", "tiles"] })), 400, format, /surface/);
      expectError(await post(path, potholeForm({ phone: "12" })), 400, format);
      expectError(await post(path, potholeForm({ email: "not-an-email" })), 400, format);
      expectError(await post(path, potholeForm({ jurisdiction_id: "kyiv.gov.ua" })), 404, format, /kyiv\.gov\.ua/);
    }
    // Every problem at once: a required attribute missing, a number that is not, a bad date.
    const many = await post("requests.json", {
      ...potholeForm(),
      "attribute[depth]": "",
      "attribute[since]": "yesterday",
      "attribute[plate]": "x".repeat(1001),
    });
    expectError(many, 400, "json");
    expect((many.json as unknown[]).length).toBe(3);
    expectError(await post("requests.xml", { ...potholeForm(), "attribute[depth]": "deep" }), 400, "xml", /depth/);
    // Not a form.
    const url = "http://localhost:3000/open311/v2/requests.json";
    const response = (await action({
      request: new Request(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }),
      params: { "*": "requests.json" },
      context: {},
    } as never)) as Response;
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe(JSON_TYPE);
    // A category that must be able to answer needs a phone or an e-mail.
    const social = { api_key: apiKey, service_code: "social.aid", address_string: "вул. Торгова, 2", description: "Прошу допомоги" };
    expectError(await post("requests.xml", social), 400, "xml", /e-mail/);
    expect((await post("requests.xml", { ...social, phone: "+380991234500" })).status).toBe(201);
    // Our own jurisdiction is welcome.
    expect((await post("requests.xml", potholeForm({ jurisdiction_id: JURISDICTION, device_id: "dev-8" }))).status).toBe(201);
    expect(await getDb().request.count({ where: { description: { startsWith: "яяя" } } })).toBe(0);
  });

  test("the same report posted again by the same client and device within the window is the same request; later it is a new one", async () => {
    const form = potholeForm({ device_id: "dev-repeat", description: "Яма, повторна відправка" });
    const first = await post("requests.json", form);
    const again = await post("requests.json", form);
    const id = (a: Answer) => (a.json as { service_request_id: string }[])[0]!.service_request_id;
    expect(id(again)).toBe(id(first));
    // The e-mail's case does not make it another report; another device does.
    const mail = potholeForm({ email: "Same@Example.com", description: "Яма, повторна відправка" });
    const m1 = await post("requests.json", mail);
    const m2 = await post("requests.json", { ...mail, email: "same@example.com" });
    expect(id(m2)).toBe(id(m1));
    const other = await post("requests.json", { ...form, device_id: "dev-other" });
    expect(id(other)).not.toBe(id(first));
    expect(await getDb().request.count({ where: { description: "Яма, повторна відправка" } })).toBe(3);

    // Eleven minutes later the same words are a new report.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date(Date.now() + 11 * 60_000));
      const later = await post("requests.json", form);
      expect(id(later)).not.toBe(id(first));
      // And repeated within its own window, across a window edge, still one.
      vi.setSystemTime(new Date(Date.now() + 9 * 60_000));
      expect(id(await post("requests.json", form))).toBe(id(later));
    } finally {
      vi.useRealTimers();
    }
  });

  test("the token of a POST leads to its request; an unknown token is a 404", async () => {
    const a = await post("requests.xml", potholeForm({ device_id: "dev-token" }));
    const item = one(a.xml, "request");
    const token = val(item, "token");
    const xml = await get(`tokens/${token}.xml`);
    expect(xml.status).toBe(200);
    expect(xml.xml.name).toBe("service_requests");
    expect(val(one(xml.xml, "request"), "service_request_id")).toBe(val(item, "service_request_id"));
    const json = await get(`tokens/${token}.json`);
    expect(json.json).toEqual([{ service_request_id: val(item, "service_request_id"), token }]);
    expectError(await get("tokens/o311-unknown.xml"), 404, "xml");
    expectError(await get("tokens/o311-unknown.json"), 404, "json");
  });
});

describe("GET requests", () => {
  test("fields: open/closed with the detail in status_notes, department as agency, deadline as expected_datetime, W3C dates", async () => {
    const a = await get("requests.xml", { service_request_id: numbers.published });
    expect(a.status).toBe(200);
    expect(a.xml.name).toBe("service_requests");
    const r = one(a.xml, "request");
    expect(val(r, "service_request_id")).toBe(numbers.published);
    expect(val(r, "status")).toBe("open");
    expect(val(r, "status_notes")).toBe("Передано виконавцю");
    expect(val(r, "service_code")).toBe("POT01");
    expect(val(r, "service_name")).toBe("Яма на дорозі");
    expect(val(r, "agency_responsible")).toBe(city.triageOnly.nameUk);
    expect(val(r, "description")).toBe("Велика яма на проїжджій частині");
    expect(Number(val(r, "lat"))).toBe(POINTS.centre.lat);
    expect(Number(val(r, "long"))).toBe(POINTS.centre.lon);
    for (const f of ["requested_datetime", "updated_datetime", "expected_datetime"]) expect(val(r, f)).toMatch(W3C);
    const row = await getDb().request.findUniqueOrThrow({ where: { number: numbers.published } });
    expect(new Date(val(r, "expected_datetime")).getTime()).toBe(row.dueAt!.getTime());

    const json = await get("requests.json", { service_request_id: numbers.published, lang: "en" });
    const j = jsonList(json)[0]!;
    expect(j).toMatchObject({ service_request_id: numbers.published, status: "open", service_code: "POT01", agency_responsible: city.triageOnly.nameEn });
    expect(typeof j.lat).toBe("number");
  });

  test("a request the citizen did not agree to publish: no words, no address, only the centre of its area", async () => {
    const a = await get("requests.json", { service_request_id: numbers.unpublished });
    const r = jsonList(a)[0]!;
    expect(r.description).toBeNull();
    expect(r.address).toBeNull();
    const cell = snapToCell(SECRET_POINT);
    expect(r.lat).toBeCloseTo(cell.lat, 6);
    expect(r.long).toBeCloseTo(cell.lon, 6);
    expect([r.lat, r.long]).not.toEqual([SECRET_POINT.lat, SECRET_POINT.lon]);
    const x = one((await get("requests.xml", { service_request_id: numbers.unpublished })).xml, "request");
    expect(val(x, "description")).toBe("");
    expect(val(x, "address")).toBe("");
  });

  test("default window is the last 90 days; start_date/end_date choose another, at most 90 days apart", async () => {
    const ids = xmlIds(await get("requests.xml"));
    expect(ids).toContain(numbers.published);
    expect(ids).not.toContain(numbers.old);
    const from = new Date(Date.now() - 130 * 86_400_000).toISOString();
    const to = new Date(Date.now() - 100 * 86_400_000).toISOString();
    const json = await get("requests.json", { start_date: from, end_date: to });
    expect(jsonList(json).map((r) => r.service_request_id)).toEqual([numbers.old]);
    // start_date alone: 90 days from it.
    expect(jsonList(await get("requests.json", { start_date: from })).map((r) => r.service_request_id)).toEqual([numbers.old]);
    // end_date alone: 90 days before it.
    expect(jsonList(await get("requests.json", { end_date: to })).map((r) => r.service_request_id)).toEqual([numbers.old]);
    for (const format of ["xml", "json"] as const) {
      expectError(await get(`requests.${format}`, { start_date: "2026-01-01T00:00:00Z", end_date: "2026-04-02T00:00:00Z" }), 400, format, /90/);
      expectError(await get(`requests.${format}`, { start_date: "2026-03-01T00:00:00Z", end_date: "2026-02-01T00:00:00Z" }), 400, format, /end_date/);
      expectError(await get(`requests.${format}`, { start_date: "yesterday" }), 400, format, /start_date/);
      expectError(await get(`requests.${format}`, { end_date: "2026-02-30T00:00:00Z" }), 400, format, /end_date/);
    }
  });

  test("status filters open, closed or both; anything else is a 400", async () => {
    const resolved = await submitRequest({ channel: "WEB", description: "Яма, яку засипали", categoryCode: "roads.pothole", location: POINTS.centre });
    await getDb().request.update({ where: { id: resolved.request.id }, data: { publishConsent: true } });
    await transitionRequest({ requestId: resolved.request.id, to: "IN_PROGRESS", actor: { type: "STAFF", id: staffId } });
    await transitionRequest({
      requestId: resolved.request.id,
      to: "RESOLVED",
      actor: { type: "STAFF", id: staffId },
      resultCode: "RESOLVED_POSITIVELY",
      publicAnswer: "Яму засипано.",
    });
    const closed = jsonList(await get("requests.json", { status: "closed" }));
    expect(closed.map((r) => r.service_request_id)).toEqual([resolved.request.number]);
    expect(closed[0]).toMatchObject({ status: "closed", status_notes: "Вирішено (очікує підтвердження)", expected_datetime: null });
    const open = xmlIds(await get("requests.xml", { status: "open" }));
    expect(open).toContain(numbers.published);
    expect(open).not.toContain(resolved.request.number);
    const both = jsonList(await get("requests.json", { status: "open,closed" }));
    expect(both.map((r) => r.service_request_id)).toContain(resolved.request.number);
    expect(both.map((r) => r.service_request_id)).toContain(numbers.published);
    expectError(await get("requests.xml", { status: "pending" }), 400, "xml", /open/);
    expectError(await get("requests.json", { status: "open,done" }), 400, "json");
  });

  test("service_code filters; an unknown one is a 404", async () => {
    await submitRequest({ channel: "WEB", description: "Немає води в будинку", categoryCode: "water.no-water", location: POINTS.north });
    const pothole = jsonList(await get("requests.json", { service_code: "POT01" }));
    expect(pothole.length).toBeGreaterThan(3);
    expect(new Set(pothole.map((r) => r.service_code))).toEqual(new Set(["POT01"]));
    const water = kids((await get("requests.xml", { service_code: "water.no-water" })).xml, "request");
    // A single request is still inside its container.
    expect(water).toHaveLength(1);
    expect(val(water[0]!, "service_code")).toBe("water.no-water");
    expectError(await get("requests.xml", { service_code: "NOPE" }), 404, "xml");
    expectError(await get("requests.json", { service_code: "NOPE" }), 404, "json");
  });

  test("service_request_id overrides every other filter and takes several ids; private and merged requests are never there", async () => {
    const far = { start_date: "2020-01-01T00:00:00Z", end_date: "2020-02-01T00:00:00Z", status: "closed", service_code: "water.no-water" };
    const ids = `${numbers.published},${numbers.old},${numbers.private},${numbers.merged}`;
    expect(xmlIds(await get("requests.xml", { ...far, service_request_id: ids })).sort()).toEqual([numbers.published, numbers.old].sort());
    expect(
      jsonList(await get("requests.json", { ...far, service_request_id: ids.toLowerCase() }))
        .map((r) => r.service_request_id)
        .sort(),
    ).toEqual([numbers.published, numbers.old].sort());
    const all = xmlIds(await get("requests.xml", { status: "open,closed" }));
    expect(all).not.toContain(numbers.private);
    expect(all).not.toContain(numbers.merged);
  });
});

describe("GET one request", () => {
  test("answers a list of one in both formats", async () => {
    const xml = await get(`requests/${numbers.published}.xml`);
    expect(xml.status).toBe(200);
    expect(xml.type).toBe(XML);
    expect(xml.xml.name).toBe("service_requests");
    expect(kids(xml.xml, "request")).toHaveLength(1);
    expect(val(one(xml.xml, "request"), "service_request_id")).toBe(numbers.published);
    const json = await get(`requests/${numbers.published}.json`, { jurisdiction_id: JURISDICTION });
    expect(json.type).toBe(JSON_TYPE);
    expect(jsonList(json)).toHaveLength(1);
    expect(jsonList(json)[0]!.service_request_id).toBe(numbers.published);
  });

  test("an unknown, private or merged request is a 404", async () => {
    for (const id of ["SLV-1999-000001", numbers.private, numbers.merged, "x".repeat(300)]) {
      expectError(await get(`requests/${id}.xml`), 404, "xml");
      expectError(await get(`requests/${id}.json`), 404, "json");
    }
  });
});

describe("the 1000 limit and paging", () => {
  test("at most 1000 per answer, newest first; page and page_size walk the rest", async () => {
    const db = getDb();
    const base = Date.now() - 200 * 86_400_000;
    await db.request.createMany({
      data: Array.from({ length: 1005 }, (_, i) => ({
        number: `SLV-2000-${String(i + 1).padStart(6, "0")}`,
        channel: "WEB" as const,
        description: `Масовий запит ${i}`,
        accessTokenHash: hashAccessToken(`bulk-${i}`),
        receivedAt: new Date(base + i * 60_000),
      })),
    });
    const window = { start_date: new Date(base - 86_400_000).toISOString(), end_date: new Date(base + 2 * 86_400_000).toISOString() };
    const first = jsonList(await get("requests.json", window));
    expect(first).toHaveLength(1000);
    expect(first[0]!.service_request_id).toBe("SLV-2000-001005");
    const xml = kids((await get("requests.xml", window)).xml, "request");
    expect(xml).toHaveLength(1000);
    const second = jsonList(await get("requests.json", { ...window, page: "2" }));
    expect(second.map((r) => r.service_request_id)).toEqual(["SLV-2000-000005", "SLV-2000-000004", "SLV-2000-000003", "SLV-2000-000002", "SLV-2000-000001"]);
    const small = xmlIds(await get("requests.xml", { ...window, page: "3", page_size: "10" }));
    expect(small).toHaveLength(10);
    expect(small[0]).toBe("SLV-2000-000985");
    // A page size over the limit is held to it.
    expect(jsonList(await get("requests.json", { ...window, page_size: "5000" }))).toHaveLength(1000);
    expect(jsonList(await get("requests.json", { ...window, page: "99" }))).toEqual([]);
    for (const bad of [{ page: "0" }, { page: "-1" }, { page_size: "0" }, { page_size: "ten" }] as Record<string, string>[]) {
      expectError(await get("requests.json", { ...window, ...bad }), 400, "json", /page/);
      expectError(await get("requests.xml", { ...window, ...bad }), 400, "xml", /page/);
    }
    // Many ids at once are capped too.
    const ids = Array.from({ length: 1001 }, (_, i) => `SLV-2000-${String(i + 1).padStart(6, "0")}`).join(",");
    expectError(await get("requests.json", { service_request_id: ids }), 400, "json", /1000/);
    await db.request.deleteMany({ where: { number: { startsWith: "SLV-2000-" } } });
  });
});

describe("servicerequestupdates", () => {
  test("needs an api_key: missing or wrong is a 403 in both formats", async () => {
    expectError(await get("servicerequestupdates.xml"), 403, "xml");
    expectError(await get("servicerequestupdates.json", { api_key: "nope" }), 403, "json");
  });

  test("the public events of public requests since a time, with the state at each, oldest first", async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const row = await getDb().request.findUniqueOrThrow({ where: { number: numbers.published } });
    await transitionRequest({ requestId: row.id, to: "IN_PROGRESS", actor: { type: "STAFF", id: staffId } });
    await transitionRequest({
      requestId: row.id,
      to: "RESOLVED",
      actor: { type: "STAFF", id: staffId },
      resultCode: "RESOLVED_POSITIVELY",
      publicAnswer: "Яму залатано.",
    });
    const priv = await getDb().request.findUniqueOrThrow({ where: { number: numbers.private } });
    await transitionRequest({ requestId: priv.id, to: "IN_PROGRESS", actor: { type: "STAFF", id: staffId } });

    const xml = await get("servicerequestupdates.xml", { api_key: apiKey, start_date: before });
    expect(xml.status, xml.body).toBe(200);
    expect(xml.type).toBe(XML);
    expect(xml.xml.name).toBe("service_requests_updates");
    const updates = kids(xml.xml, "request_update");
    expect(updates.map((u) => val(u, "service_request_id"))).not.toContain(numbers.private);
    const mine = updates.filter((u) => val(u, "service_request_id") === numbers.published);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    const statuses = mine.map((u) => val(u, "status"));
    expect(statuses[0]).toBe("open");
    expect(statuses[statuses.length - 1]).toBe("closed");
    for (const u of mine) {
      expect(val(u, "update_id")).toMatch(/^\d+$/);
      expect(val(u, "updated_datetime")).toMatch(W3C);
      expect(val(u, "description").length).toBeGreaterThan(3);
      one(u, "media_url");
    }
    const ids = mine.map((u) => Number(val(u, "update_id")));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    const json = await get("servicerequestupdates.json", { api_key: ENV_KEY, start_date: before, lang: "en" });
    expect(json.type).toBe(JSON_TYPE);
    const list = json.json as { update_id: unknown; service_request_id: string; status: string; description: string }[];
    expect(list.filter((u) => u.service_request_id === numbers.published).map((u) => u.status)).toEqual(statuses);
    for (const u of list) expect(typeof u.update_id).toBe("string");
    // A window that ended before them has none of them.
    const earlier = await get("servicerequestupdates.json", { api_key: apiKey, end_date: before });
    expect((earlier.json as { update_id: string }[]).map((u) => u.update_id)).not.toContain(val(mine[mine.length - 1]!, "update_id"));
    expectError(await get("servicerequestupdates.xml", { api_key: apiKey, start_date: "soon" }), 400, "xml", /start_date/);
  });
});

describe("addresses and formats", () => {
  test("an unknown method or format is a 404; POST to a read-only method a 400; another jurisdiction a 404", async () => {
    expectError(await get("services.csv"), 404, "xml");
    expectError(await get("services"), 404, "xml");
    expectError(await get("nothing.json"), 404, "json");
    expectError(await get("discovery/extra.xml"), 404, "xml");
    expectError(await post("services.json", { api_key: apiKey }), 400, "json");
    expectError(await post(`requests/${numbers.published}.xml`, { api_key: apiKey }), 400, "xml");
    for (const path of ["services.xml", "requests.xml", "servicerequestupdates.xml", "discovery.xml"])
      expectError(await get(path, { jurisdiction_id: "kyiv", api_key: apiKey }), 404, "xml", /kyiv/);
    expectError(await get("services.json", { jurisdiction_id: "kyiv" }), 404, "json");
  });
});

describe("a FixMyStreet-style client (XML only, api_key on POST and on GET updates, jurisdiction_id)", () => {
  test("lists services, reads a definition, files a request, reads it back and polls updates", async () => {
    const j = { jurisdiction_id: JURISDICTION };
    const services = await get("services.xml", j);
    expect(services.type).toBe(XML);
    const code = kids(services.xml, "service")
      .map((s) => val(s, "service_code"))
      .find((c) => c === "POT01")!;
    const def = await get(`services/${code}.xml`, j);
    const required = kids(one(def.xml, "attributes"), "attribute")
      .filter((a) => val(a, "required") === "true")
      .map((a) => val(a, "code"));
    expect(required).toEqual(["depth"]);
    const filed = await post("requests.xml", {
      ...j,
      api_key: apiKey,
      service_code: code,
      lat: "48.8601",
      long: "37.6102",
      description: "Яма біля зупинки\n\nhttps://fixmystreet.example/report/991",
      first_name: PERSON.first_name,
      last_name: PERSON.last_name,
      email: PERSON.email,
      phone: PERSON.phone,
      "attribute[depth]": "20",
      "attribute[title]": "Яма",
      "attribute[report_url]": "https://fixmystreet.example/report/991",
      media_url: "https://fixmystreet.example/photo/991.jpeg",
    });
    expect(filed.status, filed.body).toBe(201);
    expect(filed.type).toBe(XML);
    const id = val(one(filed.xml, "request"), "service_request_id");
    const back = await get("requests.xml", { ...j, service_request_id: id });
    expect(val(one(back.xml, "request"), "status")).toBe("open");
    const updates = await get("servicerequestupdates.xml", {
      ...j,
      api_key: apiKey,
      start_date: new Date(Date.now() - 3_600_000).toISOString(),
      end_date: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(updates.status).toBe(200);
    expect(kids(updates.xml, "request_update").some((u) => val(u, "service_request_id") === id)).toBe(true);
  });
});

describe("keys in admin", () => {
  test("an administrator issues a key shown once and revokes it; others are refused; both are audited", async () => {
    const { adminCookie, operatorCookie } = await createAdminAndOperator();
    const issued = asResult(await adminAction(args(postRequest("/admin/open311", adminCookie, { intent: "issue", name: "Мобільний застосунок" }))));
    expect(issued.data.ok).toBe(true);
    const key = (issued.data as unknown as { issued: { key: string } }).issued.key;
    expect(key).toMatch(/^o311_/);
    expect((await post("requests.xml", potholeForm({ api_key: key, device_id: "dev-admin" }))).status).toBe(201);
    const page = (await adminLoader(args(getRequest("/admin/open311", adminCookie)))) as {
      clients: { id: string; name: string; keyPrefix: string; lastUsedAt: Date | null }[];
      envKeyCount: number;
    };
    const client = page.clients.find((c) => c.name === "Мобільний застосунок")!;
    expect(key.startsWith(client.keyPrefix)).toBe(true);
    expect(client.keyPrefix.length).toBeLessThan(key.length / 2);
    expect(client.lastUsedAt).not.toBeNull();
    expect(page.envKeyCount).toBe(1);
    expect(JSON.stringify(page)).not.toContain(key);
    expect((await lastAudit("open311.key-issued"))?.entityId).toBe(client.id);

    const empty = asResult(await adminAction(args(postRequest("/admin/open311", adminCookie, { intent: "issue", name: "" }))));
    expect(empty.data.ok).toBe(false);
    expect(empty.init?.status).toBe(400);

    expect((await thrown(adminAction(args(postRequest("/admin/open311", operatorCookie, { intent: "revoke", clientId: client.id }))))).status).toBe(403);
    expect((await thrown(adminLoader(args(getRequest("/admin/open311", operatorCookie))))).status).toBe(403);
    const revoked = asResult(await adminAction(args(postRequest("/admin/open311", adminCookie, { intent: "revoke", clientId: client.id }))));
    expect(revoked.data.ok).toBe(true);
    expect((await lastAudit("open311.key-revoked"))?.entityId).toBe(client.id);
    expectError(await post("requests.xml", potholeForm({ api_key: key, device_id: "dev-admin-2" })), 403, "xml");
    const unknown = asResult(await adminAction(args(postRequest("/admin/open311", adminCookie, { intent: "revoke", clientId: "not-an-id" }))));
    expect(unknown.init?.status).toBe(404);
  });
});

describe("media_url", () => {
  test("a published request's photo is its media_url and loads; an unpublished one's never leaves", async () => {
    const photoOf = async (number: string) => {
      const row = await getDb().request.findUniqueOrThrow({ where: { number }, select: { id: true } });
      const photos = await preparePhotos({ files: [new File([tinyPng().slice().buffer as ArrayBuffer], "p.png", { type: "image/png" })] });
      return (await storeAttachments({ requestId: row.id, photos }))[0]!.id;
    };
    const shown = await photoOf(numbers.published!);
    const hidden = await photoOf(numbers.unpublished!);
    const json = jsonList(await get("requests.json", { service_request_id: `${numbers.published},${numbers.unpublished}` }));
    const media = Object.fromEntries(json.map((r) => [r.service_request_id, r.media_url]));
    expect(media[numbers.published!]).toBe(`http://localhost:3000/problems/${numbers.published}/photos/${shown}`);
    expect(media[numbers.unpublished!]).toBeNull();
    const xml = one((await get(`requests/${numbers.published}.xml`)).xml, "request");
    expect(val(xml, "media_url")).toBe(media[numbers.published!]);
    const url = new URL(media[numbers.published!] as string);
    const served = (await photoLoader({
      request: new Request(url),
      params: { number: numbers.published!, id: shown },
      context: {},
    } as never)) as Response;
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(answered.some((body) => body.includes(hidden))).toBe(false);
  });
});

describe("keys from the environment", () => {
  test("a key shorter than 16 characters in OPEN311_API_KEYS stops the process from starting, naming the variable", () => {
    const kept = process.env.OPEN311_API_KEYS;
    process.env.OPEN311_API_KEYS = `${ENV_KEY},short`;
    resetEnvForTests();
    try {
      expect(() => getEnv()).toThrow(/OPEN311_API_KEYS: every key needs at least 16 characters/);
    } finally {
      process.env.OPEN311_API_KEYS = kept;
      resetEnvForTests();
    }
    expect(getEnv().OPEN311_API_KEYS).toContain(ENV_KEY);
  });
});

describe("no personal data leaves", () => {
  test("no answer of this file held a name, phone, e-mail, unpublished words or place, or a private request", async () => {
    // Sanity: the scan covers many answers of every method.
    expect(answered.length).toBeGreaterThan(100);
    const forbidden = [
      "Оксана",
      "Приватенко",
      "671234567",
      "privatenko",
      "same@example",
      "Same@Example",
      "Петро",
      "Таємний",
      "501112233",
      "991234500",
      "ТАЄМНИЙ-ОПИС-7731",
      "Таємна",
      String(SECRET_POINT.lat),
      String(SECRET_POINT.lon),
      "ПРИВАТНИЙ-ЗАПИТ-4412",
      numbers.private,
      numbers.merged,
    ];
    for (const body of answered) for (const f of forbidden) expect(body.includes(f), `${f} in ${body.slice(0, 300)}`).toBe(false);
  });
});
