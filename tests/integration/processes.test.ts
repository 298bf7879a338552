// The platform's processes as they run in production, started for real: the web drains its
// requests in flight on SIGTERM (and ends live-update streams rather than wait for them), the workers finish their running job, and under `npm start`
// one part killed with SIGKILL is restarted while the others keep serving, with /healthz
// saying which part is where.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { enqueueNotifications } from "#app/domain/notifications/enqueue-notifications.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { checkHealth, closeHealth, type HealthReport } from "#app/utils/health.server.ts";
import { createCategory, createDepartment } from "#tests/factories/org.ts";
import { signInAs } from "#tests/factories/staff-session.ts";

const SESSION_SECRET = randomBytes(36).toString("base64url");
const CSRF = "drain-csrf-token-0123456789abcdef";
const started: ChildProcess[] = [];

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Polls `check` until it gives a value; `what` (read only on failure, so it can show the processes' latest output) names the wait. */
async function until<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string | (() => string),
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, detached: true });
  started.push(child);
  const output = { text: "" };
  child.stdout!.on("data", (d) => (output.text += d));
  child.stderr!.on("data", (d) => (output.text += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
    child.once("exit", (code, signal) => r({ code, signal, at: Date.now() })),
  );
  return { child, output, exited };
}

const health = (base: string) =>
  fetch(`${base}/healthz`).then(
    async (r) => ({ status: r.status, body: (await r.json()) as HealthReport }),
    () => null,
  );

beforeAll(() => {
  // The production server loads build/ once at start; build it unless a build is there.
  if (!existsSync("build/server/index.js")) {
    const build = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], { encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  // Whole process groups: a supervisor's children too.
  for (const c of started)
    if (c.exitCode === null && c.signalCode === null && c.pid)
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {
        /* gone */
      }
  await closeHealth();
});

/** One form POST whose body trickles in over `ms`, like a large form on a slow line; resolves with the complete answer. */
function slowReport(base: string, fields: Record<string, string>, ms: number) {
  const body = Buffer.from(new URLSearchParams({ csrf: CSRF, ...fields }).toString());
  const { port } = new URL(base);
  const sent = { bytes: 0 };
  const answer = new Promise<{ status: number; location?: string; body: string; complete: boolean }>((resolve) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/report",
      agent: false,
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": String(body.length),
        Cookie: `__slv_csrf=${CSRF}`,
        Origin: base,
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, location: res.headers.location, body: text, complete: res.complete }));
      res.on("error", () => resolve({ status: res.statusCode!, body: text, complete: false }));
    });
    req.on("error", (e) => resolve({ status: 0, body: e.message, complete: false }));
    const chunks = 10;
    const size = Math.ceil(body.length / chunks);
    let i = 0;
    const next = () => {
      const part = body.subarray(i * size, (i + 1) * size);
      i++;
      sent.bytes += part.length;
      if (i >= chunks) return void req.end(part);
      req.write(part);
      setTimeout(next, ms / chunks);
    };
    next();
  });
  return { answer, sent, total: body.length };
}

/**
 * The production web on `port`, once it answers /healthz. Other test files rebuild build/ while
 * they start (emptying it first): a web that found no build exits, and is started again.
 */
async function startWeb(port: number, env: Record<string, string>) {
  for (let attempt = 1; ; attempt++) {
    const web = run(["--import", "tsx", "server.ts"], {
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      SESSION_SECRET,
      ...env,
    });
    let gone = false;
    void web.exited.then(() => (gone = true));
    const up = await until(
      async () => gone || ((await health(`http://127.0.0.1:${port}`)) ?? undefined),
      () => `the web to start:\n${web.output.text}`,
    );
    if (up !== true) return web;
    if (attempt >= 3) throw new Error(`the web would not start:\n${web.output.text}`);
    await until(() => existsSync("build/server/index.js"), "a build", 60_000);
  }
}

/** Opens /staff/events as a signed-in operator; resolves once the stream has begun, with when it closed. */
function liveUpdates(base: string, cookie: string) {
  return new Promise<{ closed: Promise<number> }>((resolve, reject) => {
    const req = http.get(`${base}/staff/events`, { headers: { Cookie: cookie }, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`/staff/events answered ${res.statusCode}`));
      const closed = new Promise<number>((r) => res.once("close", () => r(Date.now())));
      res.once("data", () => resolve({ closed }));
      res.on("data", () => {});
    });
    req.on("error", reject);
  });
}

