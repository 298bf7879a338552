// The workers process: `npm run start:workers` (node --import tsx workers/index.ts).
import "dotenv/config";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { disconnectDb } from "#app/utils/db.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { exitIfUnsafe } from "#app/domain/staff/production-safety.server.ts";
import { startWorkers } from "./start-workers.ts";

// Workers derive tracking links for notifications: the same refusal as the web process.
await exitIfUnsafe();
const log = createLogger("worker");
const workers = startWorkers({ log });

// A Redis or Postgres outage shows up as rejected promises deep inside clients; they
// reconnect by themselves, so log and keep going rather than die.
process.on("unhandledRejection", (reason) => {
  log.error("unhandled rejection", { error: reason instanceof Error ? reason.name + ": " + reason.message : String(reason) });
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) {
    log.warn("second signal: exiting now", { signal });
    process.exit(1);
  }
  stopping = true;
  log.info("stopping workers", { signal });
  // If something refuses to close (Redis away mid-shutdown), do not hang forever.
  setTimeout(() => {
    log.error("shutdown timed out");
    process.exit(1);
  }, 60_000).unref();
  await workers.close();
  await closeQueues();
  await disconnectDb();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
