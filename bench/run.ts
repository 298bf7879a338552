// `npm run bench`: every row of the intake-at-scale table, one after another, each with its
// baseline measured in the same run. Prints a line per row (value, baseline, ratio, target,
// PASS/MISS) and one JSON line per row for comparing runs (also kept in
// bench/results/run-<time>.jsonl). See docs/benchmarks.md.
//
//   npm run bench                               every row at full scale (1,000,000 requests, 60 s loads)
//   npm run bench -- --scale 0.01               a quick run (BENCH_SCALE=0.01 does the same)
//   npm run bench -- --only webhooks,drain      some rows only
import "dotenv/config";
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const ROWS = [
  { name: "webhooks", file: "bench/rows/intake-load.ts", args: ["webhooks"], built: true },
  { name: "accept-route", file: "bench/rows/accept-route.ts", args: [], built: false },
  { name: "drain", file: "bench/rows/drain.ts", args: [], built: true },
  { name: "inbox", file: "bench/rows/console.ts", args: ["inbox"], built: true },
  { name: "search", file: "bench/rows/console.ts", args: ["search"], built: true },
  { name: "sweep", file: "bench/rows/sweep.ts", args: [], built: false },
  { name: "rss", file: "bench/rows/intake-load.ts", args: ["rss"], built: true },
] as const;

const { values } = parseArgs({ options: { only: { type: "string" }, scale: { type: "string" } } });
if (values.scale) process.env.BENCH_SCALE = values.scale;
const scale = Number(process.env.BENCH_SCALE ?? 1);
if (!(scale > 0)) throw new Error(`--scale must be a number above 0, got ${process.env.BENCH_SCALE}`);
const only = values.only?.split(",").map((s) => s.trim());
const unknown = only?.filter((o) => !ROWS.some((r) => r.name === o)) ?? [];
if (unknown.length) throw new Error(`unknown row(s) ${unknown.join(", ")}; rows: ${ROWS.map((r) => r.name).join(", ")}`);
const rows = ROWS.filter((r) => !only || only.includes(r.name));

const { buildWeb, RESULT_MARK, RESULTS, ROOT } = await import("./lib/common.ts");
type Result = import("./lib/common.ts").RowResult;

const at = new Date().toISOString();
console.log(`npm run bench — scale ${scale}, rows ${rows.map((r) => r.name).join(", ")}, ${at}`);
// The rows that run the production processes (web, workers) run them from one build of this run.
if (rows.some((r) => r.built)) {
  const t0 = Date.now();
  buildWeb();
  console.log(`web built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

const results: Result[] = [];
const failed: string[] = [];
for (const row of rows) {
  console.log(`\n── ${row.name}`);
  const t0 = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, row.file), ...row.args], {
      cwd: ROOT,
      env: { LOG_LEVEL: "error", ...process.env, BENCH_SCALE: String(scale), BENCH_SKIP_BUILD: "1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let rest = "";
    child.stdout.on("data", (d: Buffer) => {
      const lines = (rest + d.toString()).split("\n");
      rest = lines.pop() ?? "";
      for (const l of lines) {
        if (l.startsWith(RESULT_MARK)) results.push(JSON.parse(l.slice(RESULT_MARK.length)) as Result);
        else console.log(l);
      }
    });
    child.once("exit", resolve);
  });
  if (code !== 0) failed.push(row.name);
  console.log(`   (${row.name}: ${((Date.now() - t0) / 1000).toFixed(0)} s${code !== 0 ? `, FAILED with exit ${code}` : ""})`);
}

const fmt = (v: number | null, unit = "") => (v === null || !Number.isFinite(v) ? "—" : `${v >= 100 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2)}${unit}`);
console.log(`\nresults (scale ${scale}${scale !== 1 ? ": NOT the real figures, row counts and durations are shrunk" : ""})`);
for (const r of results)
  console.log(
    `${r.row.padEnd(13)} ${fmt(r.value, " " + r.unit).padStart(20)}   baseline ${fmt(r.baseline).padStart(8)}   ratio ${fmt(r.ratio).padStart(6)}   ${r.pass ? "PASS" : "MISS"}   target ${r.target}${r.also ? `   (${r.also})` : ""}`,
  );
for (const f of failed) console.log(`${f.padEnd(13)} did not finish (see its output above)`);
console.log("");
for (const r of results)
  console.log(
    JSON.stringify({
      row: r.row,
      value: r.value,
      baseline: r.baseline,
      ratio: r.ratio,
      target: r.target,
      pass: r.pass,
      unit: r.unit,
      at,
      scale,
      details: r.details,
    }),
  );

mkdirSync(RESULTS, { recursive: true });
writeFileSync(path.join(RESULTS, `run-${at.replace(/[:.]/g, "-")}.jsonl`), results.map((r) => JSON.stringify({ ...r, at, scale })).join("\n") + "\n");
process.exit(failed.length ? 1 : 0);
