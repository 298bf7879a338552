import { z } from "zod";
import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import type { Channel } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { normalizePhone } from "#app/utils/phone.ts";

/**
 * "This is my problem too": the citizen follows an open request instead of filing a
 * duplicate, and hears about it on their contact. Following needs a contact — an
 * anonymous follower could never be told anything, so it is refused.
 */
export async function followRequest(options: {
  requestNumber: string;
  contact: { fullName?: string | null; phone?: string | null; email?: string | null };
  language?: "uk" | "en";
}): Promise<{ number: string; alreadyFollowing: boolean }> {
  const phoneInput = options.contact.phone?.trim();
  const phone = phoneInput ? normalizePhone(phoneInput) : null;
  if (phoneInput && !phone) throw new AppError("VALIDATION", "Not a phone number", { field: "phone" });
  const emailInput = options.contact.email?.trim().toLowerCase();
  const email = emailInput ? (z.string().email().safeParse(emailInput).success ? emailInput : null) : null;
  if (emailInput && !email) throw new AppError("VALIDATION", "Not an e-mail address", { field: "email" });
  if (!phone && !email)
    throw new AppError("VALIDATION", "Following a request needs a phone number or an e-mail to tell you about it", {
      field: "contact",
      details: { reason: "anonymous" },
    });

  return getDb().$transaction(async (tx) => {
    const request = await tx.request.findUnique({ where: { number: options.requestNumber.trim() }, select: { id: true, number: true, status: true } });
    if (!request) throw new AppError("NOT_FOUND", "No such request", { field: "followNumber" });
    if (!OPEN_STATUSES.includes(request.status))
      throw new AppError("CONFLICT", "This request is no longer open", { field: "followNumber", details: { reason: "closed" } });

    const identities: { channel: Channel; externalId: string }[] = [];
    if (phone) identities.push({ channel: "SMS", externalId: phone });
    if (email) identities.push({ channel: "EMAIL", externalId: email });
    let citizenId: string | null = null;
    for (const identity of identities) {
      citizenId ??= (await tx.channelIdentity.findUnique({ where: { channel_externalId: identity }, select: { citizenId: true } }))?.citizenId ?? null;
    }
    if (!citizenId && phone) citizenId = (await tx.citizen.findUnique({ where: { phone }, select: { id: true } }))?.id ?? null;
    if (!citizenId) {
      citizenId = (
        await tx.citizen.create({
          data: { fullName: options.contact.fullName?.trim() || null, phone, email, language: options.language ?? "uk" },
          select: { id: true },
        })
      ).id;
    }
    for (const identity of identities) {
      await tx.channelIdentity.upsert({ where: { channel_externalId: identity }, create: { ...identity, citizenId }, update: {} });
    }
    const existing = await tx.requestFollower.findUnique({ where: { requestId_citizenId: { requestId: request.id, citizenId } } });
    if (existing) return { number: request.number, alreadyFollowing: true };
    await tx.requestFollower.create({ data: { requestId: request.id, citizenId, channel: phone ? "SMS" : "EMAIL" } });
    // Public, but carries no identity: the timeline only says someone else reported it too.
    await tx.requestEvent.create({ data: { requestId: request.id, type: "follower-added", actorType: "CITIZEN", isPublic: true, data: {} } });
    return { number: request.number, alreadyFollowing: false };
  });
}
