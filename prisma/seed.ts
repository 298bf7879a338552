// `npm run db:seed` — the organisation of Sloviansk, the work calendar and, when SEED_DEMO
// says so (default: in development only), demo staff and demo requests (DEMO ONLY: their
// passwords are public; the staff are created once per database).
//   --no-demo-requests     static data and demo staff only
//   --no-demo              static data only (default when NODE_ENV=production)
//   --demo                 demo data even when NODE_ENV=production (a public demo server)
//   --demo-requests=N      how many demo requests (default 300) when the Request table is empty
//   --disable-demo-staff   only deactivate demo accounts still on their published passwords
import "dotenv/config";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { DEMO_STAFF } from "#app/domain/staff/demo-staff.ts";
import { disableOpenDemoAccounts } from "#app/domain/staff/demo-staff-accounts.server.ts";
import { seedDatabase } from "./seed/seed-database.server.ts";
import { disconnectDb } from "#app/utils/db.server.ts";
import { isDemoSeedingEnabled } from "#app/utils/env.server.ts";

const args = new Set(process.argv.slice(2));
const countArg = process.argv.find((a) => a.startsWith("--demo-requests="));
const demoRequestCount = countArg ? Number(countArg.split("=")[1]) : undefined;
const demo = args.has("--demo") || (!args.has("--no-demo") && isDemoSeedingEnabled());
const say = (line = "") => process.stdout.write(line + "\n");

const started = Date.now();
try {
  if (args.has("--disable-demo-staff")) {
    const disabled = await disableOpenDemoAccounts();
    say(`Demo staff accounts on published passwords: deactivated ${disabled.length}${disabled.length ? ` (${disabled.join(", ")})` : ""}`);
  } else await seed();
} catch (e) {
  process.exitCode = 1;
  process.stderr.write(`Seed failed: ${(e as Error).stack ?? e}\n`);
} finally {
  await closeQueues().catch(() => {});
  await disconnectDb();
}
// closeQueues() leaves the producers' ioredis connections open (BullMQ does not close a
// connection it was handed), which would keep this process alive; everything is flushed.
process.exit();

async function seed() {
  const result = await seedDatabase({ withDemoStaff: demo, withDemoRequests: demo && !args.has("--no-demo-requests"), demoRequestCount });
  const count = (c: { total: number; created: number }) => `${c.total} (${c.created} new)`;
  say(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  say(`  departments     ${count(result.departments)}`);
  say(`  categories      ${count(result.categories)}`);
  say(`  districts       ${count(result.districts)}`);
  say(`  routing rules   ${count(result.routingRules)}`);
  say(`  calendar days   ${result.calendarDays}`);
  say(`  demo staff      ${typeof result.demoStaff === "string" ? result.demoStaff : count(result.demoStaff)}`);
  const r = result.demoRequests;
  say(
    `  demo requests   ${r === "skipped" ? "skipped" : r === "not-empty" ? "skipped (requests already exist)" : `${r.created} ${JSON.stringify(r.byStatus)}`}`,
  );
  if (demo) {
    say("Demo logins (DEMO ONLY — public passwords; never use on a real installation):");
    for (const s of DEMO_STAFF) say(`  ${s.role.padEnd(19)} ${s.email.padEnd(28)} ${s.password}`);
  }
}
