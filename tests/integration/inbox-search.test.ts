// The staff inbox's search box: number tails, citizens by name or phone (audited, within
// the searcher's visibility), address words, Ukrainian word forms, partial words, and a
// minimum length. Requests are created through the core; the inbox is read through the
// page's own loader, as an operator's browser would.
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { searchWordsOf } from "#app/domain/inbox/search-words.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { loader as exportLoader } from "#app/routes/staff+/export.ts";
import { loader as inboxLoader } from "#app/routes/staff+/inbox.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { signInAs } from "#tests/factories/staff-session.ts";
import { DESCRIPTIONS, UNCATEGORISED } from "#prisma/seed/demo-texts.ts";

const BASE = "http://localhost:3000";
type City = Awaited<ReturnType<typeof createSmallCity>>;
let city: City;
const cookies: Record<string, string> = {};
const users: Record<string, string> = {};
const numbers: Record<string, string> = {};

const args = (request: Request) => ({ request, params: {}, context: {} }) as never;
const get = (who: string, path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookies[who]! } });

async function search(who: string, q: string) {
  const data = (await inboxLoader(args(get(who, `/staff/inbox?q=${encodeURIComponent(q)}`)))) as Awaited<ReturnType<typeof inboxLoader>>;
  return { numbers: data.rows.map((r) => r.number).sort(), data };
}

/** The year's next number will be last + 1 (its sequence made first, as the first request of a year does). */
async function setCounter(year: number, last: number) {
  await getDb().$queryRaw`SELECT slv_next_request_number(${year}::int)`;
  await getDb().$queryRawUnsafe(`SELECT setval('request_number_${year}', ${last})`);
}

beforeAll(async () => {
  city = await createSmallCity();
  for (const [k, role, dep] of [
    ["operator", "OPERATOR", undefined],
    ["waterOfficer", "DEPARTMENT_OFFICER", "water"],
    ["heatingOfficer", "DEPARTMENT_OFFICER", "heating"],
  ] as const) {
    const { user, cookie } = await signInAs(role, { departmentId: dep ? city[dep].id : undefined });
    users[k] = user.id;
    cookies[k] = cookie;
  }
  const submit = async (key: string, input: Parameters<typeof submitRequest>[0]) => {
    const r = await submitRequest(input);
    numbers[key] = r.request.number;
  };
  // Two years' request 309 and a 3309 that must not match «309».
  await setCounter(2025, 308);
  await submit("y2025n309", { channel: "WEB", description: "Яма на дорозі", receivedAt: new Date("2025-06-01T09:00:00Z") });
  await setCounter(2026, 308);
  await submit("y2026n309", {
    channel: "WEB",
    categoryCode: "water.no-water",
    description: "Прорвало трубу у підвалі, тече вода",
    address: "вул. Шевченка, буд. 17, кв. 4",
    location: POINTS.centre,
    citizen: { fullName: "Петро Коваленко", phone: "067 123 45 67" },
  });
  await setCounter(2026, 3308);
  await submit("n3309", {
    channel: "WEB",
    categoryCode: "heating.no-heating",
    description: "Ліхтарі не горять уздовж двору",
    address: "просп. Захисників України, 3",
    location: POINTS.centre,
    citizen: { fullName: "Олена Мельник", phone: "+380509876543" },
  });
  await submit("other", { channel: "WEB", description: "Сміття не вивезли, буд. 170", address: "вул. Банківська, 170" });
});

