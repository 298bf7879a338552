// Private PostgreSQL and Redis for one drills run: their own data in the run's temporary
// directory, their own ports, never the developer's shared instances. PostgreSQL runs as
// the current user, or as "postgres" when the harness runs as root (initdb refuses root).
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import type { Managed, ProcessTable } from "./processes.ts";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 200) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await sleep(everyMs);
  }
  throw new Error(`${what}: not ready within ${Math.round(timeoutMs / 1000)} s`);
}

const PG_BIN = process.env.DRILLS_PG_BIN ?? "/usr/lib/postgresql/15/bin";

export class PrivatePostgres {
  readonly port: number;
  readonly dataDir: string;
  readonly socketDir: string;
  private proc: Managed | undefined;
  private readonly owner: { uid?: number; gid?: number };

  constructor(
    private readonly procs: ProcessTable,
    private readonly dir: string,
    port: number,
  ) {
    this.port = port;
    this.dataDir = path.join(dir, "pg-data");
    this.socketDir = path.join(dir, "pg-socket");
    this.owner = process.getuid?.() === 0 ? systemUser("postgres") : {};
  }

  url(database = "slv_drills") {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  init() {
    for (const d of [this.dataDir, this.socketDir]) {
      mkdirSync(d, { recursive: true, mode: 0o700 });
      if (this.owner.uid !== undefined) chownSync(d, this.owner.uid, this.owner.gid!);
    }
    const r = spawnSync(
      path.join(PG_BIN, "initdb"),
      ["-D", this.dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
      { ...this.owner, encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout}`);
  }

  async start() {
    this.proc = this.procs.spawn(
      "postgres",
      path.join(PG_BIN, "postgres"),
      [
        "-D",
        this.dataDir,
        "-p",
        String(this.port),
        "-k",
        this.socketDir,
        "-c",
        "listen_addresses=127.0.0.1",
        // Nothing here must survive a power cut, only a killed process: no fsync needed.
        "-c",
        "fsync=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "max_connections=300",
      ],
      { ...this.owner, logFile: path.join(this.dir, "logs", "postgres.log") },
    );
    await waitFor("private PostgreSQL", () => this.ping(), 30_000);
  }

  async ping(): Promise<boolean> {
    const c = new pg.Client({ connectionString: this.url("postgres"), connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query("select 1");
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => {});
    }
  }

  /** As the drill asks: `pg_ctl stop -m immediate` (every backend killed at once, crash recovery on start). */
  async stopImmediate() {
    if (this.proc) this.proc.expectedExit = true;
    const r = spawnSync(path.join(PG_BIN, "pg_ctl"), ["stop", "-D", this.dataDir, "-m", "immediate", "-w", "-t", "30"], { ...this.owner, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`pg_ctl stop failed: ${r.stderr || r.stdout}`);
    if (this.proc) await this.procs.stop(this.proc, "SIGKILL", 1000);
  }

  async stop() {
    if (!this.proc || this.proc.exit) return;
    this.proc.expectedExit = true;
    spawnSync(path.join(PG_BIN, "pg_ctl"), ["stop", "-D", this.dataDir, "-m", "fast", "-w", "-t", "20"], { ...this.owner, encoding: "utf8" });
    await this.procs.stop(this.proc, "SIGKILL", 1000);
  }

  get process() {
    return this.proc;
  }
}

export class PrivateRedis {
  private proc: Managed | undefined;

  constructor(
    private readonly procs: ProcessTable,
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** An empty Redis that keeps nothing on disk: a restart comes back empty, as the drills want. */
  async start() {
    const dataDir = path.join(this.dir, "redis");
    mkdirSync(dataDir, { recursive: true });
    this.proc = this.procs.spawn(
      "redis",
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dataDir, "--loglevel", "warning"],
      { logFile: path.join(this.dir, "logs", "redis.log") },
    );
    await waitFor("private Redis", () => this.ping(), 15_000, 100);
  }

  ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const s = net.connect(this.port, "127.0.0.1");
      const done = (ok: boolean) => {
        s.destroy();
        resolve(ok);
      };
      s.setTimeout(1000, () => done(false));
      s.on("error", () => done(false));
      s.on("data", (d) => done(d.toString().startsWith("+PONG")));
      s.on("connect", () => s.write("PING\r\n"));
    });
  }

  async kill() {
    if (this.proc) await this.procs.kill(this.proc);
  }

  async stop() {
    if (this.proc && !this.proc.exit) await this.procs.stop(this.proc, "SIGTERM", 5000);
  }

  get process() {
    return this.proc;
  }
}

function systemUser(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`no system user "${name}" to run PostgreSQL as (initdb refuses root)`);
  return { uid, gid };
}
