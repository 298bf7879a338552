// Says within about a second which local service is unreachable and how to start it.
import net from "node:net";

export type ServiceCheck = { name: "PostgreSQL" | "Redis"; url: string; ok: boolean; error?: string };

function probe(url: string, defaultPort: number, timeoutMs: number): Promise<string | undefined> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || "127.0.0.1", port: Number(u.port || defaultPort) });
    const done = (err?: string) => {
      socket.destroy();
      resolve(err);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once("connect", () => done());
    socket.once("error", (e) => done((e as NodeJS.ErrnoException).code ?? e.message));
  });
}

export async function checkServices(options: { databaseUrl: string; redisUrl: string; timeoutMs?: number }) {
  const t = options.timeoutMs ?? 800;
  const [pgErr, redisErr] = await Promise.all([probe(options.databaseUrl, 5432, t), probe(options.redisUrl, 6379, t)]);
  return [
    { name: "PostgreSQL", url: options.databaseUrl, ok: !pgErr, error: pgErr },
    { name: "Redis", url: options.redisUrl, ok: !redisErr, error: redisErr },
  ] satisfies ServiceCheck[];
}

export const HOW_TO_START: Record<ServiceCheck["name"], string> = {
  PostgreSQL: [
    "  Debian/Ubuntu: sudo apt-get install -y postgresql && sudo pg_ctlcluster $(ls /etc/postgresql) main start",
    "  macOS (Homebrew): brew install postgresql@15 && brew services start postgresql@15",
    "  Docker: docker compose up -d postgres   (uses docker-compose.yml in this folder)",
  ].join("\n"),
  Redis: [
    '  Debian/Ubuntu: sudo apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    "  macOS (Homebrew): brew install redis && brew services start redis",
    "  Docker: docker compose up -d redis",
  ].join("\n"),
};

export function redactUrl(url: string) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
