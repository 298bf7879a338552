// SMS during a database outage, through the production web and workers: PostgreSQL is put
// behind a TCP proxy that is stopped for OUTAGE_SECONDS while OUTAGE_SMS signed SMS (one per
// number) arrive at an even pace. Counts how many were answered with TwiML, how many waited
// in the spool, how many became requests after the database came back (and how long that
// took), and how many log lines the outage cost.
//
//   node --import tsx bench/sms-during-outage.bench.ts     (OUTAGE_SMS=200 OUTAGE_SECONDS=15)
import "dotenv/config";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import twilio from "twilio";
import { startPostgresProxy } from "#tests/fixtures/postgres-proxy.ts";

const N = Number(process.env.OUTAGE_SMS ?? 200);
const OUTAGE_MS = 1000 * Number(process.env.OUTAGE_SECONDS ?? 15);
const RECOVERY_BUDGET_MS = 120_000;
const base = new URL(process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/slv_bench_outage");
const dbName = base.pathname.slice(1);
const admin = new URL(base);
admin.pathname = "/postgres";
const say = (line: string) => process.stdout.write(line + "\n");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await adminQuery(`CREATE DATABASE "${dbName}"`);
process.env.DATABASE_URL = base.toString();
process.env.LOG_LEVEL = "error";
const { migrateDatabase } = await import("#app/utils/migrate.server.ts");
await migrateDatabase({ url: base.toString() });
const { seedDatabase } = await import("#prisma/seed/seed-database.server.ts");
await seedDatabase({ withDemoRequests: false, withDemoStaff: false });
const { disconnectDb } = await import("#app/utils/db.server.ts");
await disconnectDb();

// The web as it is now (SKIP_BUILD=1 reuses an existing build).
if (process.env.SKIP_BUILD !== "1" || !existsSync("build/server/index.js")) {
  say("building the web app…");
  const b = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], { encoding: "utf8" });
  if (b.status !== 0) throw new Error(b.stderr);
}

