// The load balancer in front of the two web processes: round robin, one fresh connection
// per request (no pooled sockets a restarting backend could reset), and, like nginx's
// proxy_next_upstream for a refused connection, the next backend when one refuses (nothing
// was sent yet, so even a POST is safe to pass on). A request that reached a backend and
// then failed is answered 502, a slow one 504: the sender sees what a real proxy would show.
import http from "node:http";
import { closeServer, listenLocal } from "./local-server.ts";

export type Backend = { name: string; port: number };

export class RoundRobinProxy {
  private server: http.Server | undefined;
  private next = 0;
  readonly stats = { requests: 0, refusedHops: 0, badGateway: 0, timeouts: 0, perBackend: new Map<string, number>() };

  constructor(
    readonly port: number,
    readonly backends: Backend[],
    private readonly timeoutMs = 30_000,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async up() {
    const server = await listenLocal(this.port, (req, res) => this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    this.server = server;
  }

  async down() {
    const s = this.server;
    this.server = undefined;
    if (s) {
      s.closeAllConnections();
      await closeServer(s);
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    this.stats.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const start = this.next++ % this.backends.length;
    for (let i = 0; i < this.backends.length; i++) {
      const backend = this.backends[(start + i) % this.backends.length]!;
      const outcome = await this.forward(backend, req, body, res);
      if (outcome !== "refused") return;
      this.stats.refusedHops++;
    }
    this.stats.badGateway++;
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end("502 Bad Gateway: no backend accepted the connection");
  }

  private forward(backend: Backend, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<"done" | "refused"> {
    return new Promise((resolve) => {
      const headers = { ...req.headers };
      const client = req.socket.remoteAddress ?? "127.0.0.1";
      headers["x-forwarded-for"] = headers["x-forwarded-for"] ? `${String(headers["x-forwarded-for"])}, ${client}` : client;
      headers["x-forwarded-proto"] = "http";
      headers["content-length"] = String(body.length);
      delete headers["transfer-encoding"];
      headers.connection = "close";
      let settled = false;
      const upstream = http.request({ host: "127.0.0.1", port: backend.port, method: req.method, path: req.url, headers, agent: false }, (up) => {
        settled = true;
        this.stats.perBackend.set(backend.name, (this.stats.perBackend.get(backend.name) ?? 0) + 1);
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.on("end", () => resolve("done"));
        up.on("error", () => {
          res.destroy();
          resolve("done");
        });
      });
      upstream.setTimeout(this.timeoutMs, () => {
        this.stats.timeouts++;
        upstream.destroy(new Error("timeout"));
        if (!res.headersSent) res.writeHead(504, { "content-type": "text/plain" }).end("504 Gateway Timeout");
        else res.destroy();
        settled = true;
        resolve("done");
      });
      upstream.on("error", (e: NodeJS.ErrnoException) => {
        if (settled) return;
        settled = true;
        if (e.code === "ECONNREFUSED") return resolve("refused");
        this.stats.badGateway++;
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end(`502 Bad Gateway: ${e.code ?? e.message}`);
        else res.destroy();
        resolve("done");
      });
      upstream.end(body);
    });
  }
}
