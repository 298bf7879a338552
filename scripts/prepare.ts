// What `npm start` does once before it runs anything (scripts/start.ts runs this as a
// process of its own, so the database client and the application's modules it loads are
// gone with it, and the supervisor that stays keeps none of them): refuses an unsafe
// production configuration, checks PostgreSQL and Redis, migrates, seeds (demo staff and
// requests only when SEED_DEMO says so: by default in development, never in production).
// Exits 1 with the reason when the installation cannot start.
import "dotenv/config";
import { getEnv, isDemoSeedingEnabled } from "#app/utils/env.server.ts";
import { ensureDatabase, migrateDatabase } from "#app/utils/migrate.server.ts";
import { exitIfUnsafe } from "#app/domain/staff/production-safety.server.ts";
import { checkServices, HOW_TO_START, redactUrl } from "./check-services.ts";

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
const { disconnectDb } = await import("#app/utils/db.server.ts");
const demo = isDemoSeedingEnabled(env);
const seeded = await seedDatabase({ withDemoStaff: demo, withDemoRequests: demo });
say(`Seed: ${JSON.stringify(seeded)}`);
await exitIfUnsafe();
await disconnectDb();
process.exit(0);
