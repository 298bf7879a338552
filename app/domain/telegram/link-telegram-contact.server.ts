import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { normalizePhone } from "#app/utils/phone.ts";

/**
 * The citizen shared their own phone (request_contact button). If a citizen with that
 * phone exists (called, texted or used the web before), this chat is linked to them, so
 * one person has one history; otherwise the chat's citizen gets the phone.
 */
export async function linkTelegramContact(options: { chatId: string; phone: string; fullName?: string; language?: "uk" | "en" }) {
  const phone = normalizePhone(options.phone);
  if (!phone) throw new AppError("VALIDATION", "Not a phone number", { field: "phone" });
  return getDb().$transaction(async (tx) => {
    const key = { channel: "TELEGRAM" as const, externalId: options.chatId };
    const byPhone =
      (await tx.citizen.findUnique({ where: { phone }, select: { id: true } })) ??
      (await tx.channelIdentity.findUnique({ where: { channel_externalId: { channel: "SMS", externalId: phone } }, select: { citizenId: true } }).then((i) => (i ? { id: i.citizenId } : null)));
    const identity = await tx.channelIdentity.findUnique({ where: { channel_externalId: key }, select: { citizenId: true } });

    let citizenId: string;
    let linkedExisting = false;
    if (byPhone) {
      citizenId = byPhone.id;
      linkedExisting = identity?.citizenId !== byPhone.id;
      if (identity && identity.citizenId !== byPhone.id) {
        // The chat had its own (phone-less) citizen; its requests move with it to the person.
        await tx.request.updateMany({ where: { citizenId: identity.citizenId }, data: { citizenId } });
        await tx.channelIdentity.update({ where: { channel_externalId: key }, data: { citizenId } });
      }
      const current = await tx.citizen.findUniqueOrThrow({ where: { id: citizenId }, select: { phone: true, fullName: true } });
      await tx.citizen.update({
        where: { id: citizenId },
        data: { ...(current.phone ? {} : { phone }), ...(!current.fullName && options.fullName ? { fullName: options.fullName } : {}) },
      });
    } else if (identity) {
      citizenId = identity.citizenId;
      await tx.citizen.update({ where: { id: citizenId }, data: { phone } });
    } else {
      citizenId = (
        await tx.citizen.create({
          data: { phone, fullName: options.fullName, language: options.language ?? "uk" },
          select: { id: true },
        })
      ).id;
    }
    await tx.channelIdentity.upsert({ where: { channel_externalId: key }, create: { ...key, citizenId }, update: {} });
    await tx.channelIdentity.upsert({
      where: { channel_externalId: { channel: "SMS", externalId: phone } },
      create: { channel: "SMS", externalId: phone, citizenId },
      update: {},
    });
    return { citizenId, phone, linkedExisting };
  });
}

/** The citizen behind a chat, if the chat ever identified itself. */
export async function getTelegramCitizen(options: { chatId: string }) {
  const identity = await getDb().channelIdentity.findUnique({
    where: { channel_externalId: { channel: "TELEGRAM", externalId: options.chatId } },
    select: { blocked: true, citizen: { select: { id: true, phone: true, fullName: true, residence: true, language: true } } },
  });
  return identity ? { ...identity.citizen, blocked: identity.blocked } : null;
}
