// Login throttling: fixed-window failure counters in Redis (shared by every web process).
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
  // eslint-disable-next-line no-var
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

/**
 * The client's address: what the web server put in the load context, else the last hop of
 * X-Forwarded-For (appended by our own proxy; earlier hops are the client's to forge), else null.
 * With no known address only the per-account limit applies, so one shared "unknown" bucket
 * can never lock everybody out.
 */
export function getClientAddress(request: Request, context?: unknown): string | null {
  const fromContext = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  if (typeof fromContext === "string" && fromContext) return fromContext;
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last || null;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: "account" | "address" };

/**
 * Whether a login for this e-mail from this address may be tried now. If Redis is away the
 * login is allowed (logged): a Redis outage must not lock every staff member out.
 */
export async function checkLoginThrottle(options: { email: string; address: string | null }): Promise<ThrottleVerdict> {
  try {
    const redis = await getRedis();
    const checks: { scope: "account" | "address"; key: string; limit: number }[] = [
      { scope: "account", key: accountKey(options.email), limit: LOGIN_LIMITS.account },
    ];
    if (options.address) checks.push({ scope: "address", key: addressKey(options.address), limit: LOGIN_LIMITS.address });
    for (const c of checks) {
      const [count, ttl] = await Promise.all([redis.get(c.key), redis.pttl(c.key)]);
      if (Number(count ?? 0) >= c.limit) {
        const retryAfterSeconds = Math.max(1, Math.ceil((ttl > 0 ? ttl : LOGIN_WINDOW_SECONDS * 1000) / 1000));
        return { allowed: false, retryAfterSeconds, scope: c.scope };
      }
    }
    return { allowed: true };
  } catch (error) {
    log.warn("login throttle unavailable; allowing the attempt", { error: String(error) });
    return { allowed: true };
  }
}

/** Counts a failed login against the account and the address (the window starts at the first failure). */
export async function recordLoginFailure(options: { email: string; address: string | null }) {
  try {
    const redis = await getRedis();
    const keys = [accountKey(options.email), ...(options.address ? [addressKey(options.address)] : [])];
    const multi = redis.multi();
    for (const key of keys) {
      multi.incr(key);
      multi.expire(key, LOGIN_WINDOW_SECONDS, "NX");
    }
    await multi.exec();
  } catch (error) {
    log.warn("login throttle unavailable; failure not counted", { error: String(error) });
  }
}

/** A successful login clears the account's counter (the address's stays: it may be guessing many accounts). */
export async function resetLoginThrottle(options: { email: string }) {
  try {
    await (await getRedis()).del(accountKey(options.email));
  } catch (error) {
    log.warn("login throttle unavailable; counter not reset", { error: String(error) });
  }
}
