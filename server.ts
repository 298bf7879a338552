// The web process: Remix behind a small Express server (not bare remix-serve) so it binds
// to HOST, serves static assets with long caching, answers /healthz, and shuts down
// gracefully, closing Redis and Prisma.
import "dotenv/config";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { disconnectDb, getDb } from "#app/utils/db.server.ts";
import { createRequestHandler, limitRequestBody } from "#app/utils/body-limit.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { runWithClientAddress } from "#app/utils/client-address.server.ts";
import { refuseCrossOriginWrites } from "#app/utils/cross-origin.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { exitIfUnsafe } from "#app/domain/staff/production-safety.server.ts";
import { securityHeaders } from "#app/utils/security-headers.server.ts";

// Before anything listens: no weak secret, no open demo accounts in production.
await exitIfUnsafe();
const log = createLogger("web");
const env = getEnv();
const dev = process.env.REMIX_DEV === "1";

const vite = dev ? await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } })) : undefined;

const app = express();
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
app.use(compression());

app.get("/healthz", async (_req, res) => {
  try {
    await getDb().$queryRaw`SELECT 1`;
    res.json({ ok: true });
  } catch {
    res.status(503).json({ ok: false, error: "database unavailable" });
  }
});

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

const build = vite
  ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(new URL("./build/server/index.js", import.meta.url).href)) as ServerBuild);

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

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info("web shutting down", { signal });
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close();
  server.closeIdleConnections?.();
  await Promise.allSettled([closeQueues(), disconnectDb(), vite?.close()]);
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
