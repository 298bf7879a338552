// Row "drain" of `npm run bench`: how fast the intake worker (the production workers process,
// `node dist/workers.js`, compiled) turns recorded SMS into requests with 100,000 SMS
// already queued, against the same with nothing else queued, in the same run. Each
// measurement starts the workers on a queue filled beforehand (rows and wake-up jobs as the
// webhook leaves them), skips the first events (start-up), and times the next BENCH_DRAIN_WINDOW
// (2,000) events.
//
//   node --import tsx bench/rows/drain.ts
import { randomBytes } from "node:crypto";
import pg from "pg";
import { BENCH_URL, dropQueueKeys, freePort, freshDatabase, productionEnv, report, say, scaled, sleep, startWorkerProcess } from "../lib/common.ts";

const BACKLOG = scaled(100_000, 500);
const WINDOW = Math.min(scaled(Number(process.env.BENCH_DRAIN_WINDOW ?? 2000), 40), BACKLOG / 2);
const SKIP = scaled(100, 10);
/** A window that has not finished in this long is reported at the rate reached so far. */
const WINDOW_LIMIT_MS = scaled(600, 60) * 1000;
const queuePrefix = `slvbench-drain-${Date.now()}`;
process.env.QUEUE_PREFIX = queuePrefix;

await freshDatabase(BENCH_URL);
const { getQueue, closeQueues, markQueuesKept } = await import("#app/jobs/queues.server.ts");
const { disconnectDb } = await import("#app/utils/db.server.ts");
const db = new pg.Pool({ connectionString: BENCH_URL.toString(), max: 2 });
const env = productionEnv({ databaseUrl: BENCH_URL.toString(), port: await freePort(), queuePrefix });
// A running installation has this marker; without it the workers' first re-drive would put every undone event back at start.
await markQueuesKept();

const DESCRIPTIONS = [
  "Немає води в будинку",
  "Не працює ліхтар біля під'їзду",
  "Яма на дорозі біля будинку",
  "Холодні батареї в квартирі",
  "Не вивезли сміття з двору",
];
let phone = 0;

/** `count` SMS as the webhook records them (InboundEvent rows) with their wake-up jobs, one number each. */
async function queueSms(count: number) {
  for (let start = 0; start < count; start += 5000) {
    const n = Math.min(5000, count - start);
    const ids: string[] = [];
    const rows = Array.from({ length: n }, (_, k) => {
      const i = phone++;
      const params = {
        MessageSid: "SM" + randomBytes(16).toString("hex"),
        AccountSid: "AC" + "1".repeat(32),
        From: `+38067${String(1_000_000 + i).padStart(7, "0")}`,
        To: "+380930000001",
        Body: `${DESCRIPTIONS[i % DESCRIPTIONS.length]} ${1 + (i % 180)}, вул. Шевченка`,
        NumMedia: "0",
      };
      return { externalId: params.MessageSid, payload: { kind: "sms", params, receivedAt: new Date().toISOString() }, k };
    });
    const inserted = await db.query<{ id: string }>(
      `INSERT INTO "InboundEvent" (channel, "externalId", payload)
       SELECT 'SMS', e, p FROM unnest($1::text[], $2::jsonb[]) AS t(e, p) RETURNING id`,
      [rows.map((r) => r.externalId), rows.map((r) => JSON.stringify(r.payload))],
    );
    ids.push(...inserted.rows.map((r) => r.id));
    const queue = getQueue("intake");
    for (let j = 0; j < ids.length; j += 1000)
      await queue.addBulk(
        ids.slice(j, j + 1000).map((id) => ({
          name: "intake",
          data: { inboundEventId: id },
          opts: {
            jobId: `in-${id}`,
            attempts: 5,
            backoff: { type: "exponential", delay: 2000 },
            removeOnComplete: { count: 1000 },
            removeOnFail: { count: 5000 },
          },
        })),
      );
  }
}

const processed = async () => Number((await db.query(`SELECT count(*)::int AS n FROM "InboundEvent" WHERE "processedAt" IS NOT NULL`)).rows[0].n);

/** Starts the workers on what is queued, waits past SKIP events, times the next WINDOW. */
async function drainWindow(label: string) {
  const already = await processed();
  const workers = startWorkerProcess(env);
  try {
    const waitFor = async (target: number, limitMs: number) => {
      const t0 = Date.now();
      for (;;) {
        const n = await processed();
        if (n >= target || Date.now() - t0 > limitMs) return n;
        if (workers.child.exitCode !== null) throw new Error(`workers exited:\n${workers.output().slice(-3000)}`);
        await sleep(100);
      }
    };
    await waitFor(already + SKIP, 300_000);
    const from = await processed();
    const t0 = performance.now();
    const to = await waitFor(from + WINDOW, WINDOW_LIMIT_MS);
    const seconds = (performance.now() - t0) / 1000;
    const rate = (to - from) / seconds;
    say(`  ${label.padEnd(40)} ${rate.toFixed(1).padStart(7)} events/s  (${to - from} events in ${seconds.toFixed(1)} s)`);
    return { rate, events: to - from, seconds };
  } finally {
    await workers.stop();
  }
}

try {
  say(`intake drain: window ${WINDOW} events after ${SKIP}; backlog ${BACKLOG}`);
  // A margin past the window: the count is polled, so the window may start a few events past
  // SKIP, and with exactly SKIP + WINDOW queued it could never be reached.
  await queueSms(SKIP + WINDOW + SKIP);
  const baseline = await drainWindow("baseline: nothing else queued");
  const t0 = performance.now();
  await queueSms(BACKLOG);
  say(`  (queued ${BACKLOG} SMS in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const value = await drainWindow(`with ${BACKLOG.toLocaleString("en")} queued`);
  const ratio = value.rate / baseline.rate;
  report({
    row: "drain",
    value: value.rate,
    unit: "events/s",
    baseline: baseline.rate,
    ratio,
    target: "≥ 80 % of baseline",
    pass: ratio >= 0.8,
    details: { backlog: BACKLOG, window: WINDOW, skipped: SKIP, value, baselineRun: baseline },
  });
} finally {
  await db.end();
  await closeQueues();
  await disconnectDb().catch(() => {});
  await dropQueueKeys(queuePrefix);
}
process.exit(0);
