// The console with 1,000,000 requests: the inbox's first page (default sort by deadline,
// as an operator and as a department officer), a few filters, and a text search, each
// through the core's listInbox, against a baseline measured in the same run: the cheapest
// query that returns 50 rows (a primary-key range scan of the same table).
//
//   npm run bench:inbox        (BENCH_ROWS=1000000; seeds slv_bench_1m once, then reuses it)
import "dotenv/config";
import { mkdir, writeFile } from "node:fs/promises";
import pg from "pg";
import { BENCH_DB_URL, seedMillion } from "./seed-million.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);
process.env.LOG_LEVEL = "error";
process.env.QUEUE_PREFIX = `slvbench-inbox-${Date.now()}`;

await seedMillion({ rows: ROWS });
const { listInbox } = await import("#app/domain/inbox/list-inbox.server.ts");
const { parseInboxQuery } = await import("#app/domain/inbox/inbox-filters.ts");
const { getDb, disconnectDb } = await import("#app/utils/db.server.ts");
const { closeQueues } = await import("#app/jobs/queues.server.ts");

const db = getDb();
const operator = await db.staffUser.findFirstOrThrow({ where: { role: "OPERATOR" } });
const officer = await db.staffUser.findFirstOrThrow({ where: { role: "DEPARTMENT_OFFICER", departmentId: { not: null } } });
const total = await db.request.count();

const pool = new pg.Pool({ connectionString: BENCH_DB_URL, max: 2 });

async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(); // warm caches and Prisma's query plans
  const ms: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const r = { label, p50: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))]! };
  console.log(`${label.padEnd(46)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms`);
  return r;
}

const inbox = (actor: { id: string; role: never; departmentId: string | null }, qs: string) => {
  const q = parseInboxQuery(new URLSearchParams(qs));
  const { sort, page, ...filters } = q;
  return listInbox({ actor, filters, sort, page });
};
const asOperator = { id: operator.id, role: operator.role as never, departmentId: operator.departmentId };
const asOfficer = { id: officer.id, role: officer.role as never, departmentId: officer.departmentId };

console.log(`console on ${total.toLocaleString("en")} requests (${REPEAT} runs each)`);
const baseline = await time("baseline: 50 rows by primary key", () =>
  pool.query(`SELECT id, number, status FROM "Request" WHERE id > '00000000-0000-0000-0000-000000000000' ORDER BY id LIMIT 50`),
);
const results = [
  await time("inbox first page (operator, by deadline)", () => inbox(asOperator, "")),
  await time("inbox first page (department officer)", () => inbox(asOfficer, "")),
  await time("inbox: overdue", () => inbox(asOperator, "overdue=1")),
  await time("inbox: my requests (department officer)", () => inbox(asOfficer, "queue=mine")),
  await time("inbox: an officer's open load (dashboard link)", () => inbox(asOperator, `assignee=${officer.id}&open=1`)),
  await time("inbox: resolved since a day (dashboard link)", () => inbox(asOperator, "resolvedFrom=2026-11-04")),
  await time("inbox: status=NEW, sort by created", () => inbox(asOperator, "status=NEW&sort=created")),
  await time("search by exact number", () => inbox(asOperator, "q=SLV-2026-0500000")),
  await time("text search «протікає дах»", () => inbox(asOperator, "q=протікає дах")),
  await time("text search «ліфт» (department officer)", () => inbox(asOfficer, "q=ліфт")),
  await time("text search of common words «буд. 17,»", () => inbox(asOperator, `q=${encodeURIComponent("буд. 17,")}`)),
  await time("«буд. 17,» where the filters exclude it", () => inbox(asOperator, `q=${encodeURIComponent("буд. 17,")}&status=NEW&channel=WEB`)),
  await time("words never together «Шевченка, буд. 17»", () => inbox(asOperator, `q=${encodeURIComponent("Шевченка, буд. 17")}`)),
  await time("address word «Шевченка»", () => inbox(asOperator, "q=Шевченка")),
  await time("part of a word «вченк» (trigram fallback)", () => inbox(asOperator, "q=вченк")),
  await time("number tail «309»", () => inbox(asOperator, "q=309")),
  await time("citizen's phone «067 123 45 67»", () => inbox(asOperator, `q=${encodeURIComponent("067 123 45 67")}`)),
  await time("citizen's name «Коваленко»", () => inbox(asOperator, "q=Коваленко")),
  await time("inbox page 20 (operator)", () => inbox(asOperator, "page=20")),
];
console.log("\nratios to the baseline (p50):");
for (const r of results) console.log(`  ${r.label.padEnd(44)} ${(r.p50 / baseline.p50).toFixed(1)}×`);

await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(new URL("./results/inbox.json", import.meta.url), JSON.stringify({ at: new Date().toISOString(), rows: total, baseline, results }, null, 2));
await pool.end();
await closeQueues();
await disconnectDb();
