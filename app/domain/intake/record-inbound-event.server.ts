import { Prisma } from "#app/generated/prisma/client.ts";
import type { Channel } from "#app/generated/prisma/enums.ts";
import { enqueue } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";

/**
 * Records one delivery from a door before anything is done with it (unique on channel +
 * external id), then wakes the intake worker. A repeated delivery returns the first row
 * and does nothing else; the door can acknowledge at once either way.
 */
export async function recordInboundEvent(options: { channel: Channel; externalId: string; payload: unknown }) {
  const db = getDb();
  const key = { channel: options.channel, externalId: options.externalId };
  let created = true;
  let row = await db.inboundEvent
    .create({ data: { ...key, payload: options.payload as Prisma.InputJsonValue }, select: { id: true, processedAt: true, requestId: true } })
    .catch(async (e) => {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
        created = false;
        return db.inboundEvent.findUniqueOrThrow({ where: { channel_externalId: key }, select: { id: true, processedAt: true, requestId: true } });
      }
      throw e;
    });
  if (created) await enqueue("intake", { inboundEventId: row.id }, { jobId: `in-${row.id}` });
  return { ...row, duplicate: !created };
}
