import type { DeliveryStatus } from "#app/generated/prisma/enums.ts";
import { TWILIO_OPTED_OUT } from "#integrations/twilio/errors.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";

const log = createLogger("twilio");

const MAP: Record<string, DeliveryStatus> = {
  accepted: "QUEUED",
  scheduled: "QUEUED",
  queued: "QUEUED",
  sending: "SENT",
  sent: "SENT",
  delivered: "DELIVERED",
  undelivered: "UNDELIVERED",
  failed: "FAILED",
  canceled: "FAILED",
  read: "READ",
};
const RANK: Record<DeliveryStatus, number> = { QUEUED: 0, RECEIVED: 0, SENT: 1, DELIVERED: 2, UNDELIVERED: 2, FAILED: 2, READ: 3 };

/** Moves a message's status forward only: a late "sent" never overwrites "delivered"; finals never replace each other. */
export async function advanceDeliveryStatus(options: { messageId: string; twilioStatus: string; errorCode?: string | null }): Promise<boolean> {
  const to = MAP[options.twilioStatus.toLowerCase()];
  if (!to) return false;
  const lower = (Object.keys(RANK) as DeliveryStatus[]).filter((s) => RANK[s] < RANK[to] && s !== "RECEIVED");
  const res = await getDb().message.updateMany({
    where: { id: options.messageId, deliveryStatus: { in: lower } },
    data: { deliveryStatus: to, ...(options.errorCode ? { errorCode: options.errorCode } : {}) },
  });
  return res.count > 0;
}

/**
 * A delivery status callback: finds our message by the id we put in the callback URL (or
 * by MessageSid), advances its status, and on 21610 marks the number opted out.
 */
export async function recordDeliveryStatus(options: { messageId?: string | null; messageSid: string; status: string; errorCode?: string | null }) {
  const db = getDb();
  const byId =
    options.messageId && /^[0-9a-f-]{36}$/i.test(options.messageId)
      ? await db.message.findUnique({ where: { id: options.messageId }, select: { id: true, address: true, externalId: true } })
      : null;
  const message =
    byId ??
    (await db.message.findUnique({
      where: { channel_externalId: { channel: "SMS", externalId: options.messageSid } },
      select: { id: true, address: true, externalId: true },
    }));
  if (!message) {
    log.warn("status callback for an unknown message", { status: options.status });
    return { found: false as const };
  }
  // The callback can beat the REST answer: learn the sid here too.
  if (message.externalId?.startsWith("pending-")) {
    await db.message.updateMany({ where: { id: message.id, externalId: message.externalId }, data: { externalId: options.messageSid } }).catch(() => undefined);
  }
  const moved = await advanceDeliveryStatus({ messageId: message.id, twilioStatus: options.status, errorCode: options.errorCode });
  if (options.errorCode === String(TWILIO_OPTED_OUT) && message.address) {
    await db.channelIdentity.updateMany({
      where: { channel: "SMS", externalId: message.address, optedOut: false },
      data: { optedOut: true, optedOutAt: new Date() },
    });
  }
  return { found: true as const, moved };
}
