// Rows "inbox" and "search" of `npm run bench`, over HTTP against the production web on
// 1,000,000 requests (the database seeded once by bench/seed-million.ts and reused), signed in
// as an operator; the load comes from a separate process, one page at a time.
//
// inbox: GET /staff/inbox (first page, default sort by deadline), p95. Baseline in the same
//   run: the SQL that page's listInbox issues (captured from the database driver), replayed
//   as-is through a plain pg connection, one statement after another.
// search: GET /staff/inbox?q=… for a set of Ukrainian queries (words, an address, part of a
//   word, a number tail, a phone, a name, and the worst patterns: common trigrams,
//   «буд. 17,», and common words that never occur together, «ліфт дах»): p95 over all, and
//   per query.
//
//   node --import tsx bench/rows/console.ts inbox|search
import { randomBytes } from "node:crypto";
import pg from "pg";
import { closeDemoPasswords, freePort, keptDatabase, productionEnv, quantile, report, runScript, say, scaled, type Started, startWeb } from "../lib/common.ts";
import { BENCH_DB_URL, seedMillion } from "../seed-million.ts";

const which = process.argv[2] === "search" ? "search" : "inbox";
const ROWS = scaled(1_000_000, 5_000);
const REPEAT = scaled(200, 20);
// Unmeasured loads of each page first: the web compiles its code and fills its pool on the first ones.
const WARM = scaled(20, 10);
const queuePrefix = `slvbench-console-${Date.now()}`;
process.env.QUEUE_PREFIX = queuePrefix;
process.env.SESSION_SECRET = randomBytes(36).toString("base64url");

const url = keptDatabase(BENCH_DB_URL);
await seedMillion({ rows: ROWS, log: say, url: url.toString() });
await closeDemoPasswords(url);
const { getDb, disconnectDb } = await import("#app/utils/db.server.ts");
const { createStaffSession } = await import("#app/utils/session.server.ts");
const { closeQueues } = await import("#app/jobs/queues.server.ts");
const operator = await getDb().staffUser.findFirstOrThrow({ where: { role: "OPERATOR", active: true } });
const cookie = (await createStaffSession({ staffUserId: operator.id })).split(";")[0]!;
const total = Number((await getDb().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "Request"`))[0]!.n);

type Gets = { p50: number; p95: number; perPath: { path: string; p50: number; p95: number; status: number }[] };
let web: Started | undefined;
try {
  const port = await freePort();
  web = await startWeb(productionEnv({ databaseUrl: url.toString(), port, queuePrefix, extra: { SESSION_SECRET: process.env.SESSION_SECRET } }));
  const base = `http://127.0.0.1:${port}`;
  const get = (paths: string[]) => runScript<Gets>("bench/lib/load.ts", [JSON.stringify({ kind: "get", base, paths, cookie, repeat: REPEAT, warm: WARM })]);

  if (which === "inbox") {
    say(`staff inbox first page over HTTP on ${total.toLocaleString("en")} requests, ${REPEAT} loads`);
    const http = await get(["/staff/inbox"]);
    const page = http.perPath[0]!;
    if (page.status !== 200) throw new Error(`GET /staff/inbox answered ${page.status}: not signed in?`);
    say(`  over HTTP (operator)                      p50 ${page.p50.toFixed(1)} ms   p95 ${page.p95.toFixed(1)} ms`);

    // The page's SQL, as the driver sent it, from one listInbox call with the same actor and query.
    const statements: { text: string; values: unknown[] }[] = [];
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0] as string | { text: string; values?: unknown[] };
      if (typeof q === "string") statements.push({ text: q, values: (Array.isArray(args[1]) ? args[1] : []) as unknown[] });
      else if (q && typeof q.text === "string") statements.push({ text: q.text, values: q.values ?? [] });
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    const { listInbox } = await import("#app/domain/inbox/list-inbox.server.ts");
    const { parseInboxQuery } = await import("#app/domain/inbox/inbox-filters.ts");
    const { sort, page: pageNo, ...filters } = parseInboxQuery(new URLSearchParams(""));
    await listInbox({ actor: operator, filters, sort, page: pageNo }); // warm (Prisma's own first-use queries)
    statements.length = 0;
    await listInbox({ actor: operator, filters, sort, page: pageNo });
    pg.Client.prototype.query = original;
    say(`  the page's listInbox issues ${statements.length} statement(s)`);

    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const ms: number[] = [];
    for (let i = 0; i < REPEAT + 5; i++) {
      const t0 = performance.now();
      for (const s of statements) await client.query(s.text, s.values);
      if (i >= 5) ms.push(performance.now() - t0);
    }
    await client.end();
    ms.sort((a, b) => a - b);
    const baseline = quantile(ms, 0.95);
    say(`  baseline: the same SQL through pg        p50 ${quantile(ms, 0.5).toFixed(1)} ms   p95 ${baseline.toFixed(1)} ms`);
    report({
      row: "inbox",
      value: page.p95,
      unit: "ms p95",
      baseline,
      ratio: baseline / page.p95,
      target: "p95 < 50 ms",
      pass: page.p95 < 50,
      details: {
        requests: total,
        loads: REPEAT,
        p50ms: page.p50,
        baselineP50ms: quantile(ms, 0.5),
        statements: statements.map((s) => s.text.replace(/\s+/g, " ").slice(0, 120)),
      },
    });
  } else {
    const QUERIES = [
      "протікає дах",
      "ліфт",
      "буд. 17,",
      "ліфт дах",
      "Шевченка",
      "вченк",
      "309",
      "067 123 45 67",
      "Коваленко",
      "SLV-2026-0500000",
      "немає холодної води Банківська",
    ];
    say(`Ukrainian text search over HTTP on ${total.toLocaleString("en")} requests, ${REPEAT} loads per query`);
    const r = await get(QUERIES.map((q) => `/staff/inbox?q=${encodeURIComponent(q)}`));
    for (const [i, p] of r.perPath.entries())
      say(`  «${QUERIES[i]}»`.padEnd(40) + `p50 ${p.p50.toFixed(1).padStart(6)} ms   p95 ${p.p95.toFixed(1).padStart(6)} ms   (${p.status})`);
    const worst = r.perPath.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const refused = r.perPath.filter((p) => p.status !== 200);
    say(`  over all queries p95 ${r.p95.toFixed(1)} ms; worst «${decodeURIComponent(worst.path.split("q=")[1]!)}» p95 ${worst.p95.toFixed(1)} ms`);
    report({
      row: "search",
      value: r.p95,
      unit: "ms p95",
      baseline: null,
      ratio: null,
      target: "p95 < 100 ms, worst pattern included",
      pass: r.p95 < 100 && worst.p95 < 100 && refused.length === 0,
      also: `worst «${decodeURIComponent(worst.path.split("q=")[1]!)}» p95 ${worst.p95.toFixed(0)} ms`,
      details: {
        requests: total,
        loadsPerQuery: REPEAT,
        worst: { query: decodeURIComponent(worst.path.split("q=")[1]!), p95ms: worst.p95 },
        perQuery: r.perPath.map((p, i) => ({ query: QUERIES[i], p50ms: p.p50, p95ms: p.p95, status: p.status })),
      },
    });
  }
} finally {
  await web?.stop();
  await closeQueues();
  await disconnectDb().catch(() => {});
  const { dropQueueKeys } = await import("../lib/common.ts");
  await dropQueueKeys(queuePrefix);
}
process.exit(0);