describe("web: graceful shutdown", () => {
  // The web signs sessions with its own secret: sign this test's operator with the same.
  let operator: ReturnType<typeof signInAs>;
  beforeAll(() => {
    process.env.SESSION_SECRET = SESSION_SECRET;
    resetEnvForTests();
    operator = signInAs("OPERATOR");
  });
  afterAll(() => {
    delete process.env.SESSION_SECRET;
    resetEnvForTests();
  });

  test("SIGTERM mid-flight: readiness turns 503 at once, new connections are refused after the delay, and every request in flight gets its whole answer", async () => {
    const department = await createDepartment();
    const category = await createCategory({ code: `drain-${randomUUID().slice(0, 8)}`, departmentId: department.id });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const web = await startWeb(port, { SHUTDOWN_DELAY_SECONDS: "1", SHUTDOWN_GRACE_SECONDS: "15" });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    // A real form with a long description, posted by N citizens on slow lines (1.5–2.6 s each,
    // so they do not all reach the database in the same instant).
    const N = 12;
    const description = "Біля будинку прорвало трубу, вода тече вулицею. ".repeat(80);
    const posts = Array.from({ length: N }, (_, i) =>
      slowReport(
        base,
        {
          idempotencyKey: `drain-${randomUUID()}`,
          categoryCode: category.code,
          description: `${i}: ${description}`,
          address: "вул. Університетська, 1",
          fullName: "Олена Петренко",
          phone: "050 123 45 67",
          nearbyChecked: "1",
          intent: "submit",
        },
        1500 + i * 100,
      ),
    );
    await until(() => posts.every((p) => p.sent.bytes > p.total / 3), "every form a third sent");
    // And an operator's live-updates stream, which never ends by itself.
    const sse = await liveUpdates(base, (await operator).cookie);

    const termAt = Date.now();
    web.child.kill("SIGTERM");
    // Readiness says "do not send me traffic" at once, while requests are still accepted during the delay.
    const ready = await until(
      () =>
        fetch(`${base}/readyz`).then(
          async (r) => (r.status === 503 ? ((await r.json()) as HealthReport) : undefined),
          () => undefined,
        ),
      "readiness 503",
      900,
    );
    expect(ready).toMatchObject({ status: "stopping", ready: false });
    // After the delay the listener is closed: a new connection is refused.
    const refused = await until(
      () =>
        fetch(`${base}/healthz`).then(
          () => false,
          (e: Error & { cause?: { code?: string } }) => e.cause?.code === "ECONNREFUSED",
        ),
      "new connections refused",
      3000,
    );
    expect(refused).toBe(true);
    const refusedAfterMs = Date.now() - termAt;

    const answers = await Promise.all(posts.map((p) => p.answer));
    const exit = await web.exited;
    const drained = answers.filter((a) => a.complete && a.status === 302 && /^\/track\//.test(a.location ?? "")).length;
    const stored = await getDb().request.count({ where: { categoryId: category.id } });
    console.info(
      `graceful shutdown: ${drained}/${N} in-flight requests answered in full, ${stored} stored; new connections refused ${refusedAfterMs} ms after SIGTERM; exit ${exit.code} after ${exit.at - termAt} ms`,
    );
    const errors = web.output.text.split("\n").filter((l) => /"level":"(error|warn)"/.test(l));
    expect(
      answers.map((a) => a.status),
      errors.join("\n"),
    ).toEqual(Array(N).fill(302));
    expect(drained).toBe(N);
    expect(stored).toBe(N);
    expect(exit.code).toBe(0);
    expect(web.output.text).toMatch(/"msg":"web drained".*"inFlightAtStart":\d+.*"cut":0/);
    // The event stream was ended by the drain (the browser reconnects elsewhere), not waited out for the grace period.
    expect((await sse.closed) - termAt).toBeLessThan(5000);
    expect(exit.at - termAt).toBeLessThan(15_000);
  }, 60_000);
});

describe("workers: graceful shutdown", () => {
  test("SIGTERM while a job runs: the job finishes (the message is sent and recorded), then the process exits 0 and leaves the health list", async () => {
    // Telegram, as a stand-in on loopback that holds sendMessage until the test lets it answer.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let sending!: () => void;
    const sendStarted = new Promise<void>((r) => (sending = r));
    const telegram = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", async () => {
        const chatId = Number((JSON.parse(body || "{}") as { chat_id?: unknown }).chat_id);
        sending();
        await held;
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({
            ok: true,
            result: { message_id: 77, chat: { id: chatId, type: "private" }, date: Math.floor(Date.now() / 1000), text: "…" },
          }),
        );
      });
    });
    await new Promise<void>((r) => telegram.listen(0, "127.0.0.1", r));
    const apiRoot = `http://127.0.0.1:${(telegram.address() as net.AddressInfo).port}`;

    const workers = run(["--import", "tsx", "workers/index.ts"], {
      TELEGRAM_BOT_TOKEN: "123456:TEST-TOKEN-workers",
      TELEGRAM_API_ROOT: apiRoot,
      LOG_LEVEL: "info",
    });
    const up = await until(
      async () => {
        const h = await checkHealth();
        return h.parts.workers.state === "ok" && h;
      },
      () => `workers' heartbeat:\n${workers.output.text}`,
    );
    expect(up.parts.workers.instances).toEqual([expect.objectContaining({ pid: workers.child.pid, state: "ok" })]);

    const db = getDb();
    const citizen = await db.citizen.create({ data: { language: "uk", identities: { create: { channel: "TELEGRAM", externalId: "555000777" } } } });
    const request = await db.request.create({
      data: {
        number: `SLV-2026-${String(Date.now()).slice(-6)}`,
        channel: "TELEGRAM",
        citizenId: citizen.id,
        description: "Не світить ліхтар",
        accessTokenHash: randomUUID(),
      },
    });
    const [row] = await db.$transaction((tx) => recordNotifications({ tx, requestId: request.id, template: "received", eventKey: `drain:${randomUUID()}` }));
    await enqueueNotifications({ ids: [row!.id] });
    await sendStarted;

    const termAt = Date.now();
    workers.child.kill("SIGTERM");
    const stopping = await until(async () => {
      const h = await checkHealth();
      return /stopping/.test(String(h.parts.workers.detail)) && h;
    }, "workers saying they are stopping");
    expect(stopping.parts.workers.state).toBe("degraded");
    let exitedEarly = false;
    void workers.exited.then(() => (exitedEarly = true));
    // The send is held a second after SIGTERM: the process must still be there, waiting for it.
    await new Promise((r) => setTimeout(r, 1000));
    expect(exitedEarly).toBe(false);
    const releasedAt = Date.now();
    release();
    const exit = await workers.exited;
    telegram.close();
    console.info(
      `workers: SIGTERM → running job finished → exit ${exit.code} ${exit.at - termAt} ms after SIGTERM (${exit.at - releasedAt} ms after the send answered)`,
    );
    expect(exit.code).toBe(0);
    expect(exit.at).toBeGreaterThanOrEqual(releasedAt);
    expect((await db.notification.findUniqueOrThrow({ where: { id: row!.id } })).status).toBe("SENT");
    // A clean stop removes the heartbeat at once (a death would wait for its TTL).
    expect((await checkHealth()).parts.workers).toMatchObject({ state: "down", instances: [] });
  }, 60_000);
});

