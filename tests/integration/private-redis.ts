// A Redis of a test's own, for tests that stop, hang or empty it (the shared one must stay up
// for the other test files): a free port, a redis-server that keeps nothing on disk, and a kill.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

export async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Starts redis-server on `port`; resolves once it says it accepts connections. */
export async function startPrivateRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  await new Promise<void>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (d: Buffer) => {
      text += d.toString();
      if (text.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server did not start (exit ${code}):\n${text}`)));
  });
  child.stdout!.resume();
  return child;
}

/** SIGKILL, and waits for the exit; nothing to do for a process already gone. */
export async function killProcess(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGKILL");
  });
}
