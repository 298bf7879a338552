// `npm start`: refuses an unsafe production configuration, checks PostgreSQL and Redis,
// migrates, seeds (demo staff and requests only when SEED_DEMO says so: by default in
// development, never in production), builds the web app, then runs web + workers (+ the
// Telegram bot when a token is set) until stopped, restarting any of them that dies
// (scripts/supervise.ts) while the others keep serving.
import "dotenv/config";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getEnv, isDemoSeedingEnabled } from "#app/utils/env.server.ts";
import { ensureDatabase, migrateDatabase } from "#app/utils/migrate.server.ts";
import { exitIfUnsafe } from "#app/domain/staff/production-safety.server.ts";
import { checkServices, HOW_TO_START, redactUrl } from "./check-services.ts";
import { supervise, type ChildSpec } from "./supervise.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = getEnv();
const say = (line = "") => process.stdout.write(line + "\n");

// The secret first (nothing else needed); demo accounts once the database is migrated.
await exitIfUnsafe({ demoAccounts: false });

const checks = await checkServices({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL });
const down = checks.filter((c) => !c.ok);
if (down.length) {
  for (const c of down) {
    say(`✗ ${c.name} is not reachable at ${redactUrl(c.url)} (${c.error}).`);
    say(`  Start it, or set ${c.name === "Redis" ? "REDIS_URL" : "DATABASE_URL"} in .env:`);
    say(HOW_TO_START[c.name]);
  }
  process.exit(1);
}

const { created } = await ensureDatabase(env.DATABASE_URL);
if (created) say(`Created database ${new URL(env.DATABASE_URL).pathname.slice(1)}`);
const { applied } = await migrateDatabase({ url: env.DATABASE_URL, log: say });
say(applied.length ? `Migrations applied: ${applied.length}` : "Database schema is up to date");

const { seedDatabase } = await import("#prisma/seed/seed-database.server.ts");
const { DEMO_STAFF } = await import("#app/domain/staff/demo-staff.ts");
const { disconnectDb } = await import("#app/utils/db.server.ts");
const demo = isDemoSeedingEnabled(env);
const seeded = await seedDatabase({ withDemoStaff: demo, withDemoRequests: demo });
say(`Seed: ${JSON.stringify(seeded)}`);
await exitIfUnsafe();
await disconnectDb();

if (process.env.SKIP_BUILD !== "1" || !existsSync(`${root}/build/server/index.js`)) {
  say("Building the web app…");
  await run(process.execPath, [`${root}/node_modules/@remix-run/dev/dist/cli.js`, "vite:build"], { quiet: true });
}

// From here on the supervisor only supervises: the database client is closed above, and
// nothing below loads the application (scripts/supervise.ts uses Node built-ins only).
// A capped heap: a runaway request or job ends in a restartable crash, not a swapping host.
const MAX_OLD_SPACE_MB = 512;
const botEntry = `${root}/bots/telegram/index.ts`;
const child = (name: string, file: string): ChildSpec => ({
  name,
  command: process.execPath,
  args: [`--max-old-space-size=${MAX_OLD_SPACE_MB}`, "--import", "tsx", file],
  cwd: root,
  env: process.env,
});
const supervisor = supervise(
  [
    child("web", "server.ts"),
    child("workers", "workers/index.ts"),
    ...(env.TELEGRAM_BOT_TOKEN && existsSync(botEntry) ? [child("bot", "bots/telegram/index.ts")] : []),
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
if (demo) {
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
