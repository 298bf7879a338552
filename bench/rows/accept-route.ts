// Row "accept-route" of `npm run bench`: accept + route with deadlines and the first
// notification queued, through the core — doors accept (acceptRequest: validation, number,
// one INSERT, a routing wake-up) while routing workers' steps run beside them (routeAccepted:
// claim a set, citizen, district, outage, rules, deadlines, events, outbox rows, queue
// wake-ups) — against plain single-row INSERTs into the same "Request" table (measured before
// and after, for drift). The value is requests accepted and routed per second, until the
// last is routed. Also printed: submitRequest, which accepts and routes in one transaction
// (the doors that answer with the outcome). Then accept→routed latency at a fixed offered
// rate (500/s; BENCH_OFFERED_RATE): accepts start on a timetable whether or not earlier ones
// finished, and each one's time is from its scheduled start to the commit that routed it, so
// time spent waiting in line counts.
//
//   node --import tsx bench/rows/accept-route.ts
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import pg from "pg";
import { BENCH_URL, dropQueueKeys, freshDatabase, quantile, report, ROOT, say, scaled, sleep } from "../lib/common.ts";

const N = scaled(Number(process.env.BENCH_N ?? 2000), 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const RATE = Number(process.env.BENCH_OFFERED_RATE ?? 500);
const OFFER_SECONDS = scaled(20, 1);
/** How long after the last scheduled start the harness waits for stragglers; what is still unrouted then counts as later than this. */
const GRACE_SECONDS = scaled(60, 10);
const queuePrefix = `slvbench-accept-${Date.now()}`;
process.env.QUEUE_PREFIX = queuePrefix;

await freshDatabase(BENCH_URL);
const { getDb, disconnectDb } = await import("#app/utils/db.server.ts");
const { acceptRequest, submitRequest } = await import("#app/domain/requests/submit-request.server.ts");
/** Routing workers' steps running beside the doors (BENCH_ROUTERS processes). */
const ROUTERS = Number(process.env.BENCH_ROUTERS ?? 2);
const { closeQueues } = await import("#app/jobs/queues.server.ts");

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
const DESCRIPTIONS = ["Немає води в будинку", "Не працює ліхтар біля під'їзду", "Яма на дорозі", "Холодні батареї", "Не вивезли сміття"];

let refused = 0;
const inputOf = (tag: string, i: number) => ({
  channel: i % 2 ? ("TELEGRAM" as const) : ("WEB" as const),
  externalId: `${tag}-${i}`,
  description: pick(DESCRIPTIONS),
  categoryCode: pick(leaves).code,
  location: point(),
  address: "вул. Банківська, 1",
  citizen: i % 3 === 0 ? null : { identity: { channel: "TELEGRAM" as const, externalId: `bench-${i % 500}` } },
});
const refusedAsInvalid = (e: Error) => {
  // A category that needs an appeal's legal fields: refused as the citizen would be, counted as work done.
  if ((e as { code?: string }).code !== "VALIDATION") throw e;
  refused++;
  return null;
};
const submitOne = (tag: string) => (i: number) => submitRequest(inputOf(tag, i)).catch(refusedAsInvalid);
/** Accepted request id → when it was accepted (epoch ms); removed once routed. */
const waiting = new Map<string, number>();
const epochNow = () => performance.timeOrigin + performance.now();
/** Routed before this process heard its accept return (a routing step can be that quick): id → when. */
const routedEarly = new Map<string, number>();
const acceptOne = (tag: string, startedAt?: (i: number) => number) => (i: number) => {
  const since = startedAt ? startedAt(i) : epochNow();
  return acceptRequest(inputOf(tag, i)).then((r) => {
    const routedAt = routedEarly.get(r.id);
    if (routedAt === undefined) waiting.set(r.id, since);
    else {
      routedAfter.push(routedAt - since);
      routedEarly.delete(r.id);
    }
  }, refusedAsInvalid);
};

/**
 * Routing workers' steps, each in a process of its own as the workers run beside the web
 * (bench/lib/routing-step.ts); each set they route is timed from its requests' accepts.
 */
const routedAfter: number[] = [];
function startRouters() {
  const children = Array.from({ length: ROUTERS }, () => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/lib/routing-step.ts"], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "error" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const [mark, at, ids] = line.split(" ");
      if (mark !== "ROUTED" || !ids) return;
      for (const id of ids.split(",")) {
        const since = waiting.get(id);
        if (since === undefined) {
          routedEarly.set(id, Number(at));
          continue;
        }
        routedAfter.push(Number(at) - since);
        waiting.delete(id);
      }
    });
    return child;
  });
  return async () => {
    await Promise.all(children.map((c) => new Promise((r) => (c.kill("SIGTERM"), c.once("exit", r)))));
  };
}
async function untilRouted(maxMs: number) {
  const t0 = performance.now();
  while (waiting.size && performance.now() - t0 < maxMs) await sleep(5);
  return waiting.size;
}

