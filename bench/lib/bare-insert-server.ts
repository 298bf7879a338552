// The baseline of the webhook row: a bare node:http server that reads the body and does one
// INSERT per request into the same PostgreSQL table the web's intake writes (InboundEvent),
// with the same pool size as the web's Prisma client (pg's default, 10), and answers 200.
//
//   node --import tsx bench/lib/bare-insert-server.ts <port> <database url>
import http from "node:http";
import { randomUUID } from "node:crypto";
import pg from "pg";

const [port, databaseUrl] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString();
    const sms = req.url!.includes("twilio");
    pool
      .query(`INSERT INTO "InboundEvent" (channel, "externalId", payload) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
        sms ? "SMS" : "TELEGRAM",
        randomUUID(),
        JSON.stringify({ body }),
      ])
      .then(
        () => res.writeHead(200, { "content-type": sms ? "text/xml" : "application/json" }).end(sms ? "<Response/>" : '{"ok":true}'),
        (e: Error) => res.writeHead(500).end(e.message),
      );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), "127.0.0.1", () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
