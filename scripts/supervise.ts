// Keeps a set of child processes running: one that exits (a crash, an out-of-memory kill,
// kill -9) is started again after a backoff, while the others go on serving. The wait
// doubles from minMs up to maxMs for a child that keeps dying, and falls back to minMs once
// a child has run for stableMs. Only stop() ends them all. Node built-ins only: the
// supervisor itself loads none of the application.
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";

export type ChildSpec = {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
};

export type Backoff = { minMs: number; maxMs: number; stableMs: number };

export const SUPERVISOR_BACKOFF: Backoff = { minMs: 1000, maxMs: 30_000, stableMs: 60_000 };

export type SupervisorEvent =
  | { type: "started"; name: string; pid: number | undefined; restarts: number }
  | { type: "exited"; name: string; pid: number | undefined; code: number | null; signal: NodeJS.Signals | null; ranMs: number }
  | { type: "restarting"; name: string; delayMs: number; failures: number };

export type ChildState = { name: string; pid: number | undefined; running: boolean; restarts: number; child: ChildProcess | undefined };

export type Supervisor = {
  children(): ChildState[];
  /** SIGTERM to every child, SIGKILL to those still running after stopTimeoutMs; no more restarts. */
  stop(signal?: NodeJS.Signals): Promise<void>;
};

export function supervise(
  specs: ChildSpec[],
  options: {
    backoff?: Partial<Backoff>;
    /** How long stop() waits for a child after SIGTERM before SIGKILL (they drain requests and jobs meanwhile). */
    stopTimeoutMs?: number;
    log?: (line: string) => void;
    onEvent?: (e: SupervisorEvent) => void;
  } = {},
): Supervisor {
  const backoff = { ...SUPERVISOR_BACKOFF, ...options.backoff };
  const log = options.log ?? (() => {});
  let stopping = false;

  type Entry = { spec: ChildSpec; child?: ChildProcess; running: boolean; restarts: number; failures: number; timer?: NodeJS.Timeout; exited?: Promise<void> };
  const entries: Entry[] = specs.map((spec) => ({ spec, running: false, restarts: 0, failures: 0 }));

  const start = (entry: Entry) => {
    entry.timer = undefined;
    if (stopping) return;
    const { spec } = entry;
    const startedAt = Date.now();
    // Its own process group: Ctrl+C in a terminal reaches only the supervisor, which then stops
    // each child once with SIGTERM (a second signal would make a child skip its drain).
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env ?? process.env, stdio: spec.stdio ?? "inherit", detached: true });
    entry.child = child;
    entry.running = true;
    options.onEvent?.({ type: "started", name: spec.name, pid: child.pid, restarts: entry.restarts });
    let done = false;
    entry.exited = new Promise<void>((resolve) => {
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        if (done) return;
        done = true;
        entry.running = false;
        const ranMs = Date.now() - startedAt;
        options.onEvent?.({ type: "exited", name: spec.name, pid: child.pid, code, signal, ranMs });
        resolve();
        if (stopping) return;
        // A child that ran a while and then died is a fresh failure, not part of a crash loop.
        if (ranMs >= backoff.stableMs) entry.failures = 0;
        const delayMs = Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(entry.failures, 30));
        entry.failures++;
        entry.restarts++;
        log(`${spec.name} exited (${signal ?? `code ${code}`}) after ${(ranMs / 1000).toFixed(1)} s; restarting in ${(delayMs / 1000).toFixed(1)} s`);
        options.onEvent?.({ type: "restarting", name: spec.name, delayMs, failures: entry.failures });
        entry.timer = setTimeout(() => start(entry), delayMs);
      };
      child.once("exit", onExit);
      // Could not start at all (no such file): the same as dying at once.
      child.once("error", (e) => {
        log(`${spec.name} could not be started: ${e.message}`);
        onExit(null, null);
      });
    });
  };

  for (const entry of entries) start(entry);

  return {
    children: () => entries.map((e) => ({ name: e.spec.name, pid: e.child?.pid, running: e.running, restarts: e.restarts, child: e.child })),
    async stop(signal = "SIGTERM") {
      stopping = true;
      for (const e of entries) if (e.timer) clearTimeout(e.timer);
      const running = entries.filter((e) => e.running && e.child);
      for (const e of running) e.child!.kill(signal);
      const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
      await Promise.all(
        running.map(async (e) => {
          const timer = setTimeout(() => {
            log(`${e.spec.name} did not stop within ${stopTimeoutMs / 1000} s; killing it`);
            e.child!.kill("SIGKILL");
          }, stopTimeoutMs);
          await e.exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
