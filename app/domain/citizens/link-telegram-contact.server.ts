import { claimProvenContact, findCitizenByContact, provenPhoneOf } from "#app/domain/citizens/find-citizen-by-contact.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { normalizePhone } from "#app/utils/phone.ts";

/**
 * The chat proved a phone: the sender shared their own account's number (contact card with
 * their user_id), or confirmed the code we texted to it. Only then may a chat join the
 * citizen who proved that phone before (called, texted, or linked another chat), so one
 * person has one history; otherwise the chat's citizen gets the phone. Never call this with
 * a number that was merely typed or forwarded.
 */
export async function linkTelegramContact(options: { chatId: string; phone: string; fullName?: string; language?: "uk" | "en" }) {
  const phone = normalizePhone(options.phone);
  if (!phone) throw new AppError("VALIDATION", "errors:contact.phoneInvalid", { field: "phone" });
  return getDb().$transaction(async (tx) => {
    const chat = { channel: "TELEGRAM" as const, externalId: options.chatId };
    const sms = { channel: "SMS" as const, externalId: phone };
    const phoneOwner = (await findCitizenByContact({ tx, address: sms, proven: true }))?.citizenId ?? null;
    const chatOwner = (await findCitizenByContact({ tx, address: chat, proven: true }))?.citizenId ?? null;

    let citizenId: string;
    let linkedExisting = false;
    if (phoneOwner) {
      citizenId = phoneOwner;
      linkedExisting = chatOwner !== phoneOwner;
      if (chatOwner && chatOwner !== phoneOwner) {
        // The same person proved both: the chat's requests move with it to the person.
        await tx.request.updateMany({ where: { citizenId: chatOwner }, data: { citizenId } });
        await tx.channelIdentity.update({ where: { channel_externalId: chat }, data: { citizenId } });
      }
    } else {
      citizenId =
        chatOwner ?? (await tx.citizen.create({ data: { phone, fullName: options.fullName, language: options.language ?? "uk" }, select: { id: true } })).id;
    }
    await claimProvenContact({ tx, citizenId, address: chat });
    await claimProvenContact({ tx, citizenId, address: sms });
    const current = await tx.citizen.findUniqueOrThrow({ where: { id: citizenId }, select: { phone: true, fullName: true } });
    await tx.citizen.update({
      where: { id: citizenId },
      data: { ...(current.phone ? {} : { phone }), ...(!current.fullName && options.fullName ? { fullName: options.fullName } : {}) },
    });
    return { citizenId, phone, linkedExisting };
  });
}

/** The citizen behind a chat, if the chat ever identified itself, with the phone it proved (if any). */
export async function getTelegramCitizen(options: { chatId: string }) {
  const identity = await getDb().channelIdentity.findUnique({
    where: { channel_externalId: { channel: "TELEGRAM", externalId: options.chatId } },
    select: { blocked: true, verifiedAt: true, citizen: { select: { id: true, fullName: true, residence: true, language: true } } },
  });
  if (!identity?.verifiedAt) return null;
  // Only a phone the citizen proved is offered again: a number typed somewhere is not theirs to reuse.
  const phone = await provenPhoneOf({ citizenId: identity.citizen.id });
  return { ...identity.citizen, phone, blocked: identity.blocked };
}