const proxy = await startPostgresProxy({ host: base.hostname, port: Number(base.port || 5432) });
const spoolDir = await mkdtemp(path.join(os.tmpdir(), "slv-outage-spool-"));
const port = await freePort();
const publicBase = `http://127.0.0.1:${port}`;
const authToken = randomBytes(16).toString("hex");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(port),
  HOST: "127.0.0.1",
  LOG_LEVEL: "info",
  DATABASE_URL: proxy.urlFor(base.toString()),
  QUEUE_PREFIX: `slvoutage-${randomBytes(4).toString("hex")}`,
  SESSION_SECRET: randomBytes(36).toString("base64url"),
  SEED_DEMO: "0",
  SPOOL_DIR: spoolDir,
  TWILIO_AUTH_TOKEN: authToken,
  PUBLIC_BASE_URL: publicBase,
  TELEGRAM_BOT_TOKEN: "",
};
const children: ChildProcess[] = [];
const output = { web: [] as string[], workers: [] as string[] };
for (const [name, file] of [
  ["web", "server.ts"],
  ["workers", "workers/index.ts"],
] as const) {
  const child = spawn(process.execPath, ["--import", "tsx", file], { env });
  let rest = "";
  const take = (d: Buffer) => {
    const lines = (rest + d.toString()).split("\n");
    rest = lines.pop() ?? "";
    output[name].push(...lines);
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  children.push(child);
}

const db = new pg.Pool({ connectionString: base.toString(), max: 2 });
try {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${publicBase}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 300) throw new Error(`web did not start:\n${output.web.join("\n")}`);
    await sleep(100);
  }
  await sleep(1000);

  const sms = (i: number) => {
    const params: Record<string, string> = {
      MessageSid: "SM" + randomBytes(16).toString("hex"),
      AccountSid: "AC" + "1".repeat(32),
      From: `+38050${String(7_000_000 + i).padStart(7, "0")}`,
      To: "+380930000001",
      Body: `Немає води в будинку ${i + 1} на вулиці Шевченка`,
      NumMedia: "0",
    };
    const url = `${publicBase}/webhooks/twilio/sms`;
    return fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, url, params) },
      body: new URLSearchParams(params).toString(),
    }).then(
      async (r) => ({ status: r.status, type: r.headers.get("content-type") ?? "", body: await r.text(), ms: 0 }),
      (e: Error) => ({ status: 0, type: "", body: e.message, ms: 0 }),
    );
  };

  const linesBefore = output.web.length + output.workers.length;
  await proxy.stop();
  const outageStart = Date.now();
  const answers = await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      await sleep((OUTAGE_MS * 0.9 * i) / N);
      const t0 = Date.now();
      const a = await sms(i);
      a.ms = Date.now() - t0;
      return a;
    }),
  );
  const spooled = (await readdir(spoolDir)).filter((n) => n.endsWith(".json")).length;
  await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
  const outageLines = output.web.slice(0).length + output.workers.length - linesBefore;
  await proxy.start();
  const recoveredAt = Date.now();

  let requests = 0;
  let spoolEmptyMs: number | null = null;
  while (Date.now() - recoveredAt < RECOVERY_BUDGET_MS) {
    if (spoolEmptyMs === null && !(await readdir(spoolDir)).some((n) => n.endsWith(".json"))) spoolEmptyMs = Date.now() - recoveredAt;
    requests = Number((await db.query(`SELECT count(*) FROM "Request" WHERE channel = 'SMS'`).catch(() => ({ rows: [{ count: 0 }] }))).rows[0].count);
    if (requests >= N) break;
    await sleep(250);
  }
  const allIn = Date.now() - recoveredAt;
  await sleep(3000);
  const final = await db.query(`SELECT count(*)::int AS requests, count(DISTINCT "externalId")::int AS distinct_sids FROM "Request" WHERE channel = 'SMS'`);
  const leftInSpool = (await readdir(spoolDir)).filter((n) => n.endsWith(".json")).length;
  const twiml = answers.filter((a) => a.status === 200 && a.type.includes("text/xml") && a.body.includes("<Message>")).length;
  const statuses = answers.reduce<Record<string, number>>((m, a) => ((m[a.status] = (m[a.status] ?? 0) + 1), m), {});
  const latencies = answers.map((a) => a.ms).sort((x, y) => x - y);
  const all = [...output.web, ...output.workers];
  say(`SMS during a ${OUTAGE_MS / 1000} s database outage (production web + workers, one SMS per number)`);
  say(`  sent                      ${N}`);
  say(`  answered with TwiML       ${twiml}   (statuses ${JSON.stringify(statuses)})`);
  say(`  answer time p50 / max     ${latencies[Math.floor(N / 2)]} ms / ${latencies.at(-1)} ms`);
  say(`  in the spool              ${spooled}`);
  say(`  requests after recovery   ${final.rows[0].requests} (distinct MessageSids ${final.rows[0].distinct_sids}); all in ${(allIn / 1000).toFixed(1)} s`);
  say(`  spool replayed within     ${((spoolEmptyMs ?? NaN) / 1000).toFixed(1)} s of recovery`);
  say(`  left in the spool         ${leftInSpool}`);
  say(`  log lines during outage   ${outageLines} (web + workers); with a stack: ${all.filter((l) => l.includes('"stack"')).length}`);
  if (process.env.OUTAGE_SHOW_LOGS === "1") for (const l of all.filter((x) => /"level":"(warn|error)"/.test(x))) say(`    ${l.slice(0, 300)}`);
} finally {
  for (const c of children) c.kill("SIGTERM");
  await sleep(1500);
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await db.end();
  await proxy.close();
  await rm(spoolDir, { recursive: true, force: true });
  await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  // The queues of this run only.
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  for await (const keys of redis.scanStream({ match: `${env.QUEUE_PREFIX}:*`, count: 500 }) as AsyncIterable<string[]>)
    if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
