import type { Redis } from "ioredis";
import { getEnv } from "#app/utils/env.server.ts";
import { sharedRedis } from "#app/utils/redis.server.ts";

// One connection per process for the bot's conversation state, locks and send pacing.
// "worker" kind: commands wait for a reconnect instead of failing (a chat can wait a second).
const connection = sharedRedis("telegram", "worker");

export function getTelegramRedis(): Redis {
  return connection.get();
}

/** Every key of the bot, under this installation's prefix (several installations share a Redis). */
export function telegramKey(...parts: (string | number)[]) {
  return [getEnv().QUEUE_PREFIX, "tg", ...parts].join(":");
}

export async function closeTelegramRedis() {
  await connection.close();
}

/**
 * Runs `fn` while holding a short Redis lock (SET NX PX), waiting for it up to `waitMs`.
 * Serialises the updates of one chat across processes (the poller handles different chats of a batch
 * concurrently; a webhook worker runs several jobs at once). Returns null if never acquired.
 */
export async function withTelegramLock<T>(options: { key: string; ttlMs?: number; waitMs?: number; fn: () => Promise<T> }): Promise<{ value: T } | null> {
  const redis = getTelegramRedis();
  const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const deadline = Date.now() + (options.waitMs ?? 15_000);
  for (;;) {
    const ok = await redis.set(options.key, token, "PX", options.ttlMs ?? 60_000, "NX");
    if (ok === "OK") break;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 40));
  }
  try {
    return { value: await options.fn() };
  } finally {
    // Release only our own lock (it may have expired and been taken by someone else).
    await redis
      .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, options.key, token)
      .catch(() => {});
  }
}