const pool = new pg.Pool({ connectionString: BENCH_URL.toString(), max: CONCURRENCY });
let counter = 900000;
const insertOne = () => {
  const id = randomUUID();
  return pool.query(
    `INSERT INTO "Request" (id, number, channel, "externalId", description, lat, lon, address, "categoryId", "accessTokenHash", "updatedAt")
     VALUES ($1, $2, 'WEB', $3, $4, $5, $6, $7, $8, $9, now())`,
    [id, `SLV-2026-${counter++}`, `base-${id}`, pick(DESCRIPTIONS), point().lat, point().lon, "вул. Банківська, 1", pick(leaves).id, id],
  );
};

async function closedLoop(label: string, total: number, one: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < total; i = next++) {
        const s = performance.now();
        await one(i);
        ms.push(performance.now() - s);
      }
    }),
  );
  const perSecond = total / ((performance.now() - t0) / 1000);
  ms.sort((a, b) => a - b);
  say(`  ${label.padEnd(36)} ${perSecond.toFixed(0).padStart(7)}/s   p50 ${quantile(ms, 0.5).toFixed(1)} ms   p95 ${quantile(ms, 0.95).toFixed(1)} ms`);
  return perSecond;
}

try {
  say(`accept + route vs plain INSERT: N=${N}, ${CONCURRENCY} at a time`);
  await closedLoop("warm-up (core)", Math.min(200, N), submitOne("warm"));
  await closedLoop("warm-up (baseline)", Math.min(200, N), insertOne);
  const baseline1 = await closedLoop("baseline: plain INSERT", N, insertOne);
  // Accept and route in sets: from the first accept to the last request routed.
  let stopRouters = startRouters();
  await sleep(3000); // the routing processes start (and load the core) before the clock starts
  const tCore = performance.now();
  await closedLoop("  of which the accepts", N, acceptOne("core"));
  const stranded = await untilRouted(GRACE_SECONDS * 1000);
  const core = N / ((performance.now() - tCore) / 1000);
  await stopRouters();
  say(`  core: accept + route in sets ${core.toFixed(0).padStart(9)}/s   (${ROUTERS} routing steps${stranded ? `, ${stranded} not routed` : ""})`);
  const inline = await closedLoop("submitRequest (one transaction)", N, submitOne("inline"));
  const baseline2 = await closedLoop("baseline again (drift check)", N, insertOne);
  // What the core left behind for those requests: deadlines and the first notification queued.
  const left = (
    await db.$queryRawUnsafe<{ requests: number; deadlines: number; notifications: number }[]>(
      `SELECT (SELECT count(*)::int FROM "Request" WHERE "externalId" LIKE 'core-%') AS requests,
              (SELECT count(*)::int FROM "Deadline" d JOIN "Request" r ON r.id = d."requestId" WHERE r."externalId" LIKE 'core-%') AS deadlines,
              (SELECT count(*)::int FROM "Notification" n JOIN "Request" r ON r.id = n."requestId" WHERE r."externalId" LIKE 'core-%') AS notifications`,
    )
  )[0]!;
  say(`  the core's ${left.requests} requests have ${left.deadlines} deadlines and ${left.notifications} notifications queued`);
  const baseline = (baseline1 + baseline2) / 2;

  // Offered load: RATE submissions a second for OFFER_SECONDS, whatever the core keeps up with.
  const offered = RATE * OFFER_SECONDS;
  say(`offered ${RATE}/s for ${OFFER_SECONDS} s (${offered} submissions)`);
  routedAfter.length = 0;
  waiting.clear();
  const refusedBefore = refused;
  let failed = 0;
  stopRouters = startRouters();
  await sleep(3000);
  const t0 = performance.now();
  const dueOf = (i: number) => performance.timeOrigin + t0 + (i * 1000) / RATE;
  const accept = acceptOne("offered", dueOf);
  const all: Promise<unknown>[] = [];
  for (let i = 0; i < offered; i++) {
    const wait = dueOf(i) - epochNow();
    if (wait > 1) await sleep(wait);
    all.push(accept(i).catch(() => failed++));
  }
  const offeredFor = (performance.now() - t0) / 1000;
  await Promise.race([Promise.all(all), sleep(GRACE_SECONDS * 1000)]);
  await untilRouted(GRACE_SECONDS * 1000);
  await stopRouters();
  const latencies = routedAfter;
  const unfinished = offered - latencies.length - failed - (refused - refusedBefore);
  const cap = (performance.now() - t0) * 1 - (OFFER_SECONDS * 1000 * (offered - 1)) / offered;
  latencies.sort((a, b) => a - b);
  // Not routed in time (still waiting or failed) counts as later than anything measured.
  const late = unfinished + failed;
  const p99 = late > offered * 0.01 ? Infinity : quantile(latencies, 0.99 + late / offered);
  const p50 = latencies.length > offered / 2 ? quantile(latencies, (0.5 * offered) / latencies.length) : Infinity;
  const routedPerSecond = latencies.length / ((performance.now() - t0) / 1000);
  say(
    `  accept→routed p50 ${Number.isFinite(p50) ? p50.toFixed(0) + " ms" : "—"}   p99 ${Number.isFinite(p99) ? p99.toFixed(0) + " ms" : `> ${(cap / 1000).toFixed(0)} s (${late} of ${offered} not routed within the wait)`}   (offering took ${offeredFor.toFixed(1)} s)`,
  );
  const ratio = core / baseline;
  report({
    row: "accept-route",
    value: core,
    unit: "routed/s",
    baseline,
    ratio,
    target: "≥ 50 % of baseline; accept→routed p99 < 1 s at 500/s",
    pass: ratio >= 0.5 && p99 < 1000,
    also: `accept→routed p99 at ${RATE}/s ${Number.isFinite(p99) ? `${p99.toFixed(0)} ms` : `> ${(cap / 1000).toFixed(0)} s`}`,
    details: {
      n: N,
      concurrency: CONCURRENCY,
      refusedAsInvalid: refused,
      coreLeft: left,
      routers: ROUTERS,
      submitRequestPerSecond: inline,
      baselineRuns: [baseline1, baseline2],
      offeredRate: RATE,
      offeredSeconds: OFFER_SECONDS,
      acceptToRoutedP50ms: Number.isFinite(p50) ? p50 : null,
      acceptToRoutedP99ms: Number.isFinite(p99) ? p99 : null,
      acceptToRoutedP99AtLeastMs: Number.isFinite(p99) ? null : cap,
      notRoutedWithinWait: late,
      failed,
      routedPerSecondUnderOffer: routedPerSecond,
    },
  });
} finally {
  await pool.end();
  await closeQueues();
  await disconnectDb().catch(() => {});
  await dropQueueKeys(queuePrefix);
}
process.exit(0);
