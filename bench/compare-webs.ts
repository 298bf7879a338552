// Two versions of the web side by side on the same bench database (slv_bench_1m, or its
// quick copy with BENCH_SCALE below 1), signed in as an operator: each path loaded from
// both, alternating in blocks of ten, so that the machine's ups and downs fall on both
// alike. Prints p50/p95 and the web's CPU time per page (from /proc) for each.
//
//   node --import tsx bench/compare-webs.ts <dir A> <dir B> <path>...
// Each dir holds a build of the web: dist/server.js and build/ (bench/results/server after
// `npm run bench`), or server.ts and build/ (a worktree of an older commit after `remix
// vite:build`), run through tsx; BENCH_N loads per path (default 100).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { closeDemoPasswords, freePort, keptDatabase, productionEnv, quantile, say, sleep } from "./lib/common.ts";
import { PART_NODE_FLAGS } from "../scripts/part-options.ts";
import { BENCH_DB_URL } from "./seed-million.ts";

const [dirA, dirB, ...paths] = process.argv.slice(2);
if (!dirA || !dirB || !paths.length) throw new Error("usage: bench/compare-webs.ts <dir A> <dir B> <path>...");
const N = Number(process.env.BENCH_N ?? 100);
const BLOCK = 10;
const WARM = 20;
const url = keptDatabase(BENCH_DB_URL);
process.env.DATABASE_URL = url.toString();
process.env.SESSION_SECRET = randomBytes(36).toString("base64url");
await closeDemoPasswords(url);
const { getDb, disconnectDb } = await import("#app/utils/db.server.ts");
const { createStaffSession } = await import("#app/utils/session.server.ts");
const operator = await getDb().staffUser.findFirstOrThrow({ where: { role: "OPERATOR", active: true } });
const cookie = (await createStaffSession({ staffUserId: operator.id })).split(";")[0]!;
await disconnectDb();

type Web = { dir: string; port: number; child: ChildProcess; agent: http.Agent };
const webs: Web[] = [];
for (const dir of [dirA, dirB].map((d) => path.resolve(d))) {
  const port = await freePort();
  const env = productionEnv({
    databaseUrl: url.toString(),
    port,
    queuePrefix: `slvbench-compare-${port}`,
    extra: { SESSION_SECRET: process.env.SESSION_SECRET },
  });
  // Compiled as npm start runs it where the build has it (dist/), otherwise through tsx.
  const compiled = path.join(dir, "dist/server.js");
  const args = existsSync(compiled) ? [...PART_NODE_FLAGS, compiled] : ["--import", "tsx", path.join(dir, "server.ts")];
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ["ignore", "ignore", "inherit"] });
  for (
    let i = 0;
    !(await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (child.exitCode !== null || i > 1200) throw new Error(`the web in ${dir} did not start`);
    await sleep(100);
  }
  webs.push({ dir, port, child, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }) });
}

/** CPU time (user + system) of a process so far, in ms. */
function cpuMs(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function load(web: Web, p: string) {
  return new Promise<{ ms: number; status: number; bytes: number }>((resolve) => {
    const t0 = performance.now();
    http.get({ host: "127.0.0.1", port: web.port, path: p, agent: web.agent, headers: { cookie, "accept-language": "uk" } }, (res) => {
      let bytes = 0;
      res.on("data", (c: Buffer) => (bytes += c.length));
      res.on("end", () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0, bytes }));
    });
  });
}

try {
  for (const p of paths) {
    const ms = webs.map(() => [] as number[]);
    const cpu = webs.map(() => 0);
    const last = webs.map(() => ({ status: 0, bytes: 0 }));
    for (const web of webs) for (let i = 0; i < WARM; i++) await load(web, p);
    for (let done = 0; done < N; done += BLOCK)
      for (const [k, web] of webs.entries()) {
        const c0 = cpuMs(web.child.pid!);
        for (let i = 0; i < BLOCK; i++) {
          const r = await load(web, p);
          ms[k]!.push(r.ms);
          last[k] = r;
        }
        cpu[k]! += cpuMs(web.child.pid!) - c0;
      }
    say(decodeURIComponent(p));
    for (const [k, web] of webs.entries()) {
      const sorted = ms[k]!.sort((a, b) => a - b);
      say(
        `  ${web.dir.padEnd(40)} p50 ${quantile(sorted, 0.5).toFixed(1).padStart(7)} ms   p95 ${quantile(sorted, 0.95).toFixed(1).padStart(7)} ms   CPU ${(cpu[k]! / N).toFixed(1).padStart(5)} ms a page   (${last[k]!.status}, ${last[k]!.bytes} bytes)`,
      );
    }
  }
} finally {
  for (const web of webs) web.child.kill("SIGTERM");
  await sleep(500);
}
process.exit(0);
