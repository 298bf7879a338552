// Request body limits, enforced while the body streams in — before Remix parses a form
// and before a webhook's signature check reads the whole body. A declared Content-Length
// over the limit is refused without reading; a chunked body is counted as it arrives and
// cut off with 413 once over. Nothing here buffers the body.
import { Transform, type TransformCallback } from "node:stream";
import {
  createReadableStreamFromReadable,
  createRequestHandler as createRemixRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { Env } from "./env.server.ts";
import { t } from "./i18n.server.ts";

const KB = 1024;
/** A DNS name, IPv4 address or bracketed IPv6 address (what Express's req.hostname leaves of Host). */
const HOST_NAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])$/;
const MB = 1024 * KB;

/** The most a request to `pathname` may send. */
export function bodyLimitFor(pathname: string, env: Pick<Env, "MAX_UPLOAD_MB">): number {
  // Up to 5 photos of MAX_UPLOAD_MB each, plus the form's text fields and multipart framing.
  if (pathname === "/report" || pathname.startsWith("/track/") || pathname === "/admin/districts") return env.MAX_UPLOAD_MB * 5 * MB + 2 * MB;
  // Provider callbacks are small forms or JSON (a Telegram update with a long caption is a few KB).
  if (pathname.startsWith("/webhooks/")) return 1 * MB;
  // Staff and admin forms carry text: replies, notes, category questions as JSON.
  if (pathname.startsWith("/staff/") || pathname.startsWith("/admin/")) return 1 * MB;
  // Sign-in, the API and every other public form.
  return 64 * KB;
}

function refuse(req: ExpressRequest, res: ExpressResponse) {
  if (!res.headersSent) {
    const lang = req.query.lang === "en" ? "en" : "uk";
    // No "Connection: close" here: Node would then shut the socket while the client is still
    // sending, and the client would see a broken pipe instead of this answer. The rest is
    // drained (not kept) below, and the connection closed after a grace period.
    res.writeHead(413, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(t(lang, "errors.requestTooLarge") + "\n");
  }
  // Read and drop whatever is still arriving, so the client sees the 413 instead of a reset,
  // then close the connection: nobody gets to keep streaming for long.
  req.unpipe();
  req.removeAllListeners("data");
  req.on("data", () => {});
  req.resume();
  const close = setTimeout(() => req.socket.destroy(), 2000);
  close.unref();
  // A body that ends in time leaves the connection usable for the client's next request.
  req.once("end", () => clearTimeout(close));
  req.socket.once("close", () => clearTimeout(close));
}

class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/** Express middleware: refuses a declared Content-Length over the limit at once. */
export function limitRequestBody(env: Pick<Env, "MAX_UPLOAD_MB">): RequestHandler {
  return (req, res, next) => {
    const limit = bodyLimitFor(req.path, env);
    res.locals.bodyLimit = limit;
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > limit) return refuse(req, res);
    next();
  };
}

/** The request body as a stream that ends in 413 (and an error for the reader) once past `limit` bytes. */
function countedBody(req: ExpressRequest, res: ExpressResponse, limit: number) {
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      received += chunk.length;
      if (received > limit) {
        refuse(req, res);
        return callback(new BodyTooLargeError(`request body over ${limit} bytes`));
      }
      callback(null, chunk);
    },
  });
  req.on("error", (error) => counter.destroy(error));
  return req.pipe(counter);
}

/**
 * The body of a request, read whole within its path's limit (set by limitRequestBody); null
 * when it went over (the 413 is already sent) or the client went away while sending it.
 */
export function readLimitedBody(req: ExpressRequest, res: ExpressResponse): Promise<Buffer | null> {
  const limit = (res.locals.bodyLimit as number | undefined) ?? bodyLimitFor("", { MAX_UPLOAD_MB: 0 });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const body = countedBody(req, res, limit);
    body.on("data", (chunk: Buffer) => chunks.push(chunk));
    body.once("end", () => resolve(Buffer.concat(chunks)));
    body.once("error", () => resolve(null));
  });
}

/**
 * The URL of a request as the Express adapter builds it (the port from X-Forwarded-Host or
 * Host; req.hostname honours "trust proxy"), or null for a Host header no URL can be built
 * from: the client's mistake (or a probe), answered 400 by badHost().
 */
export function requestUrlOf(req: ExpressRequest): URL | null {
  const port = [req.get("X-Forwarded-Host"), req.get("host")].map((h) => Number.parseInt(h?.split(":")[1] ?? "", 10)).find(Number.isSafeInteger);
  // Only a plain name or address is a host: "a/b" would otherwise move the path.
  if (!HOST_NAME.test(req.hostname ?? "")) return null;
  try {
    return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  } catch {
    return null;
  }
}

/** The 400 for a request whose Host makes no URL. */
export function badHost(res: ExpressResponse) {
  res
    .status(400)
    .type("text/plain; charset=utf-8")
    .send(`${t("uk", "common:errors.badHost")} / ${t("en", "common:errors.badHost")}\n`);
}

function toHeaders(incoming: ExpressRequest["headers"]) {
  const headers = new Headers();
  for (const [key, values] of Object.entries(incoming)) {
    if (!values) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(key, value);
  }
  return headers;
}

async function sendResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  // Server-sent events (the console's live updates) must not wait in a buffer.
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/**
 * Remix's Express adapter (@remix-run/express createRequestHandler, which reads the raw
 * request and exports no way to change that), except that the body Remix reads is the
 * counted stream above, and nothing is sent when a 413 already was.
 */
export function createRequestHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}): RequestHandler {
  const handleRequest = createRemixRequestHandler(options.build, options.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      // A Host header no URL can be built from is the client's mistake (or a probe): 400, not 500.
      const url = requestUrlOf(req);
      if (!url) return badHost(res);
      let controller: AbortController | null = new AbortController();
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: toHeaders(req.headers), signal: controller.signal };
      if (req.method !== "GET" && req.method !== "HEAD") {
        init.body = createReadableStreamFromReadable(
          countedBody(req, res, (res.locals.bodyLimit as number | undefined) ?? bodyLimitFor("", { MAX_UPLOAD_MB: 0 })),
        );
        init.duplex = "half";
      }
      res.on("finish", () => (controller = null));
      res.on("close", () => controller?.abort());
      const response = await handleRequest(new Request(url.href, init), options.getLoadContext(req, res));
      if (res.headersSent) {
        await response.body?.cancel().catch(() => {});
        return;
      }
      await sendResponse(res, response);
    } catch (error) {
      if (res.headersSent) return;
      next(error);
    }
  };
}
