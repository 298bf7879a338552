// Login throttling: fixed-window attempt counters in Redis (shared by every web process),
// kept by rate-limiter-flexible, whose consume is one atomic step inside Redis (a separate
// check then count let 50 parallel guesses all pass before any was counted). A throttled
// attempt is refused before the password is even checked, so guessing costs the attacker
// the window, not us an argon2 hash.
import { createHash } from "node:crypto";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "./env.server.ts";
import { createLogger } from "./logger.server.ts";
import { sharedRedis } from "./redis.server.ts";

export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const LOGIN_LIMITS = { account: 5, address: 20 } as const;

const log = createLogger("web");

const connection = sharedRedis("throttle", "producer");
const getRedis = () => connection.ready();

/** Closes the throttle's Redis connection (tests and graceful shutdown). */
export async function closeThrottle() {
  await connection.close();
}

// Keys never hold the e-mail or address in clear (Redis is not where personal data lives).
const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: "account" | "address" };

const limiterCache = new WeakMap<object, { account: RateLimiterRedis; address: RateLimiterRedis }>();

async function getLimiters() {
  const redis = await getRedis();
  let limiters = limiterCache.get(redis);
  if (!limiters) {
    const prefix = `${getEnv().QUEUE_PREFIX}:throttle:login`;
    const make = (scope: "account" | "address") =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:${scope}`, points: LOGIN_LIMITS[scope], duration: LOGIN_WINDOW_SECONDS });
    limiters = { account: make("account"), address: make("address") };
    limiterCache.set(redis, limiters);
  }
  return limiters;
}

const refusal = (res: RateLimiterRes, scope: "account" | "address"): ThrottleVerdict => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  scope,
});

/**
 * Whether a login for this e-mail from this address may be tried now; when it may, the
 * attempt is already counted against the account and the address (call
 * releaseLoginAttempt after a successful sign-in). If Redis is away the login is allowed
 * (logged): a Redis outage must not lock every staff member out.
 */
export async function reserveLoginAttempt(options: { email: string; address: string | null }): Promise<ThrottleVerdict> {
  const accountId = digest(options.email.trim().toLowerCase());
  const addressId = options.address ? digest(options.address) : null;
  try {
    const { account, address } = await getLimiters();
    if (addressId) {
      const refused = await address.consume(addressId).then(
        () => null,
        (e: unknown) => (e instanceof RateLimiterRes ? e : Promise.reject(e)),
      );
      if (refused) return refusal(refused, "address");
    }
    const refused = await account.consume(accountId).then(
      () => null,
      (e: unknown) => (e instanceof RateLimiterRes ? e : Promise.reject(e)),
    );
    if (refused) {
      // This attempt never reached a password: the address gets its slot back.
      if (addressId) await address.reward(addressId, 1);
      return refusal(refused, "account");
    }
    return { allowed: true };
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
    const { account, address } = await getLimiters();
    await Promise.all([account.delete(digest(options.email.trim().toLowerCase())), options.address ? address.reward(digest(options.address), 1) : undefined]);
  } catch (error) {
    log.warn("login throttle unavailable; counter not reset", { error: String(error) });
  }
}
