// The inbox search's hard patterns: text made of common trigrams («буд. 17,»), words that
// exist but not together or not within the other filters, parts of words next to whole
// words, and queries with nothing to search for. Requests are created through the core and
// the inbox is read through the page's own loader. The plans are checked on a few
// thousand generated requests after ANALYZE, where the planner has real statistics.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { buildInboxWhere } from "#app/domain/inbox/inbox-where.server.ts";
import { searchWordsOf } from "#app/domain/inbox/search-words.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import InboxPage, { loader as inboxLoader } from "#app/routes/staff+/inbox.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity } from "#tests/factories/org.ts";
import { signInAs, type SignedIn } from "#tests/factories/staff-session.ts";
import { renderPage, textOf } from "./inbox-render.ts";

let operator: SignedIn;
const numbers: Record<string, string> = {};

async function search(q: string, filters = "") {
  const url = `http://localhost:3000/staff/inbox?q=${encodeURIComponent(q)}${filters}`;
  const data = (await inboxLoader({ request: new Request(url, { headers: { Cookie: operator.cookie } }), params: {}, context: {} } as never)) as Awaited<
    ReturnType<typeof inboxLoader>
  >;
  return { numbers: data.rows.map((r) => r.number).sort(), data };
}

/** Many requests the way a city writes them: a phrase, a street, a house number (1–600). */
async function fillTable(rows: number) {
  const streets = ["вул. Шевченка", "вул. Банківська", "вул. Свободи", "пл. Соборна", "вул. Торська"];
  const phrases = ["Немає холодної води", "Не працює ліфт", "Яма на дорозі", "Не вивезли сміття"];
  const combos = phrases.flatMap((p) => streets.map((s) => searchWordsOf(`${p}, ${s}, буд.`).join(" ")));
  const tag = randomUUID().slice(0, 8);
  await getDb().$executeRawUnsafe(
    `INSERT INTO "Request" (id, number, channel, description, address, "searchWords", status, routed, "accessTokenHash", "dueAt", "receivedAt", "updatedAt")
     SELECT gen_random_uuid(), 'BENCH-${tag}-' || g, (ARRAY['TELEGRAM','SMS','VOICE'])[1 + g % 3]::"Channel",
            p.p[1 + g % 4] || ', ' || p.s[1 + (g / 4) % 5] || ', буд. ' || (1 + g % 600),
            p.s[1 + (g / 4) % 5] || ', ' || (1 + g % 600),
            string_to_array(p.w[1 + (g % 4) * 5 + (g / 4) % 5] || ' ' || (1 + g % 600), ' '),
            (ARRAY['CLOSED','ASSIGNED','IN_PROGRESS'])[1 + g % 3]::"RequestStatus", true, md5('${tag}' || g),
            now() + make_interval(mins => g % 10000), now() - make_interval(mins => g % 10000), now()
     FROM generate_series(1, ${rows}) AS g, (SELECT $1::text[] AS p, $2::text[] AS s, $3::text[] AS w) AS p`,
    phrases,
    streets,
    combos,
  );
  await getDb().$executeRawUnsafe(`ANALYZE "Request"`);
}