describe("inbox search", () => {
  it("finds a request by its number's tail, with or without the leading zeros, in every year", async () => {
    expect((await search("operator", "309")).numbers).toEqual([numbers.y2025n309, numbers.y2026n309].sort());
    expect((await search("operator", "000309")).numbers).toEqual([numbers.y2025n309, numbers.y2026n309].sort());
    expect((await search("operator", "3309")).numbers).toEqual([numbers.n3309]);
    expect((await search("operator", numbers.y2026n309!)).numbers).toEqual([numbers.y2026n309]);
  });

  it("finds a citizen's requests by name or by a phone in any format, audited without the value in clear", async () => {
    const before = await getDb().auditLog.count({ where: { actorId: users.operator, action: "requests.searched" } });
    expect((await search("operator", "Коваленко")).numbers).toEqual([numbers.y2026n309]);
    for (const phone of ["067 123 45 67", "+380671234567", "0671234567", "1234567", "(067) 123-45-67"]) {
      expect((await search("operator", phone)).numbers, phone).toEqual([numbers.y2026n309]);
    }
    const audits = await getDb().auditLog.findMany({
      where: { actorId: users.operator, action: "requests.searched" },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.length - before).toBeGreaterThanOrEqual(6);
    const kinds = audits.map((a) => (a.data as { kind: string }).kind);
    expect(kinds).toContain("name");
    expect(kinds).toContain("phone");
    const text = JSON.stringify(audits.map((a) => a.data));
    expect(text).not.toContain("Коваленко");
    expect(text).not.toContain("1234567");
    expect(text).not.toContain("123 45 67");
  });

  it("finds a citizen only within the searcher's own queue", async () => {
    expect((await search("waterOfficer", "Коваленко")).numbers).toEqual([numbers.y2026n309]);
    expect((await search("heatingOfficer", "Мельник")).numbers).toEqual([numbers.n3309]);
    // The heating request is not the water department's.
    expect((await search("waterOfficer", "Мельник")).numbers).toEqual([]);
    expect((await search("waterOfficer", "0509876543")).numbers).toEqual([]);
  });

  it("finds a request by a word of its address", async () => {
    expect((await search("operator", "Шевченка")).numbers).toEqual([numbers.y2026n309]);
    expect((await search("operator", "Захисників")).numbers).toEqual([numbers.n3309]);
  });

  it("finds other forms of a Ukrainian word", async () => {
    expect((await search("operator", "труба")).numbers).toEqual([numbers.y2026n309]);
    expect((await search("operator", "ліхтар")).numbers).toEqual([numbers.n3309]);
    expect((await search("operator", "ліхтарі не горять")).numbers).toEqual([numbers.n3309]);
  });

  it("finds whole words with a number («буд. 17,») and a part of a word", async () => {
    expect((await search("operator", "буд. 17,")).numbers).toEqual([numbers.y2026n309]);
    expect((await search("operator", "вченк")).numbers).toEqual([numbers.y2026n309]);
  });

  it("says a one-letter query is too short instead of searching", async () => {
    const { data, numbers: found } = await search("operator", "т");
    expect(found).toEqual([]);
    expect(data.searchTooShort).toBe(true);
  });

  it("keeps a phone out of the audit of a CSV export of a search", async () => {
    const res = (await exportLoader(args(get("operator", `/staff/export?q=${encodeURIComponent("0671234567")}`)))) as Response;
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(numbers.y2026n309);
    const exported = await getDb().auditLog.findFirstOrThrow({
      where: { actorId: users.operator, action: "requests.exported" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.stringify(exported.data)).not.toContain("1234567");
  });

  it("filled earlier requests' words in the migration exactly as the core writes them", async () => {
    // The migration carries a SQL copy of searchWordsOf for the requests that existed before
    // the column; both must read every text the same way.
    const dir = readdirSync("prisma/migrations").find((d) => d.endsWith("_inbox_search"))!;
    const sql = readFileSync(`prisma/migrations/${dir}/migration.sql`, "utf8");
    const fn = sql.slice(sql.indexOf("CREATE FUNCTION"), sql.indexOf("END $$;") + "END $$;".length);
    const texts = [
      "Прорвало трубу у підвалі, тече вода",
      "вул. Шевченка, буд. 17, кв. 4",
      "НЕМАЄ води в під'їзді 007, Нет отопления! Street 5a",
      "Їжак ґанок ЄВРОПА Ёлка объявление",
      ...Object.values(DESCRIPTIONS).flat(),
      ...UNCATEGORISED,
    ];
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(fn);
      for (const text of texts) {
        const { rows } = await client.query<{ w: string[] }>("SELECT pg_temp.slv_search_words($1) AS w", [text]);
        expect(rows[0]!.w, text).toEqual(searchWordsOf(text));
      }
    } finally {
      await client.end();
    }
  });
});
