import type { Prisma } from "#app/generated/prisma/client.ts";
import { currentClientAddress } from "#app/utils/client-address.server.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";

/**
 * Who saw or changed what, and when. Every view and export of personal data (a citizen's
 * contact, an appeal's name and address, a CSV of a list) is recorded here, with the
 * client address of the web request it happened in (trusted as in client-address.server.ts).
 */
export async function recordAudit(options: {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
  tx?: Tx;
}) {
  const db = options.tx ?? getDb();
  await db.auditLog.create({
    data: {
      actorId: options.actorId,
      action: options.action,
      entityType: options.entityType,
      entityId: options.entityId ?? null,
      data: (options.data ?? {}) as Prisma.InputJsonValue,
      ip: options.ip ?? currentClientAddress(),
    },
  });
}
