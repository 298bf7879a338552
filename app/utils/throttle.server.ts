// Login throttling: fixed-window attempt counters in Redis (shared by every web process).
// A throttled attempt is refused before the password is even checked, so guessing costs
// the attacker the window, not us an argon2 hash.
import { createHash } from "node:crypto";
import { getEnv } from "./env.server.ts";
import { createLogger } from "./logger.server.ts";
import { createRedis } from "./redis.server.ts";

export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const LOGIN_LIMITS = { account: 5, address: 20 } as const;

const log = createLogger("web");

declare global {
   
  var __slvThrottleRedis: ReturnType<typeof createRedis> | undefined;
}

// The producer connection has no offline queue (fail fast), so wait briefly for the first
// connect instead of failing the very first command after start.
async function getRedis() {
  const redis = (globalThis.__slvThrottleRedis ??= createRedis("producer"));
  if (redis.status === "connecting" || redis.status === "connect" || redis.status === "wait") {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("Redis connect timeout")), 2000);
      redis.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return redis;
}

/** Closes the throttle's Redis connection (tests and graceful shutdown). */
export async function closeThrottle() {
  const redis = globalThis.__slvThrottleRedis;
  globalThis.__slvThrottleRedis = undefined;
  if (!redis) return;
  if (redis.status === "ready") await Promise.race([redis.quit().catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);
  redis.disconnect();
}

// Keys never hold the e-mail or address in clear (Redis is not where personal data lives).
const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);
const accountKey = (email: string) => `${getEnv().QUEUE_PREFIX}:throttle:login:account:${digest(email.trim().toLowerCase())}`;
const addressKey = (address: string) => `${getEnv().QUEUE_PREFIX}:throttle:login:address:${digest(address)}`;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: "account" | "address" };

// Check and count in one step inside Redis (a script runs atomically): a separate GET then
// INCR let 50 parallel guesses all pass the check before any was counted. Each allowed
// attempt takes a slot from every counter up front; a successful sign-in gives them back.
// KEYS: the counters; ARGV[1]: window in seconds; ARGV[1 + i]: the limit of KEYS[i].
// Returns 0 when allowed, else the 1-based index of the full counter and its remaining ms.
const RESERVE_SCRIPT = `
for i = 1, #KEYS do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= tonumber(ARGV[i + 1]) then
    return {i, redis.call('PTTL', KEYS[i])}
  end
end
for i = 1, #KEYS do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('EXPIRE', KEYS[i], ARGV[1]) end
end
return {0, 0}
`;
// Gives a slot back without ever going below zero or creating the key.
const RELEASE_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return count
`;

type ThrottleRedis = Awaited<ReturnType<typeof getRedis>> & {
  slvReserveLogin(...args: (string | number)[]): Promise<[number, number]>;
  slvReleaseLogin(key: string): Promise<number>;
};

async function getThrottleRedis(): Promise<ThrottleRedis> {
  const redis = await getRedis();
  if (!("slvReserveLogin" in redis)) {
    redis.defineCommand("slvReserveLogin", { lua: RESERVE_SCRIPT });
    redis.defineCommand("slvReleaseLogin", { numberOfKeys: 1, lua: RELEASE_SCRIPT });
  }
  return redis as ThrottleRedis;
}

/**
 * Whether a login for this e-mail from this address may be tried now; when it may, the
 * attempt is already counted against the account and the address (call
 * releaseLoginAttempt after a successful sign-in). If Redis is away the login is allowed
 * (logged): a Redis outage must not lock every staff member out.
 */
export async function reserveLoginAttempt(options: { email: string; address: string | null }): Promise<ThrottleVerdict> {
  try {
    const redis = await getThrottleRedis();
    const counters: { scope: "account" | "address"; key: string; limit: number }[] = [
      { scope: "account", key: accountKey(options.email), limit: LOGIN_LIMITS.account },
    ];
    if (options.address) counters.push({ scope: "address", key: addressKey(options.address), limit: LOGIN_LIMITS.address });
    const [full, ttl] = await redis.slvReserveLogin(counters.length, ...counters.map((c) => c.key), LOGIN_WINDOW_SECONDS, ...counters.map((c) => c.limit));
    if (full === 0) return { allowed: true };
    const retryAfterSeconds = Math.max(1, Math.ceil((ttl > 0 ? ttl : LOGIN_WINDOW_SECONDS * 1000) / 1000));
    return { allowed: false, retryAfterSeconds, scope: counters[full - 1]!.scope };
  } catch (error) {
    log.warn("login throttle unavailable; allowing the attempt", { error: String(error) });
    return { allowed: true };
  }
}

/**
 * A successful sign-in: the account's counter is cleared, and the address gets its slot
 * back (its other failures stay: it may be guessing many accounts).
 */
export async function releaseLoginAttempt(options: { email: string; address: string | null }) {
  try {
    const redis = await getThrottleRedis();
    await Promise.all([redis.del(accountKey(options.email)), options.address ? redis.slvReleaseLogin(addressKey(options.address)) : undefined]);
  } catch (error) {
    log.warn("login throttle unavailable; counter not reset", { error: String(error) });
  }
}
