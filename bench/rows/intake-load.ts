// Rows "webhooks" and "rss" of `npm run bench`.
//
// webhooks: the production web (built and compiled, `node dist/server.js`) takes signed Twilio
//   SMS webhooks and Telegram webhook updates (half each) from a separate load process on
//   loopback for BENCH_WEBHOOK_SECONDS (60 × scale); accepted/s and ack p99. Baseline, in the
//   same run before and after: a bare node:http server doing one INSERT per request into the
//   same table of the same PostgreSQL with the same pool size.
// rss: the web and a worker process together under the same load (the workers turning the
//   deliveries into requests meanwhile); peak VmRSS of each.
//
//   node --import tsx bench/rows/intake-load.ts webhooks|rss
import http from "node:http";
import { randomBytes } from "node:crypto";
import pg from "pg";
import {
  BENCH_URL,
  cpuMs,
  dropQueueKeys,
  freePort,
  freshDatabase,
  lastJsonLine,
  productionEnv,
  report,
  runScript,
  sampleRss,
  say,
  scaled,
  sleep,
  startScript,
  startWeb,
  startWorkerProcess,
  type Started,
} from "../lib/common.ts";

const which = process.argv[2] === "rss" ? "rss" : "webhooks";
const SECONDS = scaled(Number(process.env.BENCH_WEBHOOK_SECONDS ?? 60), 3);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 16);
const WARM_MS = scaled(5000, 1000);
const queuePrefix = `slvbench-${which}-${Date.now()}`;
const secrets = {
  twilioToken: randomBytes(16).toString("hex"),
  telegramPath: randomBytes(16).toString("hex"),
  telegramSecret: randomBytes(24).toString("hex"),
};

type LoadResult = {
  sent: number;
  warmed: number;
  accepted: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  firstError: string;
};
let tag = Date.now() % 100_000;
/**
 * The load against `base`; with `pid`, also the CPU that server process spent per delivery
 * in the measured part (after the warm-up): steadier than the rate on a machine shared
 * with other work.
 */
const load = async (base: string, pid?: number): Promise<LoadResult & { cpuMsPerDelivery?: number }> => {
  const options = { kind: "webhooks", base, durationMs: SECONDS * 1000, warmMs: WARM_MS, concurrency: CONCURRENCY, smsShare: 0.5, tag: tag++, ...secrets };
  const s = await startScript("bench/lib/load.ts", [JSON.stringify(options)]);
  const exited = new Promise<number | null>((r) => (s.child.exitCode !== null ? r(s.child.exitCode) : s.child.once("exit", r)));
  while (!s.output().includes("measuring\n") && s.child.exitCode === null) await sleep(10);
  const cpu0 = await cpuMs(pid);
  const code = await exited;
  const cpu1 = await cpuMs(pid);
  const last = lastJsonLine(s.output());
  if (code !== 0 || !last) throw new Error(`bench/lib/load.ts failed (exit ${code}):\n${s.output().slice(-4000)}`);
  const r = JSON.parse(last) as LoadResult;
  return cpu0 === null || cpu1 === null || !r.sent ? r : { ...r, cpuMsPerDelivery: (cpu1 - cpu0) / r.sent };
};
const line = (label: string, r: LoadResult & { cpuMsPerDelivery?: number }) =>
  say(
    `  ${label.padEnd(40)} ${r.perSecond.toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ${JSON.stringify(r.statuses)}${r.cpuMsPerDelivery === undefined ? "" : `  CPU ${r.cpuMsPerDelivery.toFixed(2)} ms/delivery`}`,
  );

