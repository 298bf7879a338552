// `npm run bench` itself: the runner starts a row in its own process, collects its result
// and prints the summary line and the JSON line other runs are compared with. The whole quick
// run takes minutes (it builds the web and runs loads), so this runs the one row that needs
// neither, at the smallest scale, on a database of its own that is dropped afterwards.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const base = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
const sweepDb = new URL(base);
sweepDb.pathname = `/slv_bench_harness_${randomBytes(4).toString("hex")}`;

function runBench(args: string[]) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", ...args], {
      env: { ...process.env, BENCH_SWEEP_DATABASE_URL: sweepDb.toString(), LOG_LEVEL: "error" },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.once("exit", (code) => resolve({ code, out }));
  });
}

afterAll(async () => {
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  // A quick run keeps its own copy of a kept database, named with "_quick".
  await c.query(`DROP DATABASE IF EXISTS "${sweepDb.pathname.slice(1)}_quick" WITH (FORCE)`);
  await c.end();
});

describe("npm run bench", () => {
  it("refuses a row it does not have, naming the ones it has", async () => {
    const { code, out } = await runBench(["--only", "nonsense"]);
    expect(code).not.toBe(0);
    expect(out).toContain("unknown row(s) nonsense");
    expect(out).toContain("webhooks, accept-route, drain, inbox, search, sweep, rss");
  });

  it("runs a row at a tiny scale and prints its summary and its JSON line", async () => {
    const { code, out } = await runBench(["--only", "sweep", "--scale", "0.001"]);
    expect(code, out).toBe(0);
    expect(out).toMatch(/^sweep\s+\d+(\.\d+)? ms\s+baseline\s+—\s+ratio\s+—\s+(PASS|MISS)\s+target < 2 s$/m);
    const json = out.split("\n").find((l) => l.startsWith('{"row":"sweep"'));
    expect(json, out).toBeDefined();
    const row = JSON.parse(json!);
    expect(row).toMatchObject({ row: "sweep", baseline: null, ratio: null, target: "< 2 s", scale: 0.001 });
    expect(row.value).toBeGreaterThan(0);
    expect(row.pass).toBe(row.value < 2000);
    expect(row.details.openRequests).toBe(5000);
  }, 120_000);
});
