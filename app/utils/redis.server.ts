import { Redis, type RedisOptions } from "ioredis";
import { getEnv } from "./env.server.ts";

/**
 * Workers need maxRetriesPerRequest: null (BullMQ blocks on Redis and must wait it out).
 * Producers in the web process fail fast instead: Postgres already holds the work and the
 * sweeper re-drives it, so a request must never hang because Redis is away.
 */
export function createRedis(kind: "worker" | "producer", url = getEnv().REDIS_URL) {
  const options: RedisOptions =
    kind === "worker" ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 };
  const redis = new Redis(url, { ...options, lazyConnect: false });
  // Without a listener ioredis prints every reconnect failure as an unhandled error.
  redis.on("error", () => {});
  return redis;
}

declare global {
  var __slvSharedRedis: Map<string, Redis> | undefined;
}

/**
 * One connection per purpose and process (login throttle, contact codes, the bot's state),
 * created on first use and kept on globalThis (the web server and the built app bundle
 * load their own copies of this module, and must share the connection).
 */
export function sharedRedis(name: string, kind: "worker" | "producer") {
  const all = (globalThis.__slvSharedRedis ??= new Map<string, Redis>());
  const get = (): Redis => {
    let redis = all.get(name);
    if (!redis) all.set(name, (redis = createRedis(kind)));
    return redis;
  };
  return {
    get,
    /** The connection once it is ready: a producer has no offline queue, so the very first command waits briefly for the connect instead of failing. */
    async ready(timeoutMs = 2000): Promise<Redis> {
      const redis = get();
      if (redis.status === "connecting" || redis.status === "connect" || redis.status === "wait") {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("Redis connect timeout")), timeoutMs);
          redis.once("ready", () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return redis;
    },
    /** Closes it (tests and graceful shutdown); the next use opens a new one. */
    async close() {
      const redis = all.get(name);
      all.delete(name);
      if (!redis) return;
      if (redis.status === "ready") await Promise.race([redis.quit().catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);
      redis.disconnect();
    },
  };
}

/** Closes every shared connection this process opened (graceful shutdown of a process). */
export async function closeSharedRedis() {
  const names = [...(globalThis.__slvSharedRedis?.keys() ?? [])];
  await Promise.all(names.map((name) => sharedRedis(name, "producer").close()));
}
