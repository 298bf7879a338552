import type { Channel } from "#app/generated/prisma/enums.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";

/** An address a citizen can be reached at: a phone (SMS), a Telegram chat, an e-mail. */
export type ContactAddress = { channel: Channel; externalId: string };

type Db = Tx | ReturnType<typeof getDb>;

/**
 * The one answer to "who is behind this phone, chat or e-mail". Only a proven address
 * leads to a citizen: one the door itself vouches for (a Twilio-signed From, the Telegram
 * chat an update came from, a Telegram contact card of the sender's own account, a staff
 * member who took the call) or one a one-time code was confirmed on. A typed number or
 * e-mail proves nothing, so it is never looked up: whoever types someone else's contact
 * gets a citizen record of their own and never sees, changes or joins that person's.
 */
export async function findCitizenByContact(options: { tx?: Tx; address: ContactAddress; proven: boolean }) {
  if (!options.proven) return null;
  const db: Db = options.tx ?? getDb();
  const identity = await db.channelIdentity.findUnique({
    where: { channel_externalId: { channel: options.address.channel, externalId: options.address.externalId } },
    select: { citizenId: true, verifiedAt: true, optedOut: true, blocked: true },
  });
  // An unproven identity (typed on a form before proofs were kept) names nobody.
  if (!identity?.verifiedAt) return null;
  return { citizenId: identity.citizenId, optedOut: identity.optedOut, blocked: identity.blocked };
}

/**
 * Records that `citizenId` proved `address`. A new address gets a verified identity; an
 * unproven one (typed by whoever) passes to the prover, keeping its opt-out and block
 * flags (those belong to the address). An address someone else already proved stays
 * theirs: `conflict` names its owner and the caller decides (e.g. a chat joins the person).
 */
export async function claimProvenContact(options: { tx: Tx; citizenId: string; address: ContactAddress; now?: Date }): Promise<{ conflict: string | null }> {
  const { tx, citizenId, address } = options;
  const now = options.now ?? new Date();
  const key = { channel: address.channel, externalId: address.externalId };
  const existing = await tx.channelIdentity.findUnique({ where: { channel_externalId: key }, select: { citizenId: true, verifiedAt: true } });
  if (existing?.verifiedAt) {
    if (existing.citizenId === citizenId) return { conflict: null };
    return { conflict: existing.citizenId };
  }
  if (existing) {
    await tx.channelIdentity.update({ where: { channel_externalId: key }, data: { citizenId, verifiedAt: now } });
    return { conflict: null };
  }
  // A concurrent claim of the same address may win the unique key: then it is theirs.
  const created = await tx.channelIdentity.createManyAndReturn({ data: [{ ...key, citizenId, verifiedAt: now }], skipDuplicates: true, select: { id: true } });
  if (created.length) return { conflict: null };
  const winner = await tx.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: key }, select: { citizenId: true } });
  return { conflict: winner.citizenId === citizenId ? null : winner.citizenId };
}

/**
 * The citizen who proved any of these addresses (the first found, in the order given: put
 * the door's own address first), else a new citizen; every address nobody else proved is
 * then recorded as this citizen's. `create` fills a new citizen's profile.
 */
export async function findOrCreateProvenCitizen(options: {
  tx: Tx;
  addresses: ContactAddress[];
  create?: { phone?: string | null; fullName?: string | null; language?: string };
  now?: Date;
}): Promise<{ citizenId: string; created: boolean }> {
  const { tx } = options;
  let citizenId: string | null = null;
  for (const address of options.addresses) {
    citizenId = (await findCitizenByContact({ tx, address, proven: true }))?.citizenId ?? null;
    if (citizenId) break;
  }
  let created = false;
  if (!citizenId) {
    const phone = options.create?.phone ?? options.addresses.find((a) => a.channel === "SMS")?.externalId ?? null;
    citizenId = (
      await tx.citizen.create({
        data: { phone, fullName: options.create?.fullName ?? null, language: options.create?.language ?? "uk" },
        select: { id: true },
      })
    ).id;
    created = true;
  }
  for (const address of options.addresses) await claimProvenContact({ tx, citizenId, address, now: options.now });
  return { citizenId, created };
}

/** The phone a citizen proved (a verified SMS identity), if any. */
export async function provenPhoneOf(options: { tx?: Tx; citizenId: string }): Promise<string | null> {
  const db: Db = options.tx ?? getDb();
  const identity = await db.channelIdentity.findFirst({
    where: { citizenId: options.citizenId, channel: "SMS", verifiedAt: { not: null } },
    orderBy: { verifiedAt: "asc" },
    select: { externalId: true },
  });
  return identity?.externalId ?? null;
}
