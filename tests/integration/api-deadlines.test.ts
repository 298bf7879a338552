import { beforeAll, describe, expect, test } from "vitest";
import { seedCalendar } from "#app/domain/calendar/seed-calendar.server.ts";
import { loader } from "#app/routes/api+/deadlines.ts";
import { getDb } from "#app/utils/db.server.ts";

type Body = { receivedAt: string; regime: string; clocks: { kind: string; label: string; dueAt: string }[] };

async function get(query: string) {
  const response = (await loader({ request: new Request(`http://x/api/deadlines?${query}`), params: {}, context: {} })) as Response;
  return { status: response.status, body: (await response.json()) as Body & { error?: string; field?: string } };
}
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const dueOf = (body: Body, kind: string) => body.clocks.find((c) => c.kind === kind)?.dueAt;

beforeAll(async () => {
  await seedCalendar({ years: [2026, 2027] });
  await getDb().category.create({
    data: { code: "lighting.street", nameUk: "Вуличне освітлення", nameEn: "Street lighting", slaAmount: 7, slaUnit: "CALENDAR_DAYS" },
  });
});

describe("GET /api/deadlines", () => {
  test("answers the six legal clocks in Ukrainian with Kyiv offsets", async () => {
    const { status, body } = await get(q({ receivedAt: "2026-08-09T12:00:00+03:00" }));
    expect(status).toBe(200);
    expect(body.receivedAt).toBe("2026-08-09T12:00:00.000+03:00");
    expect(body.regime).toBe("martial-law");
    expect(body.clocks.map((c) => c.kind)).toEqual(["appeal-15d", "appeal-1m", "appeal-max-45d", "info-5wd", "info-48h", "petition-10wd"]);
    for (const c of body.clocks) {
      expect(c.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[23]:00$/);
      expect(c.label).toMatch(/[а-яіїєґ]/i);
    }
    expect(dueOf(body, "appeal-15d")).toBe("2026-08-24T23:59:59.999+03:00");
    expect(dueOf(body, "info-48h")).toBe("2026-08-11T12:00:00.000+03:00");
    // 9 September 2026 is a Wednesday.
    expect(dueOf(body, "appeal-1m")).toBe("2026-09-09T23:59:59.999+03:00");
  });

  test("previewing peacetime moves a term off Independence Day", async () => {
    const { body } = await get(q({ receivedAt: "2026-08-09T12:00:00+03:00", regime: "peacetime" }));
    expect(body.regime).toBe("peacetime");
    expect(dueOf(body, "appeal-15d")).toBe("2026-08-25T23:59:59.999+03:00");
  });

  test("a category adds its operational term", async () => {
    const { status, body } = await get(q({ receivedAt: "2026-03-13T10:00:00Z", category: "lighting.street" }));
    expect(status).toBe(200);
    expect(body.clocks).toHaveLength(7);
    const sla = body.clocks[6]!;
    expect(sla.kind).toBe("sla");
    expect(sla.label).toContain("Вуличне освітлення");
    // Friday 13 March + 7 days = Friday 20 March.
    expect(sla.dueAt).toBe("2026-03-20T23:59:59.999+02:00");
  });

  test("English labels with lang=en", async () => {
    const { body } = await get(q({ receivedAt: "2026-03-13T10:00:00Z", category: "lighting.street", lang: "en" }));
    expect(body.clocks[0]!.label).toMatch(/^Appeal/);
    expect(body.clocks[6]!.label).toContain("Street lighting");
  });

  test("the default regime is the one in force at receipt", async () => {
    const { body } = await get(q({ receivedAt: "2021-06-01T10:00:00+03:00" }));
    expect(body.regime).toBe("peacetime");
  });

  test("a '+' left unencoded in the offset still reads as +", async () => {
    const { status, body } = await get("receivedAt=2026-08-09T12:00:00+03:00");
    expect(status).toBe(200);
    expect(body.receivedAt).toBe("2026-08-09T12:00:00.000+03:00");
  });

  test.each([
    ["missing", ""],
    ["without an offset", "receivedAt=2026-03-10T14:30:00"],
    ["an impossible date", `receivedAt=${encodeURIComponent("2026-02-30T10:00:00Z")}`],
    ["not ISO", "receivedAt=10.03.2026"],
    ["empty", "receivedAt="],
  ])("receivedAt %s → 400 naming receivedAt", async (_name, query) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(body.field).toBe("receivedAt");
    expect(body.error).toMatch(/\S/);
  });

  test("an unknown category → 400 naming category", async () => {
    const { status, body } = await get(q({ receivedAt: "2026-03-10T14:30:00Z", category: "no.such" }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ field: "category", error: "Такої категорії немає." });
    const odd = await get(q({ receivedAt: "2026-03-10T14:30:00Z", category: "<script>" }));
    expect(odd).toMatchObject({ status: 400, body: { field: "category" } });
  });

  test("a date beyond what the calendar covers → 400 naming receivedAt, never a 500; year 0099 is not read as 1999", async () => {
    for (const receivedAt of ["9999-12-31T23:59:59Z", "2101-01-01T00:00:00Z", "0099-06-01T12:00:00Z", "0001-01-01T00:00:00Z", "1995-12-31T12:00:00+02:00"]) {
      for (const extra of [{}, { regime: "peacetime" }, { category: "lighting.street" }] as Record<string, string>[]) {
        const { status, body } = await get(q({ receivedAt, ...extra }));
        expect(status, receivedAt).toBe(400);
        expect(body).toMatchObject({ field: "receivedAt", error: "Дата надходження має бути між 1996 і 2100 роками включно." });
      }
    }
    const { loader: pageLoader } = await import("#app/routes/deadlines.tsx");
    const page = await pageLoader({ request: new Request("http://x/deadlines?receivedAt=9999-12-31T23:59:59Z"), params: {}, context: {} });
    expect(page.error).toMatchObject({ field: "receivedAt" });
  });

  test("an unknown regime → 400 naming regime", async () => {
    const { status, body } = await get(q({ receivedAt: "2026-03-10T14:30:00Z", regime: "wartime" }));
    expect(status).toBe(400);
    expect(body.field).toBe("regime");
  });
});

