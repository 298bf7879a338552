import { Prisma } from "#app/generated/prisma/client.ts";
import type { Channel } from "#app/generated/prisma/enums.ts";
import { enqueue } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { cleanJson, cleanText, TooDeepError } from "#app/utils/text.ts";

/** No delivery of any door nests deeper (a Telegram reply inside a reply is about 12). */
const MAX_PAYLOAD_DEPTH = 32;

/**
 * Records one delivery from a door before anything is done with it (unique on channel +
 * external id), then wakes the intake worker. A repeated delivery returns the first row
 * and does nothing else; the door can acknowledge at once either way. Texts are cleaned
 * (text.ts); a payload nested deeper than any real one is recorded set aside (processed,
 * with the reason, its body dropped) so the door still acknowledges it and it never
 * reaches the worker.
 */
export async function recordInboundEvent(options: { channel: Channel; externalId: string; payload: unknown; receivedAt?: Date }) {
  const db = getDb();
  const key = { channel: options.channel, externalId: cleanText(options.externalId) };
  let payload: unknown;
  let setAside: string | null = null;
  try {
    payload = cleanJson(options.payload, MAX_PAYLOAD_DEPTH);
  } catch (e) {
    if (!(e instanceof TooDeepError)) throw e;
    setAside = `set aside: payload ${e.message}`;
    payload = { setAside: "too-deep" };
  }
  let created = true;
  const row = await db.inboundEvent
    .create({
      data: {
        ...key,
        payload: payload as Prisma.InputJsonValue,
        ...(options.receivedAt ? { receivedAt: options.receivedAt } : {}),
        ...(setAside ? { processedAt: new Date(), lastError: setAside } : {}),
      },
      select: { id: true, processedAt: true, requestId: true },
    })
    .catch(async (e) => {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
        created = false;
        return db.inboundEvent.findUniqueOrThrow({ where: { channel_externalId: key }, select: { id: true, processedAt: true, requestId: true } });
      }
      throw e;
    });
  if (created && !setAside) await enqueue("intake", { inboundEventId: row.id }, { jobId: `in-${row.id}` });
  return { ...row, duplicate: !created };
}
