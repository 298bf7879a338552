// `npm start`: runs scripts/prepare.ts once as a process of its own (refuses an unsafe
// production configuration, checks PostgreSQL and Redis, migrates, seeds), builds the web
// app, then runs web + workers (+ the Telegram bot when a token is set) until stopped,
// restarting any of them that dies (scripts/supervise.ts) while the others keep serving.
//
// `npm start` runs this compiled (dist/start.js, made by scripts/build-node.ts just
// before), and then every part is compiled JavaScript run by plain `node`; run through tsx
// (`node --import tsx scripts/start.ts`, development) the parts run through tsx as well.
// Either way this process loads no database client and none of the application: what stays
// running for days is the supervisor alone.
import "dotenv/config";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getEnv, isDemoSeedingEnabled } from "#app/utils/env.server.ts";
import { DEMO_STAFF } from "#app/domain/staff/demo-staff.ts";
import { PART_ENV, PART_NODE_FLAGS } from "./part-options.ts";
import { supervise, type ChildSpec } from "./supervise.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = getEnv();
const say = (line = "") => process.stdout.write(line + "\n");
const compiled = process.argv[1]?.endsWith(".js") ?? false;
/** How to run one part: its compiled file with plain node, or its TypeScript through tsx. */
const entry = (source: string, built: string) => (compiled ? [path.join(root, "dist", built)] : ["--import", "tsx", path.join(root, source)]);

// Checks, migrations and the seed in a process that exits when they are done; its exit
// code (1: a service is down or the configuration unsafe, with the reason printed) is ours.
const prepared = await new Promise<number | null>((resolve) => {
  const child = spawn(process.execPath, entry("scripts/prepare.ts", "prepare.js"), { cwd: root, stdio: "inherit" });
  child.on("exit", (code, signal) => resolve(signal ? 1 : code));
});
if (prepared !== 0) process.exit(prepared ?? 1);

if (process.env.SKIP_BUILD !== "1" || !existsSync(`${root}/build/server/index.js`)) {
  say("Building the web app…");
  await run(process.execPath, [`${root}/node_modules/@remix-run/dev/dist/cli.js`, "vite:build"], { quiet: true });
}

const botEntry = `${root}/bots/telegram/index.ts`;
const child = (name: string, source: string, built: string): ChildSpec => ({
  name,
  command: process.execPath,
  // A capped heap and two malloc arenas (scripts/part-options.ts).
  args: [...PART_NODE_FLAGS, ...entry(source, built)],
  cwd: root,
  env: { ...PART_ENV, ...process.env },
});
const supervisor = supervise(
  [
    child("web", "server.ts", "server.js"),
    child("workers", "workers/index.ts", "workers.js"),
    ...(env.TELEGRAM_BOT_TOKEN && existsSync(botEntry) ? [child("bot", "bots/telegram/index.ts", "bot.js")] : []),
  ],
  // Web and workers drain for SHUTDOWN_GRACE_SECONDS (the web after SHUTDOWN_DELAY_SECONDS): give them that and a margin.
  { log: say, stopTimeoutMs: (env.SHUTDOWN_DELAY_SECONDS + env.SHUTDOWN_GRACE_SECONDS + 10) * 1000 },
);

const url = `http://${env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST}:${env.PORT}`;
say("");
say(`Міський контакт-центр Слов'янська is running: ${url}`);
say(`  Staff console: ${url}/staff   Deadlines API: ${url}/api/deadlines?receivedAt=${encodeURIComponent(new Date().toISOString())}`);
say(
  env.TELEGRAM_BOT_TOKEN
    ? existsSync(botEntry)
      ? `  Telegram bot: on (${env.TELEGRAM_MODE})`
      : "  Telegram bot: token set, but this build has no bot yet"
    : "  Telegram bot: off (set TELEGRAM_BOT_TOKEN to run it); outbound messages go to the sandbox outbox",
);
if (isDemoSeedingEnabled(env)) {
  say("  Demo logins (demo data only — change or remove before real use):");
  for (const s of DEMO_STAFF) say(`    ${s.role.padEnd(19)} ${s.email.padEnd(28)} ${s.password}`);
}
say(`  Health: ${url}/healthz (which part is degraded)   Readiness: ${url}/readyz`);
say("Press Ctrl+C to stop.");

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await supervisor.stop();
  process.exit(0);
}
// Children sit in their own process groups, so a closed terminal (SIGHUP) must stop them through us.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop());

function run(cmd: string, args: string[], options: { quiet?: boolean } = {}) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: options.quiet ? ["ignore", "ignore", "inherit"] : "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}`))));
  });
}
