// Fills a separate database with BENCH_ROWS requests (default 1,000,000) for the console
// benchmarks: realistic spread over statuses, categories, departments, districts, channels
// and two years, Ukrainian descriptions from phrases × streets × house numbers.
// Idempotent: tops the table up to the wanted size; the database is kept between runs
// (drop it with BENCH_FRESH=1). Every request with a running clock gets its SLA deadline, in
// the state a running installation has it in (warned and breached once their time passed).
// Used by bench/inbox.bench.ts and the console and sweep rows of `npm run bench`
// (bench/run.ts); the sweep's database has open requests only (`openOnly`).
import "dotenv/config";
import pg from "pg";
import { searchWordsOf } from "#app/domain/inbox/search-words.ts";

export const BENCH_DB_URL = process.env.BENCH_1M_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/slv_bench_1m";

const PHRASES = [
  "Немає холодної води",
  "Не працює вуличний ліхтар",
  "Яма на дорозі",
  "Холодні батареї у квартирі",
  "Не вивезли сміття",
  "Протікає дах",
  "Не працює ліфт",
  "Впало дерево",
  "Відкритий каналізаційний люк",
  "Зачинене укриття",
  "Безпритульні собаки",
  "Прорив труби",
];
const STREETS = [
  "вул. Шевченка",
  "вул. Банківська",
  "вул. Університетська",
  "вул. Василівська",
  "пл. Соборна",
  "вул. Центральна",
  "вул. Свободи",
  "вул. Вчительська",
  "вул. Гончарова",
  "вул. Торська",
];

const ALL_STATUSES = [
  "CLOSED",
  "CLOSED",
  "CLOSED",
  "CLOSED",
  "CLOSED",
  "CLOSED",
  "RESOLVED",
  "IN_PROGRESS",
  "ASSIGNED",
  "NEW",
  "WAITING_CITIZEN",
  "RETURNED",
  "REJECTED",
];
const OPEN_STATUSES = ["NEW", "ASSIGNED", "IN_PROGRESS", "WAITING_CITIZEN", "RETURNED"];

