// Pieces every row of `npm run bench` shares: the scale, percentiles, the result line, the
// databases the harness owns, and the child processes it starts (web, workers, load).
import "dotenv/config";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { PART_ENV, PART_NODE_FLAGS } from "../../scripts/part-options.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const RESULTS = path.join(ROOT, "bench/results");

/** 1 = the figures of the table; 0.01 = a quick run (row counts and durations shrink, never below a floor). */
export const SCALE = Number(process.env.BENCH_SCALE ?? 1);
export const scaled = (full: number, floor: number) => Math.max(floor, Math.round(full * SCALE));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function quantile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export type RowResult = {
  row: string;
  /** What was measured, in `unit`. */
  value: number;
  unit: string;
  /** The same work done the cheapest way, in the same run; null where the table has none. */
  baseline: number | null;
  /** value / baseline (for times: baseline / value, so that higher is always better). */
  ratio: number | null;
  /** The target as written in the table. */
  target: string;
  pass: boolean;
  /** The rest of the target's conditions, for the summary line (e.g. the p99 beside a rate). */
  also?: string;
  /** Everything else worth keeping (latencies, counts, the scale). */
  details: Record<string, unknown>;
};

/** A row's child prints its result as one line with this mark; the runner collects them. */
export const RESULT_MARK = "BENCH_RESULT ";
export function report(result: RowResult) {
  process.stdout.write(RESULT_MARK + JSON.stringify({ ...result, details: { scale: SCALE, ...result.details } }) + "\n");
}
export const say = (line: string) => process.stdout.write(line + "\n");

// ───────────────────────────── databases ─────────────────────────────

/** The rows that start from an empty city (webhooks, accept-route, drain, rss): dropped and made again by each. */
export const BENCH_URL = new URL(process.env.BENCH_RUN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/slv_bench_run");

/**
 * The big seeded databases are kept between runs; a quick run (scale below 1) keeps its own
 * smaller copy beside each, so it never tops up or changes the full-size one.
 */
export function keptDatabase(url: string) {
  const u = new URL(url);
  if (SCALE < 1) u.pathname += "_quick";
  return u;
}

function adminUrl(url: URL) {
  const a = new URL(url);
  a.pathname = "/postgres";
  return a.toString();
}

export async function dropDatabase(url: URL) {
  const c = new pg.Client({ connectionString: adminUrl(url) });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/**
 * A fresh database for one row: dropped, created, migrated and seeded with the city's
 * reference data (categories, districts, calendar, settings), no requests. Must run before
 * the core is first imported in this process (DATABASE_URL is read once).
 */
export async function freshDatabase(url: URL = BENCH_URL) {
  await dropDatabase(url);
  const c = new pg.Client({ connectionString: adminUrl(url) });
  await c.connect();
  await c.query(`CREATE DATABASE "${url.pathname.slice(1)}"`);
  await c.end();
  process.env.DATABASE_URL = url.toString();
  const { migrateDatabase } = await import("#app/utils/migrate.server.ts");
  await migrateDatabase({ url: url.toString() });
  const { seedDatabase } = await import("#prisma/seed/seed-database.server.ts");
  await seedDatabase({ withDemoRequests: false, withDemoStaff: false });
}

/**
 * A production web refuses to start while demo staff keep their published passwords: the
 * bench gives them a password of its own (as the end-to-end walk does). Returns it.
 */
export async function closeDemoPasswords(url: URL) {
  const { DEMO_STAFF } = await import("#app/domain/staff/demo-staff.ts");
  const { hashPassword } = await import("#app/utils/password.server.ts");
  const password = randomBytes(18).toString("base64url");
  const hash = await hashPassword(password);
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  await c.query(`UPDATE "StaffUser" SET "passwordHash" = $1 WHERE email = ANY($2::text[])`, [hash, DEMO_STAFF.map((s) => s.email)]);
  await c.end();
  return password;
}

/** Removes this run's BullMQ keys. */
export async function dropQueueKeys(prefix: string) {
  const { Redis } = await import("ioredis");
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

// ───────────────────────────── processes ─────────────────────────────

export async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** The server runs from a private copy of the build: other work on this tree may rebuild build/ meanwhile. */
export const SERVER_DIR = path.join(RESULTS, "server");

/**
 * The production build (the Remix build, and the processes compiled to dist/ as `npm run
 * build` makes them), copied to SERVER_DIR with server.ts. BENCH_SKIP_BUILD=1
 * reuses the copy of an earlier run when there is one.
 */
export function buildWeb() {
  if (process.env.BENCH_SKIP_BUILD === "1" && existsSync(path.join(SERVER_DIR, "build/server/index.js")) && existsSync(path.join(SERVER_DIR, "dist/server.js")))
    return;
  for (let attempt = 1; ; attempt++) {
    let build = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], { cwd: ROOT, encoding: "utf8" });
    if (build.status === 0) build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-node.ts"], { cwd: ROOT, encoding: "utf8" });
    if (build.status === 0) {
      rmSync(SERVER_DIR, { recursive: true, force: true });
      mkdirSync(SERVER_DIR, { recursive: true });
      try {
        cpSync(path.join(ROOT, "build"), path.join(SERVER_DIR, "build"), { recursive: true });
        cpSync(path.join(ROOT, "dist"), path.join(SERVER_DIR, "dist"), { recursive: true });
        cpSync(path.join(ROOT, "server.ts"), path.join(SERVER_DIR, "server.ts"));
        const serverBuild = readFileSync(path.join(SERVER_DIR, "build/server/index.js"), "utf8");
        const assets = [...new Set(serverBuild.match(/\/assets\/[\w.-]+\.(?:js|css)/g) ?? [])];
        if (assets.length > 0 && assets.every((a) => existsSync(path.join(SERVER_DIR, "build/client", a)))) return;
      } catch {
        // build/ changed under the copy; build again
      }
    }
    if (attempt >= 3) throw new Error(`could not get a consistent build (last exit ${build.status}):\n${build.stderr}`);
  }
}

export type Started = { child: ChildProcess; output: () => string; stop: () => Promise<void> };

function startNode(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Started {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(8000)]);
      if (child.exitCode === null && !child.signalCode) child.kill("SIGKILL");
    },
  };
}