describe("npm start: supervision", () => {
  test("the workers killed with SIGKILL come back within seconds while the web keeps answering; health shows it", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const start = run(["--import", "tsx", "scripts/start.ts"], { PORT: String(port), HOST: "127.0.0.1", SKIP_BUILD: "1", LOG_LEVEL: "warn" });
    const first = await until(
      async () => {
        const h = await health(base);
        return h?.body.parts.workers.state === "ok" && h.body.parts.database.state === "ok" && h.body;
      },
      () => `web and workers up:\n${start.output.text}`,
      60_000,
    );
    expect(first.parts.redis.state).toBe("ok");
    const instances = first.parts.workers.instances as { pid: number; state: string }[];
    const killed = instances[0]!.pid;

    const killedAt = Date.now();
    process.kill(killed, "SIGKILL");
    const statuses: number[] = [];
    const back = await until(
      async () => {
        const h = await health(base);
        statuses.push(h?.status ?? 0);
        const fresh = (h?.body.parts.workers.instances as { pid: number; state: string }[] | undefined)?.find((i) => i.pid !== killed && i.state === "ok");
        return fresh && { h: h!.body, pid: fresh.pid };
      },
      () => `the workers back:\n${start.output.text}`,
    );
    const restartMs = Date.now() - killedAt;
    console.info(`npm start: workers back (new pid, heartbeat ok) ${restartMs} ms after SIGKILL; the web answered ${statuses.length} health checks meanwhile`);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(back.pid).not.toBe(killed);
    expect(restartMs).toBeLessThan(20_000);
    expect(start.output.text).toMatch(/workers exited \(SIGKILL\) after [\d.]+ s; restarting in 1\.0 s/);
    expect((await fetch(`${base}/api/deadlines?receivedAt=2026-01-31T10:00:00Z`)).status).toBe(200);

    // Stopping the supervisor stops its children, cleanly.
    start.child.kill("SIGTERM");
    expect((await start.exited).code).toBe(0);
    expect(
      await fetch(`${base}/healthz`).then(
        () => "answered",
        () => "nothing listening",
      ),
    ).toBe("nothing listening");
  }, 120_000);
});
