import { findCitizenByContact, findOrCreateProvenCitizen } from "#app/domain/citizens/find-citizen-by-contact.server.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";

/**
 * The citizen behind a number that texted us (the Twilio-signed From proves it), created
 * with its verified identity when unknown. Used where we must remember something about a
 * number before any request exists (STOP, a STATUS question).
 */
export async function ensurePhoneCitizen(options: { phone: string; language?: "uk" | "en"; tx?: Tx }): Promise<{ citizenId: string; optedOut: boolean }> {
  const address = { channel: "SMS" as const, externalId: options.phone };
  const run = async (tx: Tx) => {
    const { citizenId } = await findOrCreateProvenCitizen({ tx, addresses: [address], create: { phone: options.phone, language: options.language ?? "uk" } });
    const identity = await tx.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: address }, select: { optedOut: true } });
    return { citizenId, optedOut: identity.optedOut };
  };
  return options.tx ? run(options.tx) : getDb().$transaction(run);
}

/** The citizen a caller's number belongs to (the call's From proves it), if any; no row is created for a call alone. */
export async function findPhoneCitizen(options: { phone: string | null; tx?: Tx }): Promise<string | null> {
  if (!options.phone) return null;
  return (await findCitizenByContact({ tx: options.tx, address: { channel: "SMS", externalId: options.phone }, proven: true }))?.citizenId ?? null;
}
