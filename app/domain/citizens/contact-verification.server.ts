import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { enqueueNotifications } from "#app/domain/notifications/enqueue-notifications.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import type { Lang } from "#app/utils/i18n.ts";
import { createLogger, maskPhone } from "#app/utils/logger.server.ts";
import { sharedRedis } from "#app/utils/redis.server.ts";
import { getSessionSecret } from "#app/utils/session-secret.server.ts";

// One-time codes that prove a person controls a phone (or an e-mail): sent through the
// notifications outbox (Twilio, or the sandbox outbox without credentials), kept in Redis
// only as a keyed hash, valid for a short while, a few tries each, and sent at a limited
// pace per destination and per whoever asks, so nobody can bomb a number with texts or
// guess a code. The pace is kept by rate-limiter-flexible: fixed windows in Redis, each
// count one atomic step there, shared by every process.

export const CODE_TTL_SECONDS = 10 * 60;
export const CODE_MAX_ATTEMPTS = 5;
/** Codes to one destination: a few per quarter of an hour, a dozen a day. */
const DESTINATION_LIMITS = [
  { windowSeconds: 15 * 60, max: 3 },
  { windowSeconds: 24 * 3600, max: 10 },
];

const log = createLogger("domain");

/** "web-lookup": a citizen on the web opening their request by number and phone, or listing their requests. */
export type VerificationPurpose = "telegram-link" | "follow" | "web-lookup";
export type VerificationChannel = "SMS" | "EMAIL";
/** A caller's own pace limit, e.g. per Telegram chat or per client address and request. */
export type PaceLimit = { scope: string; value: string; max: number; windowSeconds: number };

type Stored = {
  purpose: VerificationPurpose;
  subject: string;
  channel: VerificationChannel;
  address: string;
  codeHash: string;
  attempts: number;
  payload: Record<string, unknown>;
};

const connection = sharedRedis("contact-verification", "producer");

async function getRedis(): Promise<Redis> {
  return connection.ready().catch(() => {
    throw new AppError("UNAVAILABLE", "errors:contact.codesUnavailable");
  });
}

/** Closes the connection (tests and graceful shutdown). */
export async function closeContactVerification() {
  await connection.close();
}

// Keys never hold a phone, e-mail or chat id in clear.
const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);
const key = (...parts: string[]) => [getEnv().QUEUE_PREFIX, "verify", ...parts].join(":");
// Keyed with the server secret: six digits hashed plainly would fall to a lookup table.
const hashCode = (id: string, code: string) => createHmac("sha256", `verify:${getSessionSecret()}`).update(`${id}:${code}`).digest("hex");

// One limiter per scope, size and window on each connection; a key is the limiter's prefix and a digest.
const limiterCache = new WeakMap<Redis, Map<string, RateLimiterRedis>>();

