import { z } from "zod";
import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { confirmContactVerification, startContactVerification, type PaceLimit } from "#app/domain/citizens/contact-verification.server.ts";
import { findOrCreateProvenCitizen } from "#app/domain/citizens/find-citizen-by-contact.server.ts";

const log = createLogger("web");

/** Codes for following: per client address and per request, on top of the per-destination limit. */
const FOLLOW_LIMITS = { perClientHour: 10, perRequestHour: 30 } as const;

async function openRequest(requestNumber: string) {
  const request = await getDb().request.findUnique({ where: { number: requestNumber.trim() }, select: { id: true, number: true, status: true } });
  if (!request) throw new AppError("NOT_FOUND", "errors:follow.requestNotFound", { field: "followNumber" });
  if (!OPEN_STATUSES.includes(request.status)) throw new AppError("CONFLICT", "errors:follow.closed", { field: "followNumber", details: { reason: "closed" } });
  return request;
}

/**
 * "This is my problem too", step one: the citizen names a phone or an e-mail to hear about
 * an open request, and we send a one-time code there. Nothing is recorded until the code
 * comes back (confirmFollowRequest): a typed contact proves nothing, and following in
 * someone else's name would send them messages they never asked for. An anonymous
 * follower could never be told anything, so that is refused too.
 */
export async function startFollowRequest(options: {
  requestNumber: string;
  contact: { fullName?: string | null; phone?: string | null; email?: string | null };
  language?: "uk" | "en";
  /** The client's network address, when known: codes are paced per address too. */
  clientAddress?: string | null;
}): Promise<{ number: string; verificationId: string; channel: "SMS" | "EMAIL"; address: string }> {
  const phoneInput = options.contact.phone?.trim();
  const phone = phoneInput ? normalizePhone(phoneInput) : null;
  if (phoneInput && !phone) throw new AppError("VALIDATION", "errors:contact.phoneInvalid", { field: "phone" });
  const emailInput = options.contact.email?.trim().toLowerCase();
  const email = emailInput ? (z.string().email().max(200).safeParse(emailInput).success ? emailInput : null) : null;
  if (emailInput && !email) throw new AppError("VALIDATION", "errors:contact.emailInvalid", { field: "email" });
  if (!phone && !email)
    throw new AppError("VALIDATION", "errors:follow.contactRequired", {
      field: "contact",
      details: { reason: "anonymous" },
    });
  const request = await openRequest(options.requestNumber);
  // A phone is preferred: that is where the news will go.
  const channel = phone ? ("SMS" as const) : ("EMAIL" as const);
  const address = (phone ?? email)!;
  const limits: PaceLimit[] = [{ scope: "follow-request", value: request.id, max: FOLLOW_LIMITS.perRequestHour, windowSeconds: 3600 }];
  if (options.clientAddress) limits.push({ scope: "follow-client", value: options.clientAddress, max: FOLLOW_LIMITS.perClientHour, windowSeconds: 3600 });
  const started = await startContactVerification({
    purpose: "follow",
    subject: request.id,
    channel,
    address,
    lang: options.language ?? "uk",
    payload: { fullName: options.contact.fullName?.trim().slice(0, 200) || null, language: options.language ?? "uk" },
    limits,
  });
  if (!started.ok)
    throw new AppError("CONFLICT", "errors:follow.rateLimited", {
      field: "followNumber",
      details: { reason: "rate-limited", retryAfterSeconds: started.retryAfterSeconds },
    });
  return { number: request.number, verificationId: started.verificationId, channel, address };
}

/**
 * Step two: the right code proves the contact, and only then the follower is recorded (a
 * citizen who proved that contact before, or a new one). A wrong code says how many tries
 * are left; an expired or used-up one asks to start again.
 */
export async function confirmFollowRequest(options: { verificationId: string; code: string }): Promise<{ number: string; alreadyFollowing: boolean }> {
  const confirmed = await confirmContactVerification({ verificationId: options.verificationId, code: options.code, purpose: "follow" });
  if (!confirmed.ok) {
    if (confirmed.reason === "wrong")
      throw new AppError("VALIDATION", "errors:follow.wrongCode", {
        field: "followCode",
        params: { left: confirmed.attemptsLeft },
        details: { reason: "wrong", attemptsLeft: confirmed.attemptsLeft },
      });
    throw new AppError("CONFLICT", "errors:follow.codeExpired", { field: "followCode", details: { reason: "expired" } });
  }
  const payload = confirmed.payload as { fullName?: string | null; language?: string };
  return getDb().$transaction(async (tx) => {
    const request = await tx.request.findUnique({ where: { id: confirmed.subject }, select: { id: true, number: true, status: true } });
    if (!request) throw new AppError("NOT_FOUND", "errors:follow.requestNotFound", { field: "followNumber" });
    if (!OPEN_STATUSES.includes(request.status))
      throw new AppError("CONFLICT", "errors:follow.closed", { field: "followNumber", details: { reason: "closed" } });
    const { citizenId, created } = await findOrCreateProvenCitizen({
      tx,
      addresses: [{ channel: confirmed.channel, externalId: confirmed.address }],
      create: { phone: confirmed.channel === "SMS" ? confirmed.address : null, fullName: payload.fullName ?? null, language: payload.language },
    });
    if (created && confirmed.channel === "EMAIL") await tx.citizen.update({ where: { id: citizenId }, data: { email: confirmed.address } });
    const existing = await tx.requestFollower.findUnique({ where: { requestId_citizenId: { requestId: request.id, citizenId } } });
    if (existing) return { number: request.number, alreadyFollowing: true };
    await tx.requestFollower.create({ data: { requestId: request.id, citizenId, channel: confirmed.channel } });
    // Public, but carries no identity: the timeline only says someone else reported it too.
    await tx.requestEvent.create({ data: { requestId: request.id, type: "follower-added", actorType: "CITIZEN", isPublic: true, data: {} } });
    log.info("follower added", { requestId: request.id, channel: confirmed.channel });
    return { number: request.number, alreadyFollowing: false };
  });
}
