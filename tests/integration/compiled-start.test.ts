// A production `npm start` runs compiled JavaScript with plain node: the web, the workers and
// the supervisor itself run from dist/ (scripts/build-node.ts), none through the tsx loader,
// and the supervisor keeps no database client loaded.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { HealthReport } from "#app/utils/health.server.ts";
import { buildNode } from "../../scripts/build-node.ts";
import { createSmallCity } from "../factories/org.ts";

const SESSION_SECRET = randomBytes(36).toString("base64url");
const OPEN311_KEY = randomBytes(18).toString("base64url");
const started: ChildProcess[] = [];

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function run(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, detached: true });
  started.push(child);
  const output = { text: "" };
  child.stdout!.on("data", (d) => (output.text += d));
  child.stderr!.on("data", (d) => (output.text += d));
  return { child, output };
}

async function until<T>(check: () => Promise<T | undefined | null | false>, what: () => string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const health = (base: string) =>
  fetch(`${base}/healthz`).then(
    async (r) => ({ status: r.status, body: (await r.json()) as HealthReport }),
    () => null,
  );

/** Every process below `pid`, with its command line and resident memory in MB. */
function descendants(pid: number) {
  const all = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        const args = readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0").filter(Boolean);
        return { pid: Number(d), ppid, args, rssMb: rssMb(Number(d)) };
      } catch {
        return null;
      }
    })
    .filter((p) => p !== null);
  const out: typeof all = [];
  const walk = (parent: number) => {
    for (const p of all.filter((q) => q.ppid === parent)) {
      out.push(p);
      walk(p.pid);
    }
  };
  walk(pid);
  return out;
}

function rssMb(pid: number) {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}

beforeAll(async () => {
  // The web loads the Remix build; build it unless a build is there (as processes.test.ts does).
  if (!existsSync("build/server/index.js")) {
    const build = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], { encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
  }
  await buildNode();
}, 180_000);

afterAll(() => {
  for (const c of started)
    if (c.exitCode === null && c.signalCode === null && c.pid)
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {
        /* gone */
      }
});

const production = (port: number) => ({
  NODE_ENV: "production",
  SESSION_SECRET,
  SEED_DEMO: "0",
  PORT: String(port),
  HOST: "127.0.0.1",
  PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  LOG_LEVEL: "warn",
  TELEGRAM_BOT_TOKEN: "",
  OPEN311_API_KEYS: OPEN311_KEY,
});

test("the compiled web answers /healthz and serves a page, run by plain node", async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const web = run(process.execPath, ["dist/server.js"], production(port));
  const up = await until(
    async () => (await health(base)) ?? undefined,
    () => `the compiled web:\n${web.output.text}`,
    60_000,
  );
  expect(up.status).toBe(200);
  expect(up.body.parts.database.state).toBe("ok");
  // The page comes from the Remix build, which the compiled server finds where server.ts does.
  const page = await fetch(`${base}/report`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Повідомити про проблему");
  // A request filed through a Remix route: the Remix build is bundled apart from the server
  // and shares its database client, pool and all (the reference data is read on the pool).
  await createSmallCity();
  const filed = await fetch(`${base}/open311/v2/requests.json`, {
    method: "POST",
    body: new URLSearchParams({
      api_key: OPEN311_KEY,
      service_code: "water.no-water",
      lat: "48.8528",
      long: "37.6053",
      description: "Немає холодної води в будинку з ранку",
    }),
  });
  const body = await filed.text();
  expect(filed.status, `${body}\n${web.output.text}`).toBe(201);
  expect(body).toMatch(/"service_request_id":"SLV-\d{4}-\d+"/);
}, 90_000);

test("npm start in production runs web and workers from dist/ with plain node, and the supervisor stays small", async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const start = run("npm", ["start", "--silent"], { ...production(port), SKIP_BUILD: "1" });
  await until(
    async () => {
      const h = await health(base);
      return h?.body.parts.workers.state === "ok" && h.body.parts.database.state === "ok";
    },
    () => `web and workers up:\n${start.output.text}`,
    120_000,
  );
  const tree = descendants(start.child.pid!);
  const isNode = (args: string[]) => /(^|\/)node$/.test(args[0] ?? "");
  const supervisor = tree.find((p) => isNode(p.args) && p.args[1]?.endsWith("dist/start.js"));
  expect(supervisor, JSON.stringify(tree.map((p) => p.args))).toBeDefined();
  const parts = tree.filter((p) => p.ppid === supervisor!.pid);
  expect(parts.map((p) => p.args.at(-1)!.replace(/^.*\/dist\//, "dist/")).sort()).toEqual(["dist/server.js", "dist/workers.js"]);
  // No TypeScript loader anywhere in the running installation.
  for (const p of [supervisor!, ...parts]) {
    expect(isNode(p.args)).toBe(true);
    expect(p.args.join(" ")).not.toMatch(/tsx/);
  }
  // Migrations and the seed ran in a process of their own: the supervisor never loaded the
  // database client (under tsx with the client loaded it held about 240 MB).
  console.info(
    `npm start (compiled): supervisor ${supervisor!.rssMb.toFixed(0)} MB, ${parts.map((p) => `${p.args.at(-1)} ${p.rssMb.toFixed(0)} MB`).join(", ")}`,
  );
  expect(supervisor!.rssMb).toBeLessThan(120);

  start.child.kill("SIGTERM");
  process.kill(supervisor!.pid, "SIGTERM");
  await until(
    async () =>
      fetch(`${base}/healthz`).then(
        () => false,
        () => true,
      ),
    () => "the web to stop",
    60_000,
  );
}, 180_000);
