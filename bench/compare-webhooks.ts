// Two versions of the web side by side under the webhook row's load (signed Twilio SMS and
// Telegram updates from bench/lib/load.ts, 16 connections): alternating loads of a few
// seconds each, so that the machine's ups and downs fall on both alike. Prints accepted/s,
// ack p99 and the web's CPU time per delivery (from /proc) for each load.
//
//   node --import tsx bench/compare-webhooks.ts <dir A> <dir B> [SMS share 0..1, default 0.5]
// Each dir holds a server.ts and its build/ (bench/results/server after `npm run bench`, or a
// worktree of another commit, built); both run through tsx on a fresh slv_bench_run
// (BENCH_RUN_DATABASE_URL). BENCH_ROUNDS loads each (default 3) of BENCH_WEBHOOK_SECONDS
// (default 6).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { spawn } from "node:child_process";
import { BENCH_URL, cpuMs, dropQueueKeys, lastJsonLine, freePort, freshDatabase, productionEnv, say, sleep, startScript } from "./lib/common.ts";

const [dirA, dirB, share = "0.5"] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error("usage: bench/compare-webhooks.ts <dir A> <dir B> [SMS share]");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 6);
const secrets = {
  twilioToken: randomBytes(16).toString("hex"),
  telegramPath: randomBytes(16).toString("hex"),
  telegramSecret: randomBytes(24).toString("hex"),
};
const prefix = `slvbench-compare-${Date.now()}`;

await freshDatabase(BENCH_URL);
const webs = [];
for (const dir of [dirA, dirB]) {
  const port = await freePort();
  const env = productionEnv({
    databaseUrl: BENCH_URL.toString(),
    port,
    queuePrefix: `${prefix}-${port}`,
    extra: {
      TWILIO_AUTH_TOKEN: secrets.twilioToken,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_BOT_TOKEN: "123456:bench-not-a-real-token",
      TELEGRAM_WEBHOOK_SECRET: secrets.telegramSecret,
      TELEGRAM_WEBHOOK_PATH: secrets.telegramPath,
    },
  });
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(dir, "server.ts")], { cwd: path.resolve(dir), env, stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    !(await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (child.exitCode !== null || i > 600) throw new Error(`the web in ${dir} did not start`);
    await sleep(200);
  }
  webs.push({ dir, child, base });
}

let tag = Date.now() % 100_000;
try {
  for (let round = 0; round < ROUNDS; round++)
    for (const web of webs) {
      const options = {
        kind: "webhooks",
        base: web.base,
        durationMs: SECONDS * 1000,
        warmMs: 1000,
        concurrency: 16,
        smsShare: Number(share),
        tag: tag++,
        ...secrets,
      };
      const load = await startScript("bench/lib/load.ts", [JSON.stringify(options)]);
      while (!load.output().includes("measuring\n") && load.child.exitCode === null) await sleep(10);
      const cpu0 = await cpuMs(web.child.pid);
      await new Promise((r) => (load.child.exitCode !== null ? r(null) : load.child.once("exit", r)));
      const cpu1 = await cpuMs(web.child.pid);
      const last = lastJsonLine(load.output());
      if (!last) throw new Error(`the load against ${web.dir} failed:\n${load.output().slice(-2000)}`);
      const r = JSON.parse(last) as { perSecond: number; p99: number; sent: number; statuses: Record<string, number> };
      const cpu = cpu0 !== null && cpu1 !== null && r.sent ? ((cpu1 - cpu0) / r.sent).toFixed(2) : "—";
      say(
        `${web.dir.padEnd(40)} SMS share ${share}  ${r.perSecond.toFixed(0).padStart(5)}/s  p99 ${r.p99.toFixed(0).padStart(5)} ms  CPU ${cpu} ms/delivery  ${JSON.stringify(r.statuses)}`,
      );
    }
} finally {
  for (const web of webs) web.child.kill("SIGTERM");
  await dropQueueKeys(prefix);
}
process.exit(0);