describe("GET /deadlines (the public page)", () => {
  test("reads the form's date-time as Kyiv time and shows the clocks in Ukrainian", async () => {
    const { loader: pageLoader } = await import("#app/routes/deadlines.tsx");
    const data = await pageLoader({
      request: new Request("http://x/deadlines?receivedAt=2026-08-09T00:30&category=lighting.street&regime=peacetime"),
      params: {},
      context: {},
    });
    expect(data.error).toBeNull();
    expect(data.form.receivedAt).toBe("2026-08-09T00:30");
    expect(data.categories).toContainEqual({ code: "lighting.street", name: "Вуличне освітлення" });
    expect(data.result?.regime).toBe("peacetime");
    const appeal15 = data.result?.clocks.find((c) => c.kind === "appeal-15d");
    expect(appeal15?.dueAt).toBe("2026-08-25T23:59:59.999+03:00");
    expect(appeal15?.display).toMatch(/вівторок, 25\.08\.2026/);
  });

  test("shows a plain error next to the field instead of failing", async () => {
    const { loader: pageLoader } = await import("#app/routes/deadlines.tsx");
    const bad = await pageLoader({ request: new Request("http://x/deadlines?receivedAt=2026-02-30T10:00&lang=en"), params: {}, context: {} });
    expect(bad.result).toBeNull();
    expect(bad.error).toMatchObject({ field: "receivedAt" });
    const unknown = await pageLoader({ request: new Request("http://x/deadlines?receivedAt=2026-03-10T10:00&category=nope"), params: {}, context: {} });
    expect(unknown.error).toMatchObject({ field: "category", message: "Такої категорії немає." });
  });
});
