// A citizen who lost the tracking link finds it again on the web: by the request's number
// and the phone it was made with ("find"), or all their requests at once ("mine"). Either
// way the phone is proven by a one-time code texted to it (contact-verification: codes kept
// hashed in Redis, a few tries, a limited pace per destination). What keeps numbers from
// being probed:
// - an unknown number and a phone that did not make the request get exactly the answer a
//   right pair gets ("a code was sent if they match", with a verification id), only no
//   text is sent; a code typed for such an id is refused in the same words as a wrong one;
// - every attempt counts against the client address, the phone and the number before
//   anything is looked up, so the limits themselves tell nothing either.
import { createHash, randomBytes } from "node:crypto";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import { confirmContactVerification, startContactVerification } from "#app/domain/citizens/contact-verification.server.ts";
import { deriveAccessToken } from "#app/domain/requests/access-token.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError, isNonEmpty, type Problem } from "#app/utils/errors.ts";
import type { Lang } from "#app/utils/i18n.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { sharedRedis } from "#app/utils/redis.server.ts";

const log = createLogger("web");

export const REQUEST_NUMBER = /^SLV-\d{4}-\d{1,9}$/;

/** Lookups (codes asked for) per window; each scope is counted on every attempt, found or not. */
export const LOOKUP_LIMITS = [
  { scope: "client", max: 5, windowSeconds: 3600 },
  { scope: "phone", max: 3, windowSeconds: 15 * 60 },
  { scope: "number", max: 5, windowSeconds: 3600 },
] as const;

const connection = sharedRedis("web-lookup", "producer");
const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);
const limiterCache = new WeakMap<Redis, Map<string, RateLimiterRedis>>();

function limiter(redis: Redis, l: { scope: string; max: number; windowSeconds: number }) {
  let map = limiterCache.get(redis);
  if (!map) limiterCache.set(redis, (map = new Map()));
  const keyPrefix = `${getEnv().QUEUE_PREFIX}:lookup:${l.scope}:${l.windowSeconds}`;
  let found = map.get(keyPrefix);
  if (!found) map.set(keyPrefix, (found = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: l.max, duration: l.windowSeconds })));
  return found;
}

/** Counts this attempt in every scope given; refuses (CONFLICT, rate-limited) when one is spent. */
async function pace(values: { client?: string | null; phone?: string; number?: string }) {
  const redis = await connection.ready().catch(() => {
    throw new AppError("UNAVAILABLE", "errors:contact.codesUnavailable");
  });
  const checks = LOOKUP_LIMITS.flatMap((l) => {
    const value = values[l.scope];
    return value ? [limiter(redis, l).consume(digest(value))] : [];
  });
  const results = await Promise.all(
    checks.map((p) =>
      p.then(
        () => null,
        (e: unknown) => {
          if (e instanceof RateLimiterRes) return e;
          throw new AppError("UNAVAILABLE", "errors:contact.codesUnavailable");
        },
      ),
    ),
  );
  const refused = results.find((r) => r !== null);
  if (refused)
    throw new AppError("CONFLICT", "errors:lookup.rateLimited", {
      details: { reason: "rate-limited", retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) },
    });
}

function readPhone(input: string) {
  const phone = normalizePhone(input);
  if (!phone) throw new AppError("VALIDATION", "errors:lookup.phoneInvalid", { field: "phone" });
  return phone;
}

/** The requests made with this phone: by a citizen who gave it, or who proved it by texting from it. */
const madeWith = (phone: string) => ({
  citizen: { OR: [{ phone }, { identities: { some: { channel: "SMS" as const, externalId: phone } } }] },
});

/** An id that looks like a real verification's (same alphabet and length) and opens nothing. */
const decoyId = () => randomBytes(18).toString("base64url");

/**
 * "Find my request", step one. Always answers with a verification id and the phone the
 * code went to (or would have gone to); the code is texted only when that phone made the
 * request with that number.
 */
