// Every process the drills start, each in its own process group (spawned detached), so a
// stop or a kill reaches everything it started and nothing else. A small reaper process
// watches the harness and kills the groups and removes the temporary directory if the
// harness itself dies without cleaning up (kill -9, a crashed terminal).
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null; at: number };

export type Managed = {
  name: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  startedAt: number;
  /** Set before a stop or kill the drill asked for, so the exit is not reported as a crash. */
  expectedExit: boolean;
  exit: ExitInfo | null;
  exited: Promise<ExitInfo>;
};

export type SpawnOptions = {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  uid?: number;
  gid?: number;
  logFile: string;
};

export class ProcessTable {
  readonly all = new Set<Managed>();
  /** Exits nobody asked for (a crash, a process giving up). */
  readonly unexpectedExits: { name: string; exit: ExitInfo }[] = [];
  private reaper: ChildProcess | undefined;

  constructor(
    private readonly stateFile: string,
    private readonly cleanupDirs: string[],
  ) {}

  /** Starts the reaper: it outlives the harness only long enough to clean up after it. */
  startReaper() {
    this.writeState();
    const script = fileURLToPath(new URL("./reaper.mjs", import.meta.url));
    this.reaper = spawn(process.execPath, [script, String(process.pid), this.stateFile], { detached: true, stdio: "ignore" });
    this.reaper.unref();
  }

  spawn(name: string, command: string, args: string[], options: SpawnOptions): Managed {
    const fd = openSync(options.logFile, "a");
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      uid: options.uid,
      gid: options.gid,
      detached: true,
      stdio: ["ignore", fd, fd],
    });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
    let resolveExit!: (e: ExitInfo) => void;
    const m: Managed = {
      name,
      pid: child.pid,
      child,
      logFile: options.logFile,
      startedAt: Date.now(),
      expectedExit: false,
      exit: null,
      exited: new Promise<ExitInfo>((r) => (resolveExit = r)),
    };
    child.on("exit", (code, signal) => {
      m.exit = { code, signal, at: Date.now() };
      this.all.delete(m);
      this.writeState();
      if (!m.expectedExit) this.unexpectedExits.push({ name, exit: m.exit });
      resolveExit(m.exit);
    });
    child.on("error", () => {});
    this.all.add(m);
    this.writeState();
    return m;
  }

  /** Signals the whole group and waits for the leader; after `timeoutMs` the group is killed. */
  async stop(m: Managed, signal: NodeJS.Signals = "SIGTERM", timeoutMs = 20_000): Promise<ExitInfo> {
    m.expectedExit = true;
    if (m.exit) return m.exit;
    signalGroup(m.pid, signal);
    const timer = setTimeout(() => signalGroup(m.pid, "SIGKILL"), timeoutMs);
    const info = await m.exited;
    clearTimeout(timer);
    // Anything the leader left behind in its group goes too.
    signalGroup(m.pid, "SIGKILL");
    return info;
  }

  /** SIGKILL to the group, as a crash would be. */
  async kill(m: Managed): Promise<ExitInfo> {
    return this.stop(m, "SIGKILL", 5_000);
  }

  /** Synchronous, for exit handlers: every group we started, killed; the temporary directories removed. */
  killAllSync() {
    for (const m of this.all) {
      m.expectedExit = true;
      signalGroup(m.pid, "SIGKILL");
    }
    this.all.clear();
    this.writeState();
  }

  removeDirsSync() {
    for (const d of this.cleanupDirs) rmSync(d, { recursive: true, force: true });
  }

  stopReaper() {
    if (this.reaper?.pid) signalGroup(this.reaper.pid, "SIGKILL");
    rmSync(this.stateFile, { force: true });
  }

  private writeState() {
    try {
      writeFileSync(this.stateFile, JSON.stringify({ groups: [...this.all].map((m) => m.pid), dirs: this.cleanupDirs }));
    } catch {
      // the directory is being removed at the very end
    }
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}