/** The environment of the production processes the bench starts (no real provider is ever reached). */
export function productionEnv(options: { databaseUrl: string; port: number; queuePrefix: string; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    // As npm start runs its parts (scripts/part-options.ts).
    ...PART_ENV,
    HOST: "127.0.0.1",
    PORT: String(options.port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${options.port}`,
    DATABASE_URL: options.databaseUrl,
    QUEUE_PREFIX: options.queuePrefix,
    LOG_LEVEL: "warn",
    SEED_DEMO: "0",
    SESSION_SECRET: process.env.BENCH_SESSION_SECRET ?? randomBytes(36).toString("base64url"),
    SPOOL_DIR: path.join(RESULTS, `spool-${options.queuePrefix}`),
    TELEGRAM_BOT_TOKEN: "",
    TWILIO_ACCOUNT_SID: "",
    TWILIO_AUTH_TOKEN: "",
    TWILIO_PHONE_NUMBER: "",
    ...options.extra,
  };
}

/**
 * The web as `npm run start:web` runs it, from the private build; resolves once /healthz answers.
 * BENCH_WEB_CPU_PROF=<dir>: the web runs under `node --cpu-prof` and writes a .cpuprofile
 * there when it stops (open it in Chrome DevTools or speedscope).
 */
export async function startWeb(env: NodeJS.ProcessEnv): Promise<Started & { base: string }> {
  const profile = process.env.BENCH_WEB_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(ROOT, process.env.BENCH_WEB_CPU_PROF)] : [];
  const web = startNode([...profile, ...PART_NODE_FLAGS, path.join(SERVER_DIR, "dist/server.js")], env, SERVER_DIR);
  const base = `http://127.0.0.1:${env.PORT}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (web.child.exitCode !== null || i > 1200) throw new Error(`web did not start:\n${web.output().slice(-4000)}`);
    await sleep(100);
  }
  return { ...web, base };
}

/** The workers as `npm run start:workers` runs them, from the private build. */
/** BENCH_WORKERS_CPU_PROF=<dir>: as BENCH_WEB_CPU_PROF, for the workers process. */
export function startWorkerProcess(env: NodeJS.ProcessEnv): Started {
  const profile = process.env.BENCH_WORKERS_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(ROOT, process.env.BENCH_WORKERS_CPU_PROF)] : [];
  return startNode([...profile, ...PART_NODE_FLAGS, path.join(SERVER_DIR, "dist/workers.js")], env);
}

/** Runs a bench script in a child process (load generators, baselines); resolves with it once it prints `ready`. */
export async function startScript(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const s = startNode(["--import", "tsx", path.join(ROOT, file), ...args], env);
  for (let i = 0; !s.output().includes("ready"); i++) {
    if (s.child.exitCode !== null || i > 600) throw new Error(`${file} did not start:\n${s.output().slice(-4000)}`);
    await sleep(100);
  }
  return s;
}

/** The last line of a process's output that is a JSON object (what a bench script reports), if any. */
export function lastJsonLine(output: string): string | undefined {
  return output
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .at(-1);
}

/** Runs a bench script to its end and returns the JSON it printed last. */
export async function runScript<T>(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const s = startNode(["--import", "tsx", path.join(ROOT, file), ...args], env);
  const code = await new Promise<number | null>((r) => s.child.once("exit", r));
  const last = lastJsonLine(s.output());
  if (code !== 0 || !last) throw new Error(`${file} failed (exit ${code}):\n${s.output().slice(-4000)}`);
  return JSON.parse(last) as T;
}

/** Resident memory of a process in MB (VmRSS of /proc/<pid>/status); null once it is gone. */
export async function rssMb(pid: number | undefined): Promise<number | null> {
  if (!pid) return null;
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : null;
}

/**
 * CPU time a process has used so far, user + system, all threads, in ms (/proc/<pid>/stat;
 * clock ticks of 10 ms); null once it is gone. On a shared machine the CPU a request costs
 * is steadier than the rate, which moves with whatever else runs.
 */
export async function cpuMs(pid: number | undefined): Promise<number | null> {
  if (!pid) return null;
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields.length < 13) return null;
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Samples the peak RSS of processes every 250 ms until stopped. */
export function sampleRss(pids: Record<string, number | undefined>) {
  const peak: Record<string, number> = {};
  const timer = setInterval(async () => {
    for (const [name, pid] of Object.entries(pids)) {
      const mb = await rssMb(pid);
      if (mb !== null) peak[name] = Math.max(peak[name] ?? 0, mb);
    }
  }, 250);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
