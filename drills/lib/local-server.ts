// The stand-ins and the proxy are small HTTP servers on a local port that the drills take
// down and bring back; this is how they listen and close.
import http from "node:http";

/** Listens on 127.0.0.1:port; rejects when the port is taken. */
export async function listenLocal(port: number, handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) {
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return server;
}

/** Stops listening and waits until the server has closed. */
export function closeServer(server: http.Server) {
  return new Promise<void>((r) => server.close(() => r()));
}
