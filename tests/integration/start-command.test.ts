// `npm start` must say at once which local service is missing and how to start it.
import { spawn } from "node:child_process";
import net from "node:net";
import { expect, test } from "vitest";
import { checkServices } from "../../scripts/check-services.ts";

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

test("the service check names the unreachable one within a second", async () => {
  const port = await freePort();
  const t0 = Date.now();
  const checks = await checkServices({ databaseUrl: process.env.DATABASE_URL!, redisUrl: `redis://127.0.0.1:${port}` });
  expect(Date.now() - t0).toBeLessThan(1000);
  expect(checks.map((c) => [c.name, c.ok])).toEqual([
    ["PostgreSQL", true],
    ["Redis", false],
  ]);
});

test("npm start with Redis down exits non-zero, names Redis and says how to start it", async () => {
  const port = await freePort();
  const run = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${port}`, DATABASE_URL: process.env.DATABASE_URL },
  });
  let out = "";
  run.stdout.on("data", (d) => (out += d));
  run.stderr.on("data", (d) => (out += d));
  const code = await new Promise<number | null>((r) => run.on("exit", r));
  expect(code).toBe(1);
  expect(out).toMatch(/Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+/);
  expect(out).toMatch(/redis-server --daemonize yes/);
  expect(out).toMatch(/docker compose up -d redis/);
  expect(out).not.toMatch(/PostgreSQL is not reachable/);
});
