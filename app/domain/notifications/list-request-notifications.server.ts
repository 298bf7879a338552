import type { Channel, DeliveryStatus, NotificationStatus } from "#app/generated/prisma/enums.ts";
import { getDb } from "#app/utils/db.server.ts";

export type RequestNotification = {
  id: string;
  createdAt: Date;
  channel: Channel;
  template: string;
  status: NotificationStatus;
  attempts: number;
  lastAttemptAt: Date | null;
  sentAt: Date | null;
  /** What the provider last reported about delivery (Twilio's status callbacks), when known. */
  deliveryStatus: DeliveryStatus | null;
};

/**
 * What the citizens were told about a request, oldest first, for the staff request page
 * (after its access check). No address and no text: the page says what went out and how it
 * ended; UNCERTAIN means the message may or may not have reached the citizen and was not
 * sent again (docs/decisions/012).
 */
export async function listRequestNotifications(options: { requestId: string }): Promise<RequestNotification[]> {
  const rows = await getDb().notification.findMany({
    where: { requestId: options.requestId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true,
      createdAt: true,
      channel: true,
      template: true,
      status: true,
      attempts: true,
      lastAttemptAt: true,
      sentAt: true,
      message: { select: { deliveryStatus: true } },
    },
  });
  return rows.map(({ message, ...n }) => ({ ...n, deliveryStatus: message?.deliveryStatus ?? null }));
}
