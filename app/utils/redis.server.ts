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