await freshDatabase(BENCH_URL);
const databaseUrl = BENCH_URL.toString();
const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const started: Started[] = [];
let telegramStub: http.Server | undefined;
try {
  // Telegram's API for the workers' replies: a local stand-in that says yes to everything.
  telegramStub = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        ok: true,
        result: { id: 1, is_bot: true, first_name: "Bench", username: "bench_bot", message_id: 1, date: 0, chat: { id: 1, type: "private" } },
      }),
    ),
  );
  const stubPort = await freePort();
  await new Promise<void>((r) => telegramStub!.listen(stubPort, "127.0.0.1", r));

  const port = await freePort();
  const env = productionEnv({
    databaseUrl,
    port,
    queuePrefix,
    extra: {
      TWILIO_AUTH_TOKEN: secrets.twilioToken,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_BOT_TOKEN: "123456:bench-not-a-real-token",
      TELEGRAM_API_ROOT: `http://127.0.0.1:${stubPort}`,
      TELEGRAM_WEBHOOK_SECRET: secrets.telegramSecret,
      TELEGRAM_WEBHOOK_PATH: secrets.telegramPath,
    },
  });

  if (which === "webhooks") {
    say(`inbound webhooks (SMS + Telegram), ${SECONDS} s each, ${CONCURRENCY} connections`);
    const basePort = await freePort();
    const bare = await startScript("bench/lib/bare-insert-server.ts", [String(basePort), databaseUrl]);
    started.push(bare);
    const baseline1 = await load(`http://127.0.0.1:${basePort}`, bare.child.pid);
    line("baseline: bare node:http + one INSERT", baseline1);

    const web = await startWeb(env);
    started.push(web);
    const before = Number((await db.query(`SELECT count(*)::int AS n FROM "InboundEvent"`)).rows[0].n);
    const rss = sampleRss({ web: web.child.pid });
    const value = await load(web.base, web.child.pid);
    const peak = rss.stop();
    line("web: /webhooks/twilio/sms + /webhooks/telegram", value);
    // Durable: every acknowledged delivery (the warm-up's too) is a row.
    const recorded = Number((await db.query(`SELECT count(*)::int AS n FROM "InboundEvent"`)).rows[0].n) - before;
    const acknowledged = value.accepted + value.warmed;
    if (value.firstError) say(`  first refusal: ${value.firstError}`);
    await web.stop();

    const baseline2 = await load(`http://127.0.0.1:${basePort}`, bare.child.pid);
    line("baseline again (drift check)", baseline2);
    await bare.stop();

    const baseline = (baseline1.perSecond + baseline2.perSecond) / 2;
    const ratio = value.perSecond / baseline;
    const pass = value.perSecond >= 1000 && value.p99 < 50 && ratio >= 0.5 && recorded >= acknowledged;
    report({
      row: "webhooks",
      value: value.perSecond,
      unit: "accepted/s",
      baseline,
      ratio,
      target: "≥ 1,000/s, ack p99 < 50 ms, ≥ 50 % of baseline",
      pass,
      also: `ack p99 ${value.p99.toFixed(0)} ms; ${recorded} of ${acknowledged} acknowledged recorded`,
      details: {
        seconds: SECONDS,
        concurrency: CONCURRENCY,
        ackP50ms: value.p50,
        ackP99ms: value.p99,
        baselineP99ms: (baseline1.p99 + baseline2.p99) / 2,
        accepted: value.accepted,
        acknowledgedWithWarmUp: acknowledged,
        recordedInDatabase: recorded,
        statuses: value.statuses,
        baselineRuns: [baseline1.perSecond, baseline2.perSecond],
        webPeakRssMb: peak.web,
        // CPU per delivery in the measured part: the web process, and the bare server.
        webCpuMsPerDelivery: value.cpuMsPerDelivery ?? null,
        baselineCpuMsPerDelivery:
          baseline1.cpuMsPerDelivery !== undefined && baseline2.cpuMsPerDelivery !== undefined
            ? (baseline1.cpuMsPerDelivery + baseline2.cpuMsPerDelivery) / 2
            : null,
      },
    });
  } else {
    say(`memory under the intake load: web + workers, ${SECONDS} s, ${CONCURRENCY} connections`);
    const web = await startWeb(env);
    started.push(web);
    const workers = startWorkerProcess(env);
    started.push(workers);
    // The workers at work before the measured load: a few deliveries, until one is processed.
    await runScript("bench/lib/load.ts", [
      JSON.stringify({ kind: "webhooks", base: web.base, durationMs: 1000, warmMs: 0, concurrency: 1, smsShare: 0.5, tag: tag++, ...secrets }),
    ]);
    for (let i = 0; ; i++) {
      const done = Number((await db.query(`SELECT count(*)::int AS n FROM "InboundEvent" WHERE "processedAt" IS NOT NULL`)).rows[0].n);
      if (done > 0) break;
      if (i > 1800 || workers.child.exitCode !== null) throw new Error(`the workers processed nothing:\n${workers.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = Number((await db.query(`SELECT count(*)::int AS n FROM "Request"`)).rows[0].n);
    const rss = sampleRss({ web: web.child.pid, workers: workers.child.pid });
    const value = await load(web.base);
    // The workers keep turning deliveries into requests after the load stops: a few seconds more.
    await new Promise((r) => setTimeout(r, Math.min(10_000, SECONDS * 1000)));
    const peak = rss.stop();
    line("web under load", value);
    const made = Number((await db.query(`SELECT count(*)::int AS n FROM "Request"`)).rows[0].n) - before;
    say(`  peak RSS: web ${peak.web?.toFixed(0)} MB, workers ${peak.workers?.toFixed(0)} MB; requests made meanwhile: ${made}`);
    for (const [name, mb] of [
      ["rss.web", peak.web],
      ["rss.workers", peak.workers],
    ] as const)
      report({
        row: name,
        value: mb ?? NaN,
        unit: "MB",
        baseline: null,
        ratio: null,
        target: "< 300 MB",
        pass: (mb ?? Infinity) < 300,
        details: { seconds: SECONDS, accepted: value.accepted, acceptedPerSecond: value.perSecond, requestsMade: made },
      });
  }
} finally {
  for (const s of started.reverse()) await s.stop();
  telegramStub?.close();
  await db.end();
  await dropQueueKeys(queuePrefix);
}
