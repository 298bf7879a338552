// The web process: Remix behind a small Express server (not bare remix-serve) so it binds
// to HOST, serves static assets with long caching, answers /healthz (alive; which parts are
// degraded) and /readyz (can serve traffic), and shuts down gracefully: on SIGTERM readiness
// turns 503, listening stops after SHUTDOWN_DELAY_SECONDS, requests in flight get their
// answers (up to SHUTDOWN_GRACE_SECONDS), and only then are queues, Redis and Prisma closed.
import "dotenv/config";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { disconnectDb } from "#app/utils/db.server.ts";
import { createRequestHandler, limitRequestBody } from "#app/utils/body-limit.server.ts";
import { answerDatabaseAwayWith503 } from "#app/utils/database-away.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { checkHealth, closeHealth, telegramConfigProblem, twilioConfigProblem } from "#app/utils/health.server.ts";
import { createHttpDrain } from "#app/utils/http-drain.server.ts";
import { QUEUE_DASHBOARD_PATH, queueDashboard } from "#app/utils/queue-dashboard.server.ts";
import { closeSharedRedis } from "#app/utils/redis.server.ts";
import { runWithClientAddress } from "#app/utils/client-address.server.ts";
import { refuseCrossOriginWrites } from "#app/utils/cross-origin.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { exitIfUnsafe } from "#app/domain/staff/production-safety.server.ts";
import { startSpoolReplay } from "#app/channels/phone/replay-spool.server.ts";
import { securityHeaders } from "#app/utils/security-headers.server.ts";

// Before anything listens: no weak secret, no open demo accounts in production.
await exitIfUnsafe();
const log = createLogger("web");
const env = getEnv();
const dev = process.env.REMIX_DEV === "1";

const vite = dev ? await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } })) : undefined;

const app = express();
const drain = createHttpDrain();
let stopping = false;
// First of all, so every request in flight is known when a shutdown begins.
app.use(drain.track);
app.disable("x-powered-by");
// Behind a reverse proxy set TRUST_PROXY=1 so req.ip is the client's; it reaches routes as
// context.clientAddress, the one address throttling and audit rows use (client-address.server.ts).
app.set("trust proxy", env.TRUST_PROXY === "1" ? 1 : false);
// Everything below knows this request's client address (audit rows take it from here).
app.use((req, _res, next) => runWithClientAddress(req.ip ?? null, next));
app.use(securityHeaders(env, { viteDev: Boolean(vite) }));
// First thing for a body: a request over its path's limit gets 413 before anything reads it.
app.use(limitRequestBody(env));
// A form POST from another site gets a 403 with a reason here, not the bare 500 Remix answers.
app.use(refuseCrossOriginWrites);
// ── Webhooks: Twilio's and Telegram's deliveries are answered here, before compression and
// the Remix handler (express-webhooks.server.ts; docs/decisions/017-webhooks-before-remix.md).
app.use((await import("#app/channels/webhooks/express-webhooks.server.ts")).webhookRoutes());
// ── end of webhooks
app.use(compression());

// Alive: 200 while this process runs, even with a dependency down; the body lists every
// part (database, redis, workers, bot) and channel with its state.
app.get("/healthz", async (_req, res) => {
  res.set("Cache-Control", "no-store").json(await checkHealth({ stopping }));
});
// Ready: 503 once a shutdown has begun (not while the database is away: the Twilio webhooks
// still spool SMS and calls then). ?require=database: also 503 while the database is away.
app.get("/readyz", async (req, res) => {
  const report = await checkHealth({ stopping, requireDatabase: req.query.require === "database" });
  res
    .status(report.ready ? 200 : 503)
    .set("Cache-Control", "no-store")
    .json(report);
});

// The BullMQ dashboard, read-only, for administrators (staff session with the ADMIN role).
app.use(QUEUE_DASHBOARD_PATH, queueDashboard());

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

// Every loader and action answers 503 with Retry-After while the database is away (database-away.server.ts).
const build = vite
  ? () => (vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>).then(answerDatabaseAwayWith503)
  : answerDatabaseAwayWith503((await import(new URL("./build/server/index.js", import.meta.url).href)) as ServerBuild);

app.all(
  "*",
  createRequestHandler({
    build,
    mode: dev ? "development" : "production",
    getLoadContext: (req, res) => ({ clientAddress: req.ip ?? null, cspNonce: res.locals.cspNonce as string }),
  }),
);

const server = app.listen(env.PORT, env.HOST, () => {
  log.info("web listening", { url: `http://${env.HOST}:${env.PORT}` });
});
// SMS and calls this web kept on disk while the database was away go into intake once it is back.
startSpoolReplay();
// A channel that cannot work as configured is said once here (and stays on /healthz); the rest serves.
for (const problem of [telegramConfigProblem(env), twilioConfigProblem(env)]) if (problem) log.error(problem);

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  const delayMs = env.SHUTDOWN_DELAY_SECONDS * 1000;
  const graceMs = env.SHUTDOWN_GRACE_SECONDS * 1000;
  log.info("web shutting down", { signal, inFlight: drain.inFlight(), delayMs, graceMs });
  // The last resort if closing a client hangs; the drain itself is bounded by graceMs.
  setTimeout(() => process.exit(1), delayMs + graceMs + 10_000).unref();
  // /readyz answers 503 from now on; meanwhile a load balancer stops sending us traffic.
  if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
  const result = await drain.drain(server, { graceMs });
  (result.finished ? log.info : log.warn)(result.finished ? "web drained" : "web drain timed out; cut the requests still running", { ...result });
  await Promise.allSettled([closeQueues(), closeHealth(), closeSharedRedis(), disconnectDb(), vite?.close()]);
  process.exit(result.finished ? 0 : 1);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
