// Open311 api_key values: one per client application, issued and revoked by an administrator
// (only a sha256 of a key is stored; the key itself is shown once), or listed in
// OPEN311_API_KEYS by a deployment configured from the environment. A key is what lets an
// application file requests and read the updates feed; everything else is public.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { isUuid } from "#app/utils/ids.ts";

const KEY_PREFIX = "o311_";
/** How much of a key is kept in the clear, so an administrator can tell keys apart. */
const SHOWN_CHARS = KEY_PREFIX.length + 6;

export const hashOpen311Key = (key: string) => createHash("sha256").update(key).digest("hex");

export type Open311Caller = { clientId: string; name: string };

function envKeys(): string[] {
  return getEnv()
    .OPEN311_API_KEYS.split(",")
    .map((k) => k.trim())
    .filter(Boolean);
}

const sameHash = (a: string, b: string) => timingSafeEqual(Buffer.from(a, "hex"), Buffer.from(b, "hex"));

/** The client application a key belongs to, or null for a missing, unknown or revoked key. */
export async function authenticateOpen311Key(key: string | null | undefined): Promise<Open311Caller | null> {
  const k = key?.trim();
  if (!k || k.length > 200) return null;
  const hash = hashOpen311Key(k);
  const fromEnv = envKeys().find((e) => sameHash(hashOpen311Key(e), hash));
  if (fromEnv) return { clientId: `env:${hash.slice(0, 12)}`, name: "OPEN311_API_KEYS" };
  const db = getDb();
  const client = await db.open311Client.findUnique({ where: { keyHash: hash }, select: { id: true, name: true, revokedAt: true, lastUsedAt: true } });
  if (!client || client.revokedAt) return null;
  // Written at most once a minute: a busy client must not turn every read into a write.
  if (!client.lastUsedAt || Date.now() - client.lastUsedAt.getTime() > 60_000)
    await db.open311Client.update({ where: { id: client.id }, data: { lastUsedAt: new Date() } });
  return { clientId: client.id, name: client.name };
}

/** Issues a key for a client application; the key is in the result only, never stored. */
export async function issueOpen311Key(options: { actorId: string; name: string }): Promise<{ id: string; key: string }> {
  const name = options.name.trim();
  if (!name || name.length > 200) throw new AppError("VALIDATION", "errors:open311.clientNameRequired", { field: "name" });
  const key = KEY_PREFIX + randomBytes(24).toString("base64url");
  const client = await getDb().open311Client.create({
    data: { name, keyHash: hashOpen311Key(key), keyPrefix: key.slice(0, SHOWN_CHARS), createdById: options.actorId },
    select: { id: true },
  });
  await recordAudit({ actorId: options.actorId, action: "open311.key-issued", entityType: "Open311Client", entityId: client.id, data: { name } });
  return { id: client.id, key };
}

/** Revokes a client's key at once; revoking one already revoked changes nothing. */
export async function revokeOpen311Key(options: { actorId: string; clientId: string }) {
  const db = getDb();
  const client = isUuid(options.clientId)
    ? await db.open311Client.findUnique({ where: { id: options.clientId }, select: { id: true, revokedAt: true } })
    : null;
  if (!client) throw new AppError("NOT_FOUND", "errors:open311.clientUnknown", { field: "clientId" });
  if (client.revokedAt) return;
  await db.open311Client.update({ where: { id: client.id }, data: { revokedAt: new Date() } });
  await recordAudit({ actorId: options.actorId, action: "open311.key-revoked", entityType: "Open311Client", entityId: client.id });
}

/** The issued keys (newest first) and how many keys the environment adds. */
export async function listOpen311Clients() {
  const clients = await getDb().open311Client.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, keyPrefix: true, createdAt: true, revokedAt: true, lastUsedAt: true, createdBy: { select: { name: true } } },
  });
  return { clients, envKeyCount: envKeys().length };
}
