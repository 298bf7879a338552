// GET /metrics with 1,000,000 requests, 1,000,000 inbound events and 1,000,000 deadlines:
// how long a scrape takes when it waits for the database read (the first of a process, then
// read in the background at most once a minute) and when it serves the kept numbers.
//
//   node --import tsx bench/metrics-scrape.bench.ts   (BENCH_ROWS=1000000; reuses slv_bench_1m)
import "dotenv/config";
import pg from "pg";
import { BENCH_DB_URL, seedMillion } from "./seed-million.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 10);
process.env.LOG_LEVEL = "error";
process.env.QUEUE_PREFIX = `slvbench-metrics-${Date.now()}`;

await seedMillion({ rows: ROWS });
const c = new pg.Client({ connectionString: BENCH_DB_URL });
await c.connect();
// Inbound events (5 % still pending) and deadlines, topped up to the wanted size.
const events = Number((await c.query(`SELECT count(*)::int AS n FROM "InboundEvent"`)).rows[0].n);
if (events < ROWS) {
  console.log(`seeding ${(ROWS - events).toLocaleString("en")} inbound events …`);
  await c.query(
    `INSERT INTO "InboundEvent" (channel, "externalId", payload, "receivedAt", "processedAt")
     SELECT (ARRAY['TELEGRAM','SMS','VOICE'])[1 + g % 3]::"Channel", 'bench-' || g,
            jsonb_build_object('update_id', g, 'text', repeat('x', 200)),
            now() - make_interval(secs => g % 63072000),
            CASE WHEN g % 20 = 0 THEN NULL ELSE now() - make_interval(secs => g % 63072000) END
     FROM generate_series($1::int, $2::int - 1) AS g`,
    [events, ROWS],
  );
}
const deadlines = Number((await c.query(`SELECT count(*)::int AS n FROM "Deadline"`)).rows[0].n);
if (deadlines === 0) {
  console.log("seeding a deadline per request …");
  await c.query(
    `INSERT INTO "Deadline" ("requestId", kind, label, "startedAt", "dueAt", "warnAt", warned, "warnedAt", breached, "breachedAt", active, "createdAt")
     SELECT id, 'SLA', 'sla', "receivedAt", "receivedAt" + interval '7 days', "receivedAt" + interval '5 days',
            n % 3 = 0, CASE WHEN n % 3 = 0 THEN "receivedAt" + interval '5 days' END,
            n % 7 = 0, CASE WHEN n % 7 = 0 THEN "receivedAt" + interval '7 days' END,
            status NOT IN ('CLOSED','REJECTED','RESOLVED'), "receivedAt"
     FROM (SELECT id, status, "receivedAt", row_number() OVER () AS n FROM "Request") r`,
  );
}
await c.query(`VACUUM ANALYZE "InboundEvent"`);
await c.query(`VACUUM ANALYZE "Deadline"`);
const counts = (
  await c.query(
    `SELECT (SELECT count(*) FROM "Request")::int AS r, (SELECT count(*) FROM "InboundEvent")::int AS e, (SELECT count(*) FROM "Deadline")::int AS d`,
  )
).rows[0];
await c.end();

process.env.DATABASE_URL = BENCH_DB_URL;
const { resetEnvForTests } = await import("#app/utils/env.server.ts");
resetEnvForTests();
const { loader } = await import("#app/routes/metrics.ts");
const { refreshOnNextScrape } = await import("#app/utils/installation-metrics.server.ts");
const { disconnectDb } = await import("#app/utils/db.server.ts");
const { closeQueues } = await import("#app/jobs/queues.server.ts");
const { closeSharedRedis } = await import("#app/utils/redis.server.ts");

async function time(fresh: boolean) {
  const ms: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    if (fresh) refreshOnNextScrape();
    const t0 = performance.now();
    const body = await (await loader()).text();
    ms.push(performance.now() - t0);
    if (!body.includes("citizen_requests{")) throw new Error("no request numbers in the scrape");
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)]!, max: ms.at(-1)! };
}

await loader(); // warm up: connections, prepared statements
const reading = await time(true);
const kept = await time(false);
console.log(
  `rows: ${counts.r.toLocaleString("en")} requests, ${counts.e.toLocaleString("en")} inbound events, ${counts.d.toLocaleString("en")} deadlines\n` +
    `scrape reading the database: median ${reading.median.toFixed(0)} ms, max ${reading.max.toFixed(0)} ms\n` +
    `scrape from the kept numbers: median ${kept.median.toFixed(1)} ms, max ${kept.max.toFixed(1)} ms`,
);
await Promise.all([disconnectDb(), closeQueues(), closeSharedRedis()]);