export async function startRequestLookup(options: { number: string; phone: string; lang: Lang; clientAddress?: string | null }) {
  const number = options.number.trim().toUpperCase();
  const problems: Problem[] = [];
  if (!REQUEST_NUMBER.test(number)) problems.push({ field: "number", key: "errors:lookup.numberInvalid" });
  const phone = normalizePhone(options.phone);
  if (!phone) problems.push({ field: "phone", key: "errors:lookup.phoneInvalid" });
  if (isNonEmpty(problems)) throw AppError.invalid(problems);
  await pace({ client: options.clientAddress, phone: phone!, number });
  const request = await getDb().request.findFirst({ where: { number, ...madeWith(phone!) }, select: { id: true } });
  if (!request) {
    log.info("request lookup: no match (no code sent)");
    return { verificationId: decoyId(), phone: phone! };
  }
  const started = await startContactVerification({
    purpose: "web-lookup",
    subject: `request:${request.id}`,
    channel: "SMS",
    address: phone!,
    lang: options.lang,
  });
  // The destination's own limit (codes of every kind to this phone) is spent: the same refusal as ours.
  if (!started.ok)
    throw new AppError("CONFLICT", "errors:lookup.rateLimited", { details: { reason: "rate-limited", retryAfterSeconds: started.retryAfterSeconds } });
  return { verificationId: started.verificationId, phone: phone! };
}

async function confirm(options: { verificationId: string; code: string }) {
  const confirmed = await confirmContactVerification({ verificationId: options.verificationId, code: options.code, purpose: "web-lookup" });
  // Wrong, expired, used up or never sent: one answer (a guesser learns nothing from it).
  if (!confirmed.ok) throw new AppError("VALIDATION", "errors:lookup.codeWrong", { field: "code", details: { reason: confirmed.reason } });
  return confirmed;
}

/** Step two: the right code gives the request's private tracking token. */
export async function confirmRequestLookup(options: { verificationId: string; code: string }) {
  const confirmed = await confirm(options);
  const requestId = confirmed.subject.startsWith("request:") ? confirmed.subject.slice("request:".length) : null;
  if (!requestId) throw new AppError("VALIDATION", "errors:lookup.codeWrong", { field: "code" });
  log.info("request lookup: opened");
  return { token: deriveAccessToken(requestId), phone: confirmed.address };
}

/** "My requests", step one: a code to the phone (whether or not it made any request; that shows only after the proof). */
export async function startMyRequests(options: { phone: string; lang: Lang; clientAddress?: string | null }) {
  const phone = readPhone(options.phone);
  await pace({ client: options.clientAddress, phone });
  const started = await startContactVerification({ purpose: "web-lookup", subject: "mine", channel: "SMS", address: phone, lang: options.lang });
  if (!started.ok)
    throw new AppError("CONFLICT", "errors:lookup.rateLimited", { details: { reason: "rate-limited", retryAfterSeconds: started.retryAfterSeconds } });
  return { verificationId: started.verificationId, phone };
}

/** Step two: the proven phone (the caller keeps it for a short while in a signed cookie). */
export async function confirmMyRequests(options: { verificationId: string; code: string }) {
  const confirmed = await confirm(options);
  if (confirmed.subject !== "mine") throw new AppError("VALIDATION", "errors:lookup.codeWrong", { field: "code" });
  return { phone: confirmed.address };
}

/** The requests made with a proven phone, newest first, each with its private tracking path. */
export async function listPhoneRequests(options: { phone: string }) {
  const rows = await getDb().request.findMany({
    where: madeWith(options.phone),
    orderBy: { receivedAt: "desc" },
    take: 200,
    select: { id: true, number: true, status: true, receivedAt: true, category: { select: { nameUk: true, nameEn: true } } },
  });
  return rows.map((r) => ({
    number: r.number,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    category: r.category,
    trackUrl: `/track/${deriveAccessToken(r.id)}`,
  }));
}

/** Closes the connection (tests and graceful shutdown). */
export async function closeWebLookup() {
  await connection.close();
}
