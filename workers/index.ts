// The workers process: `npm run start:workers` (node dist/workers.js, compiled). It
// publishes a heartbeat the web's /healthz reads, and on SIGTERM lets running jobs finish
// (up to SHUTDOWN_GRACE_SECONDS) before it closes its connections and exits.
import "dotenv/config";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { disconnectDb, reportDatabaseError } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { startHeartbeat } from "#app/utils/health.server.ts";
import { isDatabaseUnavailableError } from "#app/utils/db-errors.ts";
import { createLogger, describeError } from "#app/utils/logger.server.ts";
import { exitIfUnsafe } from "#app/domain/staff/production-safety.server.ts";
import { startWorkers } from "./start-workers.ts";

// Workers derive tracking links for notifications: the same refusal as the web process.
await exitIfUnsafe();
const log = createLogger("worker");
const graceMs = getEnv().SHUTDOWN_GRACE_SECONDS * 1000;
const workers = startWorkers({ log, closeGraceMs: graceMs });
let phase: "starting" | "running" | "stopping" = "starting";
void workers.ready.then(() => {
  if (phase !== "starting") return;
  phase = "running";
  void heartbeat.beat();
});
const heartbeat = startHeartbeat({
  part: "workers",
  status: () =>
    phase === "running"
      ? { state: "ok", info: { queues: workers.queues } }
      : {
          state: "degraded",
          detail: phase === "starting" ? "connecting the workers to Redis" : "stopping: finishing the running jobs",
          info: { queues: workers.queues },
        },
});

// A Redis or Postgres outage shows up as rejected promises deep inside clients; they
// reconnect by themselves, so log and keep going rather than die.
process.on("unhandledRejection", (reason) => {
  if (isDatabaseUnavailableError(reason)) reportDatabaseError(reason, "worker");
  else log.error("unhandled rejection", describeError(reason));
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) {
    log.warn("second signal: exiting now", { signal });
    process.exit(1);
  }
  stopping = true;
  phase = "stopping";
  void heartbeat.beat();
  log.info("stopping workers", { signal });
  // If something refuses to close (Redis away mid-shutdown), do not hang forever.
  setTimeout(() => {
    log.error("shutdown timed out");
    process.exit(1);
  }, graceMs + 15_000).unref();
  // worker.close() waits for the jobs in hand (bounded by the grace period); no new ones are taken.
  await workers.close();
  await heartbeat.stop();
  await closeQueues();
  await disconnectDb();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
