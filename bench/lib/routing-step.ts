// A routing worker's step in a process of its own, for the accept-route row: routes accepted
// requests in sets (routeAccepted, what the routing job runs) until stopped, and prints one
// line per set, "ROUTED <epoch ms> <id>,<id>,…", so the row can time each request from its
// accept to the commit that routed it. DATABASE_URL and QUEUE_PREFIX come from the row.
//
//   node --import tsx bench/lib/routing-step.ts
import { routeAccepted } from "#app/domain/requests/route-accepted.server.ts";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { disconnectDb } from "#app/utils/db.server.ts";

const limit = Number(process.env.BENCH_ROUTING_SET ?? 200);
let on = true;
process.on("SIGTERM", () => (on = false));
while (on) {
  const ids = await routeAccepted({ limit });
  if (ids.length) process.stdout.write(`ROUTED ${Date.now()} ${ids.join(",")}\n`);
  // Idle: look again shortly (the routing job's wake-up plays this part in the workers; a tight
  // poll would take the CPU the doors are measured on).
  else await new Promise((r) => setTimeout(r, 50));
}
await closeQueues();
await disconnectDb().catch(() => {});
process.exit(0);
