// Fuzz: the Open311 server (/open311/v2/*) fed seeded hostile input — odd addresses and
// suffixes, query strings over every filter it reads, POST bodies that are not forms or carry
// broken values. None may answer 5xx or hang, and every answer, refusals included, is in one
// of the two formats the standard allows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueOpen311Key } from "#app/domain/open311/open311-keys.server.ts";
import { action, loader } from "#app/routes/open311+/v2.$.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity, createStaff } from "#tests/factories/org.ts";
import {
  BASE,
  encodeQueryValue,
  fc,
  FuzzStats,
  formRequest,
  fuzz,
  getRequest,
  hostileForm,
  hostileHeaders,
  hostileQuery,
  hostileText,
  withLang,
} from "./harness.ts";

const stats = new FuzzStats();
const TYPES = ["text/xml; charset=utf-8", "application/json; charset=utf-8"];
let apiKey = "";
const wrongTypes: string[] = [];

const FILTERS = ["service_request_id", "service_code", "start_date", "end_date", "status", "page", "page_size", "jurisdiction_id", "api_key", "lang"];
const POST_FIELDS = [
  "api_key",
  "service_code",
  "lat",
  "long",
  "address_string",
  "address_id",
  "description",
  "email",
  "phone",
  "first_name",
  "last_name",
  "device_id",
  "account_id",
  "media_url",
  "jurisdiction_id",
  "attribute[depth]",
  "attribute[hazards][]",
];

const path = fc.oneof(
  fc.constantFrom(
    "services.xml",
    "services.json",
    "requests.xml",
    "requests.json",
    "servicerequestupdates.xml",
    "discovery.json",
    "tokens/x.xml",
    "services/POT01.json",
    "requests/SLV-2026-000001.xml",
  ),
  fc
    .tuple(
      fc.constantFrom("services", "requests", "tokens", "servicerequestupdates", "discovery", ""),
      hostileText,
      fc.constantFrom(".xml", ".json", "", ".XML", ".csv"),
    )
    .map(([r, id, fmt]) => `${r}/${id}${fmt}`),
  hostileText,
);

async function run(request: Request, p: string, fn: typeof loader | typeof action) {
  const response = (await fn({ request, params: { "*": p }, context: {} } as never)) as Response;
  const type = response.headers.get("content-type") ?? "";
  if (!TYPES.includes(type)) wrongTypes.push(`${response.status} ${type} for ${p.slice(0, 80)}`);
  return response;
}

beforeAll(async () => {
  const city = await createSmallCity();
  await getDb().category.update({
    where: { id: city.pothole.id },
    data: {
      open311Code: "POT01",
      extraQuestions: [
        { code: "depth", variable: true, datatype: "number", required: true, order: 1, descriptionUk: "Глибина", descriptionEn: "Depth" },
        {
          code: "hazards",
          variable: true,
          datatype: "multivaluelist",
          required: false,
          order: 2,
          descriptionUk: "Небезпеки",
          descriptionEn: "Hazards",
          values: [{ key: "cars", nameUk: "Авто", nameEn: "Cars" }],
        },
      ],
    },
  });
  const admin = await createStaff({ role: "ADMIN" });
  apiKey = (await issueOpen311Key({ actorId: admin.id, name: "fuzz" })).key;
});

afterAll(() => {
  console.log(stats.table("Open311 fuzz"));
});

describe("Open311 under hostile input", () => {
  it("GET: any address and query string is answered below 500, in XML or JSON", async () => {
    const input = fc.record({
      p: path,
      query: hostileQuery(FILTERS, { base: { start_date: "2026-01-01T00:00:00+02:00", end_date: "2026-02-01T00:00:00+02:00", page: "1" } }),
      h: hostileHeaders,
    });
    await fuzz(stats, "GET /open311/v2/*", input, 250, ({ p, query, h }, signal) =>
      run(getRequest(`${BASE}/open311/v2/${p.split("/").map(encodeQueryValue).join("/")}?${withLang(query, h)}`, h, { signal }), p, loader),
    );
    expect(stats.summary("GET /open311/v2/*")).toBe("");
  }, 120_000);

  it("POST requests: any body is answered below 500, in XML or JSON", async () => {
    const base = { api_key: apiKey, service_code: "POT01", lat: "48.85", long: "37.6", "attribute[depth]": "3", description: "Яма" };
    const input = fc.record({ fmt: fc.constantFrom("requests.xml", "requests.json"), form: hostileForm(POST_FIELDS, {}, { base }) });
    await fuzz(stats, "POST /open311/v2/requests", input, 200, ({ fmt, form }, signal) =>
      run(formRequest(`${BASE}/open311/v2/${fmt}`, form, { signal }), fmt, action),
    );
    expect(stats.summary("POST /open311/v2/requests")).toBe("");
    expect(wrongTypes).toEqual([]);
  }, 180_000);
});
