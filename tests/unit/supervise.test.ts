// The supervisor behind `npm start`, driven with tiny real child processes: one part that
// dies is started again after a backoff while the others keep serving; a crash loop backs
// off doubling up to a cap, and a child that ran long enough starts again quickly.
import http from "node:http";
import { afterEach, expect, test } from "vitest";
import { supervise, type Supervisor, type SupervisorEvent } from "../../scripts/supervise.ts";

const node = (name: string, code: string, env: Record<string, string> = {}) => ({
  name,
  command: process.execPath,
  args: ["-e", code],
  env: { ...process.env, ...env },
  stdio: "ignore" as const,
});
// A small web part: answers with its pid on the port it is given.
const WEB = `require("http").createServer((q, s) => s.end(String(process.pid))).listen(Number(process.env.PORT), "127.0.0.1"); process.on("SIGTERM", () => process.exit(0));`;
// A part that just stays up.
const IDLE = `setInterval(() => {}, 1000); process.on("SIGTERM", () => process.exit(0));`;

let running: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.stop("SIGKILL")));
  running = [];
});

function start(...args: Parameters<typeof supervise>) {
  const s = supervise(...args);
  running.push(s);
  return s;
}

/** Polls `check` (sync or async) every 10 ms until it gives something other than undefined/null. */
async function until<T>(check: () => T | undefined | null | Promise<T | undefined | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== null) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = http.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const get = (port: number) =>
  fetch(`http://127.0.0.1:${port}/`).then(
    async (r) => Number(await r.text()),
    () => null,
  );

test("a part killed with SIGKILL is started again after the backoff; the other part keeps answering meanwhile", async () => {
  const port = await freePort();
  const events: SupervisorEvent[] = [];
  const s = start([node("web", WEB, { PORT: String(port) }), node("workers", IDLE)], {
    backoff: { minMs: 300, maxMs: 5000, stableMs: 60_000 },
    onEvent: (e) => events.push(e),
  });
  const webPid = await until(() => s.children().find((c) => c.name === "web" && c.running)?.pid);
  const firstWorkers = await until(() => s.children().find((c) => c.name === "workers" && c.running)?.pid);
  expect(await until(() => get(port))).toBe(webPid);

  const killedAt = Date.now();
  process.kill(firstWorkers, "SIGKILL");
  const answers: (number | null)[] = [];
  const secondWorkers = await until(() => {
    void get(port).then((pid) => answers.push(pid));
    const w = s.children().find((c) => c.name === "workers" && c.running);
    return w && w.pid !== firstWorkers ? w.pid : undefined;
  });
  const restartMs = Date.now() - killedAt;
  console.info(`workers restarted ${restartMs} ms after SIGKILL (backoff 300 ms)`);
  expect(secondWorkers).not.toBe(firstWorkers);
  expect(restartMs).toBeGreaterThanOrEqual(300);
  expect(restartMs).toBeLessThan(3000);
  // The web part was never touched: the same process answered all along.
  await until(() => (answers.length >= 5 ? true : undefined));
  expect(new Set(answers)).toEqual(new Set([webPid]));
  expect(events.filter((e) => e.type === "exited").map((e) => e.type === "exited" && [e.name, e.signal])).toEqual([["workers", "SIGKILL"]]);
  expect(s.children().find((c) => c.name === "workers")?.restarts).toBe(1);
});

test("a part that keeps dying is restarted with a doubling wait up to the cap; one that ran a stable while starts again at the minimum", async () => {
  const delays = (name: string, events: SupervisorEvent[]) => events.flatMap((e) => (e.type === "restarting" && e.name === name ? [e.delayMs] : []));
  const events: SupervisorEvent[] = [];
  // stableMs well above a Node start on a busy machine, so only the long-lived child counts as stable.
  start([node("crashing", "process.exit(3)"), node("long-lived", "setTimeout(() => process.exit(1), 1200)")], {
    backoff: { minMs: 20, maxMs: 160, stableMs: 1000 },
    onEvent: (e) => events.push(e),
  });
  await until(() => (delays("crashing", events).length >= 6 && delays("long-lived", events).length >= 3 ? true : undefined), 30_000);
  expect(delays("crashing", events).slice(0, 6)).toEqual([20, 40, 80, 160, 160, 160]);
  expect(delays("long-lived", events).slice(0, 3)).toEqual([20, 20, 20]);
}, 40_000);

test("stop() ends every part with SIGTERM, kills one that ignores it after the timeout, and restarts nothing", async () => {
  const events: SupervisorEvent[] = [];
  // Each child says "ready" once its SIGTERM handler is in place.
  const piped = (spec: ReturnType<typeof node>) => ({ ...spec, stdio: ["ignore", "pipe", "ignore"] as ("ignore" | "pipe")[] });
  const s = start(
    [
      piped(node("polite", `${IDLE} console.log("ready");`)),
      piped(node("stubborn", `process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("ready");`)),
    ],
    { stopTimeoutMs: 500, onEvent: (e) => events.push(e) },
  );
  for (const name of ["polite", "stubborn"]) {
    const out = await until(() => s.children().find((c) => c.name === name)?.child?.stdout);
    await new Promise((r) => out.once("data", r));
  }
  const t0 = Date.now();
  await s.stop();
  expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
  const exits = Object.fromEntries(events.flatMap((e) => (e.type === "exited" ? [[e.name, e.code ?? e.signal]] : [])));
  expect(exits).toEqual({ polite: 0, stubborn: "SIGKILL" });
  expect(events.some((e) => e.type === "restarting")).toBe(false);
});