async function plan(sql: string, ...params: unknown[]): Promise<string> {
  const rows = await getDb().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${sql}`, ...params);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

beforeAll(async () => {
  await createSmallCity();
  operator = await signInAs("OPERATOR");
  await fillTable(60_000);
  const submit = async (key: string, input: Parameters<typeof submitRequest>[0]) => {
    numbers[key] = (await submitRequest(input)).request.number;
  };
  await submit("house17", { channel: "WEB", description: "Тече дах над під'їздом", address: "вул. Шевченка, буд. 17, кв. 4" });
  await submit("house170", { channel: "WEB", description: "Не горить ліхтар, вул. Гончарова, буд. 170", address: "вул. Гончарова, 170" });
  await submit("sms", { channel: "SMS", description: "Сміття біля буд. 17 на Гончарова не вивозять" });
});

describe("the search's hard patterns", () => {
  it("finds «буд. 17,» by its whole words: house 17, not 170", async () => {
    const { numbers: found, data } = await search("буд. 17,", "&channel=WEB");
    expect(found).toEqual([numbers.house17]);
    expect(data.searchTooShort).toBe(false);
  });

  it("finds nothing when the words exist but not together or not within the filters", async () => {
    // Every word is common; no request has all of them within the filter (the old search
    // then looked for the whole text as a part of the description, a scan of most rows).
    expect((await search("буд. 17,", "&channel=OPEN311")).numbers).toEqual([]);
    expect((await search("Шевченка, буд. 170", "&channel=WEB")).numbers).toEqual([]);
  });

  it("finds nothing, without walking the table, for common words that never occur together", async () => {
    // «ліфт» and «води» are each in a quarter of the requests, never in the same one. Taken
    // as independent, they would be in thousands, and the planner would walk the deadline
    // order looking for a page of them: through the whole table, seconds on a million.
    const { numbers: found } = await search("ліфт води");
    expect(found).toEqual([]);
    const actor = await getDb().staffUser.findUniqueOrThrow({ where: { id: operator.user.id } });
    const noFilters = { open: false, beneficiary: false, overdue: false, dueSoon: false };
    const { where } = await buildInboxWhere({ actor, filters: { ...noFilters, q: "ліфт води" }, now: new Date() });
    expect(JSON.stringify(where)).not.toContain("hasEvery");
    // Words that are often together stay a condition the planner walks the order with.
    const dense = await buildInboxWhere({ actor, filters: { ...noFilters, q: "не працює ліфт" }, now: new Date() });
    expect(JSON.stringify(dense.where)).toContain("hasEvery");
    expect((await search("не працює ліфт")).numbers.length).toBe(50);
  });

  it("matches a part of a word next to whole words, in any order", async () => {
    expect((await search("вченк", "&channel=WEB")).numbers).toEqual([numbers.house17]);
    expect((await search("ончаров 17")).numbers).toEqual([numbers.sms]);
    expect((await search("буд. 17, ончаров", "&channel=SMS")).numbers).toEqual([numbers.sms]);
  });

  it("says a query with nothing to search for is too short, in the operator's language", async () => {
    for (const q of ["т", "д.", ". ,", "—"]) {
      const { numbers: found, data } = await search(q);
      expect(found, q).toEqual([]);
      expect(data.searchTooShort, q).toBe(true);
    }
    const uk = textOf(await renderPage({ loader: inboxLoader, default: InboxPage } as never, `/staff/inbox?q=${encodeURIComponent("д.")}`, operator.cookie));
    expect(uk).toContain("Запит закороткий: введіть слово щонайменше з 2 літер або цифри номера.");
    const en = textOf(
      await renderPage({ loader: inboxLoader, default: InboxPage } as never, `/staff/inbox?lang=en&q=${encodeURIComponent("д.")}`, operator.cookie),
    );
    expect(en).toContain("The query is too short: type a word of at least 2 letters, or digits of a number.");
    // Two letters that are a word are a search.
    expect((await search("ліфт")).data.searchTooShort).toBe(false);
  });

  it("looks «буд. 17,» up through the word index, never by a scan of the table", async () => {
    // What the search runs for it: whether the rarer word exists at all, through the GIN
    // index alone, and then the page within the filters with the words as the condition.
    const exists = await plan(
      `WITH m AS MATERIALIZED (SELECT 1 AS one FROM "Request" WHERE "searchWords" @> ARRAY[$1]::text[]) SELECT one FROM m LIMIT 1`,
      "17",
    );
    expect(exists).toContain("Request_searchWords_idx");
    expect(exists).not.toContain("Seq Scan");
    const page = await plan(
      `SELECT id FROM "Request" WHERE "searchWords" @> $1::text[] AND channel = 'SMS' AND status IN ('NEW', 'ASSIGNED')
       ORDER BY "dueAt" ASC NULLS LAST, id ASC LIMIT 51`,
      searchWordsOf("буд. 17,"),
    );
    expect(page).toContain("Request_searchWords_idx");
    expect(page).not.toContain("Seq Scan");
    // The text as a part of the description, which the old search fell back to, is no
    // longer what the words of «буд. 17,» produce.
    expect(searchWordsOf("буд. 17,")).toEqual(["буд", "17"]);
  });
});
