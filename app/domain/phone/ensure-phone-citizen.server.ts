import { getDb, type Tx } from "#app/utils/db.server.ts";

/**
 * The citizen behind a phone number (their SMS identity, else their profile phone),
 * created with the identity when unknown. Used where we must remember something about a
 * number before any request exists (STOP, a STATUS question).
 */
export async function ensurePhoneCitizen(options: { phone: string; language?: "uk" | "en"; tx?: Tx }): Promise<{ citizenId: string; optedOut: boolean }> {
  const db = options.tx ?? getDb();
  const key = { channel: "SMS" as const, externalId: options.phone };
  const identity = await db.channelIdentity.findUnique({ where: { channel_externalId: key }, select: { citizenId: true, optedOut: true } });
  if (identity) return identity;
  const citizen =
    (await db.citizen.findUnique({ where: { phone: options.phone }, select: { id: true } })) ??
    (await db.citizen.create({ data: { phone: options.phone, language: options.language ?? "uk" }, select: { id: true } }));
  const created = await db.channelIdentity.upsert({
    where: { channel_externalId: key },
    create: { ...key, citizenId: citizen.id },
    update: {},
    select: { citizenId: true, optedOut: true },
  });
  return created;
}

/** The citizen a caller's number belongs to, if any (no row is created for a call alone). */
export async function findPhoneCitizen(options: { phone: string | null; tx?: Tx }): Promise<string | null> {
  if (!options.phone) return null;
  const db = options.tx ?? getDb();
  const identity = await db.channelIdentity.findUnique({ where: { channel_externalId: { channel: "SMS", externalId: options.phone } }, select: { citizenId: true } });
  if (identity) return identity.citizenId;
  return (await db.citizen.findUnique({ where: { phone: options.phone }, select: { id: true } }))?.id ?? null;
}
