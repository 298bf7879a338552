// Submit-and-route throughput through the core (app/domain submitRequest: validation,
// citizen lookup, numbering, district lookup, routing rules, deadlines, events, outbox
// rows, queue wake-ups) against a baseline of plain single-row INSERTs into the same
// "Request" table of the same PostgreSQL, measured in the same run. Printed as a ratio.
//
//   npm run bench                 (BENCH_N=2000 BENCH_CONCURRENCY=8 by default)
import "dotenv/config";
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import pg from "pg";

const N = Number(process.env.BENCH_N ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const base = new URL(process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/slv_bench");
const dbName = base.pathname.slice(1);
const admin = new URL(base);
admin.pathname = "/postgres";

// The bench owns its database and its Redis key prefix; set before the core loads.
process.env.DATABASE_URL = base.toString();
process.env.QUEUE_PREFIX = `slvbench-${Date.now()}`;
process.env.LOG_LEVEL = "error";

const adminClient = new pg.Client({ connectionString: admin.toString() });
await adminClient.connect();
await adminClient.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await adminClient.query(`CREATE DATABASE "${dbName}"`);
await adminClient.end();

const { migrateDatabase } = await import("#app/utils/migrate.server.ts");
await migrateDatabase({ url: base.toString() });
const { seedDatabase } = await import("#prisma/seed/seed-database.server.ts");
await seedDatabase({ withDemoRequests: false });
const { getDb, disconnectDb } = await import("#app/utils/db.server.ts");
const { submitRequest } = await import("#app/domain/requests/submit-request.server.ts");
const { closeQueues, getQueue, QUEUE_NAMES } = await import("#app/jobs/queues.server.ts");

const db = getDb();
const leaves = await db.category.findMany({ where: { active: true, children: { none: {} } }, select: { id: true, code: true } });
const districts = await db.district.findMany({ select: { minLat: true, maxLat: true, minLon: true, maxLon: true } });
if (!leaves.length || !districts.length) throw new Error("the seed gave no categories or districts to route by");
const box = {
  minLat: Math.min(...districts.map((d) => d.minLat)),
  maxLat: Math.max(...districts.map((d) => d.maxLat)),
  minLon: Math.min(...districts.map((d) => d.minLon)),
  maxLon: Math.max(...districts.map((d) => d.maxLon)),
};

// Deterministic inputs so runs compare.
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
const point = () => ({ lat: box.minLat + rnd() * (box.maxLat - box.minLat), lon: box.minLon + rnd() * (box.maxLon - box.minLon) });
const descriptions = ["Немає води в будинку", "Не працює ліхтар біля під'їзду", "Яма на дорозі", "Холодні батареї", "Не вивезли сміття"];

async function runPool(label: string, total: number, one: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < total; i = next++) {
        const s = performance.now();
        await one(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  const result = { label, total, seconds, perSecond: total / seconds, p50ms: q(0.5), p95ms: q(0.95) };
  console.log(`${label.padEnd(34)} ${result.perSecond.toFixed(0).padStart(7)} /s   p50 ${result.p50ms.toFixed(1)} ms   p95 ${result.p95ms.toFixed(1)} ms`);
  return result;
}

const submitOne = (tag: string) => (i: number) => {
  const anonymous = i % 3 === 0;
  return submitRequest({
    channel: i % 2 ? "TELEGRAM" : "WEB",
    externalId: `${tag}-${i}`,
    description: pick(descriptions),
    categoryCode: pick(leaves).code,
    location: point(),
    address: "вул. Банківська, 1",
    citizen: anonymous ? null : { identity: { channel: "TELEGRAM", externalId: `bench-${i % 500}` } },
  }).catch((e: Error) => {
    // A category that needs an appeal's legal fields, say: count as work done, not a crash.
    if ((e as { code?: string }).code !== "VALIDATION") throw e;
  });
};

const pool = new pg.Pool({ connectionString: base.toString(), max: CONCURRENCY });
let counter = 900000;
const insertOne = () => {
  const id = randomUUID();
  return pool.query(
    `INSERT INTO "Request" (id, number, channel, "externalId", description, lat, lon, address, "categoryId", "accessTokenHash", "updatedAt")
     VALUES ($1, $2, 'WEB', $3, $4, $5, $6, $7, $8, $9, now())`,
    [id, `SLV-2026-${counter++}`, `base-${id}`, pick(descriptions), point().lat, point().lon, "вул. Банківська, 1", pick(leaves).id, id],
  );
};

console.log(`submit-and-route vs plain INSERT — N=${N}, concurrency=${CONCURRENCY}, PostgreSQL ${dbName}`);
await runPool("warm-up (core)", Math.min(200, N), submitOne("warm"));
await runPool("warm-up (baseline)", Math.min(200, N), insertOne);
const baseline = await runPool("baseline: plain INSERT", N, insertOne);
const core = await runPool("core: submitRequest (route+SLA)", N, submitOne("core"));
const baseline2 = await runPool("baseline again (drift check)", N, insertOne);

const baselineRate = (baseline.perSecond + baseline2.perSecond) / 2;
const ratio = core.perSecond / baselineRate;
console.log(
  `\nratio core/baseline = ${ratio.toFixed(3)}  (the core does ${(1 / ratio).toFixed(1)}× the work of a plain INSERT per request; baseline drift ${(
    (Math.abs(baseline.perSecond - baseline2.perSecond) / baselineRate) *
    100
  ).toFixed(0)}%)`,
);

await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(
  new URL("./results/submit-route.json", import.meta.url),
  JSON.stringify({ at: new Date().toISOString(), n: N, concurrency: CONCURRENCY, baseline, core, baseline2, ratio }, null, 2),
);

await Promise.all(
  QUEUE_NAMES.map((name) =>
    getQueue(name)
      .obliterate({ force: true })
      .catch(() => {}),
  ),
);
await closeQueues();
await pool.end();
await disconnectDb();
const cleanup = new pg.Client({ connectionString: admin.toString() });
await cleanup.connect();
await cleanup.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await cleanup.end();
