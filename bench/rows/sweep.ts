// Row "sweep" of `npm run bench`: one deadline sweep (sweepDeadlines, what the workers run
// every minute) over 1,000,000 open requests, each with its SLA deadline, as a running
// installation has them: those whose warning or due time passed more than a few minutes ago
// already warned and breached by earlier sweeps, the rest spread over the coming week. The
// database (open requests only) is seeded once by bench/seed-million.ts and reused.
//
//   node --import tsx bench/rows/sweep.ts
import { keptDatabase, report, say, scaled } from "../lib/common.ts";
import { seedMillion } from "../seed-million.ts";

const ROWS = scaled(1_000_000, 5_000);
const RUNS = 5;
const queuePrefix = `slvbench-sweep-${Date.now()}`;
process.env.QUEUE_PREFIX = queuePrefix;
const url = keptDatabase(process.env.BENCH_SWEEP_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/slv_bench_sweep");

await seedMillion({ rows: ROWS, log: say, url: url.toString(), openOnly: true });
const { getDb, disconnectDb } = await import("#app/utils/db.server.ts");
const { closeQueues } = await import("#app/jobs/queues.server.ts");
const { sweepDeadlines } = await import("#app/domain/deadlines/sweep-deadlines.server.ts");
const { dropQueueKeys } = await import("../lib/common.ts");
const db = getDb();
try {
  // What the sweeps of earlier minutes did, for the deadlines that came due since the seed.
  await db.$executeRawUnsafe(
    `UPDATE "Deadline" SET warned = true, "warnedAt" = "warnAt" WHERE active AND NOT warned AND "warnAt" < now() - interval '5 minutes'`,
  );
  await db.$executeRawUnsafe(
    `UPDATE "Deadline" SET breached = true, "breachedAt" = "dueAt" WHERE active AND NOT breached AND "dueAt" < now() - interval '5 minutes'`,
  );
  const counts = (
    await db.$queryRawUnsafe<{ open: number; active: number }[]>(
      `SELECT (SELECT count(*)::int FROM "Request" WHERE status IN ('NEW','ASSIGNED','IN_PROGRESS','WAITING_CITIZEN','RETURNED')) AS open,
              (SELECT count(*)::int FROM "Deadline" WHERE active) AS active`,
    )
  )[0]!;
  say(`deadline sweep over ${counts.open.toLocaleString("en")} open requests (${counts.active.toLocaleString("en")} running clocks), ${RUNS} sweeps`);
  await sweepDeadlines(); // connections and query plans warm
  const runs: { ms: number; warned: number; escalated: number; armed: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await sweepDeadlines();
    runs.push({ ms: performance.now() - t0, ...r });
    say(`  sweep ${i + 1}: ${runs.at(-1)!.ms.toFixed(0)} ms (warned ${r.warned}, escalated ${r.escalated}, jobs armed ${r.armed})`);
  }
  const worst = Math.max(...runs.map((r) => r.ms));
  report({
    row: "sweep",
    value: worst,
    unit: "ms",
    baseline: null,
    ratio: null,
    target: "< 2 s",
    pass: worst < 2000,
    details: { measured: "the slowest of the sweeps after a warm one", openRequests: counts.open, runningClocks: counts.active, runs },
  });
} finally {
  await closeQueues();
  await disconnectDb().catch(() => {});
  await dropQueueKeys(queuePrefix);
}
process.exit(0);
