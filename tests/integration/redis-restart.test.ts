// Redis here keeps nothing on disk. When it dies and comes back empty, every queued job
// and every job scheduler is gone; nothing committed in Postgres may be lost, and work
// must resume by itself. This runs a private redis-server so the shared one is untouched.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, test } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { startWorkers } from "#workers/start-workers.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";
import { freePort, killProcess, startPrivateRedis } from "./private-redis.ts";

let port = 0;
let redis: ChildProcess | undefined;

async function startRedis() {
  redis = await startPrivateRedis(port);
}

async function stopRedis() {
  const r = redis;
  redis = undefined;
  await killProcess(r);
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  await closeQueues();
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  resetEnvForTests();
});

afterAll(async () => {
  await closeQueues();
  await stopRedis();
});

/** Work lost with an emptied Redis is back on the queues this soon after Redis is, with the schedules and settings a city runs with. */
const RECOVERY_BUDGET_MS = 20_000;

test("after Redis dies and comes back empty, committed work is delivered within seconds without anyone stepping in", { timeout: 90_000 }, async () => {
  await createSmallCity();
  // Every schedule runs as in production, the iGov catalogue sync included.
  server.use(...createIgovApi().handlers);
  const workers = startWorkers({ closeGraceMs: 1000 });
  try {
    await workers.ready;
    const submit = (n: number) =>
      submitRequest({
        channel: "TELEGRAM",
        externalId: `upd-${n}`,
        description: "Немає води",
        categoryCode: "water.no-water",
        location: POINTS.centre,
        citizen: { identity: { channel: "TELEGRAM", externalId: `chat-${n}` } },
      });
    const sentFor = (requestId: string) => getDb().notification.findFirst({ where: { requestId, template: "received", status: "SENT" } });

    const before = await submit(1);
    await waitFor("the first notice", () => sentFor(before.request.id));

    await stopRedis();
    const t0 = Date.now();
    const during = await submit(2); // Postgres takes it; the wake-up call cannot be queued
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(during.created).toBe(true);
    expect(await getDb().notification.count({ where: { requestId: during.request.id, status: "PENDING" } })).toBeGreaterThan(0);

    await startRedis(); // empty: no jobs, no schedulers
    const back = Date.now();
    await waitFor("the notice recorded while Redis was away", () => sentFor(during.request.id), RECOVERY_BUDGET_MS);
    // The citizen hears about it seconds after Redis is back, not minutes.
    expect(Date.now() - back).toBeLessThan(RECOVERY_BUDGET_MS);
    const after = await submit(3);
    await waitFor("a notice after the restart", () => sentFor(after.request.id));
  } finally {
    await workers.close();
  }
});
