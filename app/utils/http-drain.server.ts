// Graceful stop of an HTTP server: stop accepting, let every request in flight get its
// whole answer (up to a grace period), and only then let the caller close the database and
// Redis under it. Keep-alive connections are told to close after their current answer;
// server-sent event streams, which never end by themselves, are ended at once (the
// browser's EventSource reconnects, to another process behind the load balancer).
import type { IncomingMessage, Server, ServerResponse } from "node:http";

export type DrainResult = {
  /** Requests that were in flight when draining began. */
  inFlightAtStart: number;
  /** Requests that were still running when the grace period ran out, and were cut. */
  cut: number;
  finished: boolean;
  ms: number;
};

export function createHttpDrain() {
  const inFlight = new Set<ServerResponse>();
  let draining = false;

  /** Must be the first middleware, so every request is counted. */
  const track = (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    inFlight.add(res);
    // "close" comes after the answer is complete, and also when the client goes away.
    res.once("close", () => inFlight.delete(res));
    if (draining) res.setHeader("Connection", "close");
    next();
  };

  async function drain(server: Server, options: { graceMs: number }): Promise<DrainResult> {
    const started = Date.now();
    draining = true;
    const inFlightAtStart = inFlight.size;
    for (const res of inFlight) {
      if (!res.headersSent) res.setHeader("Connection", "close");
      if (String(res.getHeader("content-type") ?? "").startsWith("text/event-stream")) res.destroy();
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A keep-alive connection becomes idle once its answer is out: close it then, not after keepAliveTimeout.
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([closed.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), options.graceMs)))]);
    clearInterval(idle);
    clearTimeout(timer);
    const cut = finished ? 0 : inFlight.size;
    if (!finished) server.closeAllConnections();
    return { inFlightAtStart, cut, finished, ms: Date.now() - started };
  }

  return { track, drain, inFlight: () => inFlight.size };
}