function paceLimiter(redis: Redis, window: { scope: string; max: number; windowSeconds: number }) {
  let limiters = limiterCache.get(redis);
  if (!limiters) limiterCache.set(redis, (limiters = new Map()));
  const keyPrefix = key("rate", window.scope, `${window.windowSeconds}`);
  const id = `${keyPrefix}:${window.max}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: window.max, duration: window.windowSeconds });
    limiters.set(id, limiter);
  }
  return limiter;
}

export type StartVerificationResult = { ok: true; verificationId: string; expiresAt: Date } | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/**
 * Sends a fresh code to `address` for `purpose` on behalf of `subject` (the chat, the
 * request being followed), unless the destination or the caller's own limits are spent.
 * `payload` comes back on confirmation (what to do once the contact is proven).
 */
export async function startContactVerification(options: {
  purpose: VerificationPurpose;
  subject: string;
  channel: VerificationChannel;
  address: string;
  lang: Lang;
  payload?: Record<string, unknown>;
  limits?: PaceLimit[];
  now?: Date;
}): Promise<StartVerificationResult> {
  const redis = await getRedis().catch((e) => {
    throw isAppErrorLike(e) ? e : new AppError("UNAVAILABLE", "errors:contact.codesUnavailable");
  });
  const now = options.now ?? new Date();
  const windows = [
    ...DESTINATION_LIMITS.map((l) => ({ scope: "to", id: digest(`${options.channel}:${options.address}`), ...l })),
    ...(options.limits ?? []).map((l) => ({ scope: l.scope, id: digest(l.value), max: l.max, windowSeconds: l.windowSeconds })),
  ];
  // Every window counts the request, refused or not, so hammering does not help; the first full one refuses.
  const refusals = await Promise.all(
    windows.map((w) =>
      paceLimiter(redis, w)
        .consume(w.id)
        .then(
          () => null,
          (e: unknown) => {
            if (e instanceof RateLimiterRes) return e;
            throw new AppError("UNAVAILABLE", "errors:contact.codesUnavailable");
          },
        ),
    ),
  );
  const refused = refusals.find((r) => r !== null);
  if (refused) {
    log.info("verification code refused: pace limit", { purpose: options.purpose, channel: options.channel });
    return { ok: false, reason: "rate-limited", retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) };
  }

  const verificationId = randomBytes(18).toString("base64url");
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(now.getTime() + CODE_TTL_SECONDS * 1000);
  const stored: Stored = {
    purpose: options.purpose,
    subject: options.subject,
    channel: options.channel,
    address: options.address,
    codeHash: hashCode(verificationId, code),
    attempts: 0,
    payload: options.payload ?? {},
  };
  await redis.set(key("code", verificationId), JSON.stringify(stored), "EX", CODE_TTL_SECONDS);
  // Through the outbox like every message to a citizen (retried, skipped for opted-out
  // numbers, sandboxed without credentials); nobody has proved the address yet, so no citizen.
  const rows = await getDb().notification.createManyAndReturn({
    data: [
      {
        citizenId: null,
        channel: options.channel,
        address: options.address,
        template: "verificationCode",
        params: { code, minutes: CODE_TTL_SECONDS / 60, expiresAt: expiresAt.toISOString(), lang: options.lang },
        dedupeKey: `verify:${verificationId}`,
      },
    ],
    select: { id: true },
  });
  await enqueueNotifications({ ids: rows.map((r) => r.id) });
  log.info("verification code sent", {
    purpose: options.purpose,
    channel: options.channel,
    to: options.channel === "SMS" ? maskPhone(options.address) : undefined,
  });
  return { ok: true, verificationId, expiresAt };
}

export type ConfirmVerificationResult =
  | { ok: true; purpose: VerificationPurpose; subject: string; channel: VerificationChannel; address: string; payload: Record<string, unknown> }
  | { ok: false; reason: "wrong"; attemptsLeft: number }
  | { ok: false; reason: "expired" | "too-many" };

/**
 * Checks a typed code. Right: the verification is used up and what it proves comes back.
 * Wrong: one try fewer; after the last one the code is gone. Unknown, expired, used, or
 * started for another purpose or subject: "expired" (nothing to tell apart for a guesser).
 */
export async function confirmContactVerification(options: {
  verificationId: string;
  code: string;
  purpose: VerificationPurpose;
  subject?: string;
}): Promise<ConfirmVerificationResult> {
  const redis = await getRedis();
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(options.verificationId)) return { ok: false, reason: "expired" };
  const k = key("code", options.verificationId);
  const raw = await redis.get(k);
  if (!raw) return { ok: false, reason: "expired" };
  const stored = JSON.parse(raw) as Stored;
  if (stored.purpose !== options.purpose || (options.subject !== undefined && stored.subject !== options.subject)) return { ok: false, reason: "expired" };

  const code = options.code.replace(/\D+/g, "");
  const expected = Buffer.from(stored.codeHash, "hex");
  const given = Buffer.from(hashCode(options.verificationId, code), "hex");
  if (code.length === 6 && timingSafeEqual(expected, given)) {
    // Used once: whoever deletes it first is the one who confirmed it.
    if ((await redis.del(k)) !== 1) return { ok: false, reason: "expired" };
    return { ok: true, purpose: stored.purpose, subject: stored.subject, channel: stored.channel, address: stored.address, payload: stored.payload };
  }
  // Count the wrong try atomically (two guesses at once must not both get the last try).
  const attempts = Number(
    await redis.eval(
      "local v = redis.call('get', KEYS[1]); if not v then return -1 end; local s = cjson.decode(v); s.attempts = s.attempts + 1; " +
        "if s.attempts >= tonumber(ARGV[1]) then redis.call('del', KEYS[1]) else redis.call('set', KEYS[1], cjson.encode(s), 'KEEPTTL') end; return s.attempts",
      1,
      k,
      String(CODE_MAX_ATTEMPTS),
    ),
  );
  if (attempts < 0) return { ok: false, reason: "expired" };
  if (attempts >= CODE_MAX_ATTEMPTS) return { ok: false, reason: "too-many" };
  return { ok: false, reason: "wrong", attemptsLeft: CODE_MAX_ATTEMPTS - attempts };
}

function isAppErrorLike(e: unknown): e is AppError {
  return e instanceof AppError;
}