export async function seedMillion(options: { rows: number; log?: (line: string) => void; url?: string; openOnly?: boolean }) {
  const log = options.log ?? console.log;
  const url = new URL(options.url ?? BENCH_DB_URL);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const a = new pg.Client({ connectionString: admin.toString() });
  await a.connect();
  if (process.env.BENCH_FRESH === "1") await a.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
  const exists = await a.query("SELECT 1 FROM pg_database WHERE datname = $1", [url.pathname.slice(1)]);
  if (!exists.rowCount) await a.query(`CREATE DATABASE "${url.pathname.slice(1)}"`);
  await a.end();

  process.env.DATABASE_URL = url.toString();
  const { migrateDatabase } = await import("#app/utils/migrate.server.ts");
  await migrateDatabase({ url: url.toString() });
  const { seedDatabase } = await import("#prisma/seed/seed-database.server.ts");
  await seedDatabase({ withDemoRequests: false, withDemoStaff: true });

  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  const have = Number((await c.query(`SELECT count(*)::int AS n FROM "Request"`)).rows[0].n);
  const need = options.rows - have;
  if (need <= 0) {
    log(`bench database already holds ${have.toLocaleString("en")} requests`);
    await seedDeadlines(c, log);
    await c.end();
    return { rows: have, seededNow: 0, seconds: 0 };
  }
  log(`seeding ${need.toLocaleString("en")} requests into ${url.pathname.slice(1)} …`);
  const t0 = performance.now();
  const batch = 200_000;
  // The search words the core would write for each phrase × street (the house number, the
  // same in the description and the address, is added per row).
  const combos = PHRASES.flatMap((p) => STREETS.map((s) => searchWordsOf(`${p}, ${s}, буд.`).join(" ")));
  for (let start = have; start < options.rows; start += batch) {
    const end = Math.min(options.rows, start + batch);
    await c.query(
      `
      WITH cats AS (SELECT array_agg(c.id ORDER BY c.code) AS ids, array_agg(c."departmentId" ORDER BY c.code) AS deps
                    FROM "Category" c WHERE NOT EXISTS (SELECT 1 FROM "Category" k WHERE k."parentId" = c.id)),
           dists AS (SELECT array_agg(id ORDER BY code) AS ids FROM "District"),
           phrases AS (SELECT $3::text[] AS p, $4::text[] AS s, $5::text[] AS w)
      INSERT INTO "Request" (id, number, channel, "externalId", description, lat, lon, address, "searchWords", "districtId", "categoryId",
                             "departmentId", status, routed, "accessTokenHash", "isBeneficiary", "dueAt", "receivedAt", "createdAt", "updatedAt")
      SELECT gen_random_uuid(),
             'SLV-' || (2025 + (g % 2)) || '-' || lpad((g + 1)::text, 7, '0'),
             (ARRAY['WEB','TELEGRAM','SMS','VOICE','PHONE_OPERATOR'])[1 + g % 5]::"Channel",
             NULL,
             phrases.p[1 + (g * 7) % 12] || ', ' || phrases.s[1 + (g * 13) % 10] || ', буд. ' || (1 + g % 180),
             48.83 + ((g * 37) % 1000) / 20000.0, 37.57 + ((g * 53) % 1000) / 15000.0,
             phrases.s[1 + (g * 13) % 10] || ', ' || (1 + g % 180),
             string_to_array(phrases.w[1 + ((g * 7) % 12) * 10 + (g * 13) % 10] || ' ' || (1 + g % 180), ' '),
             dists.ids[1 + g % array_length(dists.ids, 1)],
             cats.ids[1 + (g * 11) % array_length(cats.ids, 1)],
             cats.deps[1 + (g * 11) % array_length(cats.ids, 1)],
             ($6::text[])[1 + g % array_length($6::text[], 1)]::"RequestStatus",
             true,
             md5('bench' || g),
             g % 17 = 0,
             now() - make_interval(secs => (g % 63072000)) + interval '7 days',
             now() - make_interval(secs => (g % 63072000)),
             now() - make_interval(secs => (g % 63072000)),
             now()
      FROM generate_series($1::int, $2::int - 1) AS g, cats, dists, phrases`,
      [start, end, PHRASES, STREETS, combos, options.openOnly ? OPEN_STATUSES : ALL_STATUSES],
    );
    log(`  … ${end.toLocaleString("en")}`);
  }
  // Closed and rejected requests have no running clock.
  await c.query(`UPDATE "Request" SET "dueAt" = NULL WHERE status IN ('CLOSED','REJECTED','RESOLVED') AND "dueAt" IS NOT NULL`);
  await seedDeadlines(c, log);
  await c.query(`VACUUM ANALYZE "Request"`);
  const seconds = (performance.now() - t0) / 1000;
  log(`seeded in ${seconds.toFixed(0)} s`);
  await c.end();
  return { rows: options.rows, seededNow: need, seconds };
}

/**
 * One SLA deadline per request with a running clock that has none (a database seeded before
 * deadlines were part of the seed, or topped up, gets them on its next use): warned a day
 * before it is due, and, as the sweep would have left it, warned and breached once those
 * times are past.
 */
async function seedDeadlines(c: pg.Client, log: (line: string) => void) {
  const added = await c.query(`
    INSERT INTO "Deadline" ("requestId", kind, label, "startedAt", "dueAt", "warnAt", warned, "warnedAt", breached, "breachedAt")
    SELECT id, 'SLA', 'sla', "receivedAt", "dueAt", "dueAt" - interval '1 day',
           "dueAt" - interval '1 day' < now() - interval '5 minutes',
           CASE WHEN "dueAt" - interval '1 day' < now() - interval '5 minutes' THEN "dueAt" - interval '1 day' END,
           "dueAt" < now() - interval '5 minutes',
           CASE WHEN "dueAt" < now() - interval '5 minutes' THEN "dueAt" END
    FROM "Request" r WHERE "dueAt" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Deadline" d WHERE d."requestId" = r.id)`);
  if (!added.rowCount) return;
  log(`added the SLA deadlines of ${added.rowCount.toLocaleString("en")} open requests`);
  await c.query(`VACUUM ANALYZE "Deadline"`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await seedMillion({ rows: Number(process.env.BENCH_ROWS ?? 1_000_000) });
  const { disconnectDb } = await import("#app/utils/db.server.ts");
  await disconnectDb();
}
