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
 * A delivery status callback: finds our message by the ids we put in the callback URL (the
 * notification's `n`, the message's `mid`) or by MessageSid, records the sid, advances its
 * status, and on 21610 marks the number opted out. Any callback proves Twilio took the
 * message, so a notification still SENDING (its worker died before Twilio answered) or
 * UNCERTAIN becomes SENT here.
 */
export async function recordDeliveryStatus(options: {
  notificationId?: string | null;
  messageId?: string | null;
  messageSid: string;
  status: string;
  errorCode?: string | null;
}) {
  const db = getDb();
  const select = { id: true, address: true, externalId: true } as const;
  const notificationId = options.notificationId && UUID.test(options.notificationId) ? options.notificationId : null;
  const message =
    (options.messageId && UUID.test(options.messageId) ? await db.message.findUnique({ where: { id: options.messageId }, select }) : null) ??
    (notificationId
      ? await db.message.findFirst({
          where: { channel: "SMS", direction: "OUT", OR: [{ externalId: `pending-${notificationId}` }, { notification: { is: { id: notificationId } } }] },
          select,
        })
      : null) ??
    (await db.message.findUnique({ where: { channel_externalId: { channel: "SMS", externalId: options.messageSid } }, select }));
  if (!message) {
    log.warn("status callback for an unknown message", { status: options.status });
    return { found: false as const };
  }
  // The callback can beat the REST answer (or come instead of it): learn the sid here too.
  if (message.externalId?.startsWith("pending-")) {
    await db.message.updateMany({ where: { id: message.id, externalId: message.externalId }, data: { externalId: options.messageSid } }).catch(() => undefined);
  }
  const moved = await advanceDeliveryStatus({ messageId: message.id, twilioStatus: options.status, errorCode: options.errorCode });
  if (notificationId && MAP[options.status.toLowerCase()]) {
    const settled = await db.notification.updateMany({
      where: { id: notificationId, channel: "SMS", status: { in: ["SENDING", "UNCERTAIN"] }, OR: [{ messageId: null }, { messageId: message.id }] },
      data: { status: "SENT", sentAt: new Date(), messageId: message.id, lastError: null },
    });
    if (settled.count) log.info("a send without an answer was confirmed by its status callback", { notificationId });
  }
  if (options.errorCode === String(TWILIO_OPTED_OUT) && message.address) {
    await db.channelIdentity.updateMany({
      where: { channel: "SMS", externalId: message.address, optedOut: false },
      data: { optedOut: true, optedOutAt: new Date() },
    });
  }
  return { found: true as const, moved };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
