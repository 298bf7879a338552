// Redis here keeps nothing on disk. When it dies and comes back empty, every queued job
// and every job scheduler is gone; nothing committed in Postgres may be lost, and work
// must resume by itself. This runs a private redis-server so the shared one is untouched.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { setSetting } from "#app/domain/settings/get-setting.server.ts";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { startWorkers } from "#workers/start-workers.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";

let port = 0;
let redis: ChildProcess | undefined;

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function startRedis() {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  redis = child;
  // redis-server says so once it listens.
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (d: Buffer) => {
      output += d.toString();
      if (output.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server did not start (exit ${code}):\n${output}`)));
  });
  child.stdout!.resume();
}

async function stopRedis() {
  const r = redis;
  redis = undefined;
  if (!r || r.exitCode !== null) return;
  await new Promise((resolve) => {
    r.once("exit", resolve);
    r.kill("SIGKILL");
  });
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

test("after Redis dies and comes back empty, committed work is still delivered without anyone stepping in", async () => {
  await createSmallCity();
  await setSetting({ key: "maintenance.redriveAfterMinutes", value: 0 });
  const workers = startWorkers({ scheduleEveryMs: { redrive: 500, "sweep-deadlines": 500 }, closeGraceMs: 1000 });
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
    await waitFor("the notice recorded while Redis was away", () => sentFor(during.request.id), 30_000);
    const after = await submit(3);
    await waitFor("a notice after the restart", () => sentFor(after.request.id));
  } finally {
    await workers.close();
  }
});
