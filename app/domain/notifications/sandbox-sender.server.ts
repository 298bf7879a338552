import type { Channel } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";
import type { Sender } from "./senders.server.ts";

/**
 * Stands in for a channel without credentials: the text becomes a sandbox Message row
 * (shown at /staff/sandbox-outbox), so the whole flow is visible locally with no accounts.
 * Keyed by the notification, so a send repeated after a crash stores one row, not two
 * (which is why an interrupted sandbox send is simply sent again).
 */
export function createSandboxSender(channel: Channel): Sender {
  return {
    channel,
    idempotent: true,
    async send({ address, text, notificationId }) {
      const db = getDb();
      const n = await db.notification.findUniqueOrThrow({
        where: { id: notificationId },
        select: { requestId: true, citizenId: true },
      });
      const externalId = `sandbox-${notificationId}`;
      const message = await db.message.upsert({
        where: { channel_externalId: { channel, externalId } },
        create: {
          channel,
          direction: "OUT",
          externalId,
          address,
          body: text,
          sandbox: true,
          deliveryStatus: "SENT",
          requestId: n.requestId,
          citizenId: n.citizenId,
        },
        update: {},
        select: { id: true },
      });
      return { externalId, messageId: message.id };
    },
  };
}
