import type { TwilioClient } from "#integrations/twilio/client.ts";
import { isTwilioApiError } from "#integrations/twilio/errors.ts";
import { fitSmsSegments } from "#integrations/twilio/segments.ts";
import { PermanentSendError, RetryableSendError, type Sender } from "#app/domain/notifications/senders.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { advanceDeliveryStatus } from "#app/domain/notifications/record-delivery-status.server.ts";

/**
 * The notifications worker's SMS sender. It stores the outbound Message first, so the
 * status callback URL can carry our own message id (callbacks may arrive before the REST
 * call returns). Texts are cut to two segments. 21610 (the number sent STOP) is permanent:
 * sendNotification then marks the identity opted out and never retries.
 */
export function createTwilioSender(options: { client: TwilioClient; publicBaseUrl?: string }): Sender {
  return {
    channel: "SMS",
    async send({ address, text, notificationId }) {
      const db = getDb();
      const body = fitSmsSegments(text, 2);
      const n = await db.notification.findUniqueOrThrow({ where: { id: notificationId }, select: { requestId: true, citizenId: true } });
      const pending = `pending-${notificationId}`;
      const message = await db.message.upsert({
        where: { channel_externalId: { channel: "SMS", externalId: pending } },
        create: {
          channel: "SMS",
          direction: "OUT",
          externalId: pending,
          address,
          body,
          deliveryStatus: "QUEUED",
          requestId: n.requestId,
          citizenId: n.citizenId,
        },
        update: {},
        select: { id: true },
      });
      const statusCallback = options.publicBaseUrl ? `${options.publicBaseUrl.replace(/\/+$/, "")}/webhooks/twilio/status?mid=${message.id}` : undefined;
      try {
        const sent = await options.client.sendSms({ to: address, body, statusCallback });
        await db.message.update({ where: { id: message.id }, data: { externalId: sent.sid } });
        await advanceDeliveryStatus({ messageId: message.id, twilioStatus: sent.status });
        return { messageId: message.id, externalId: sent.sid };
      } catch (e) {
        if (!isTwilioApiError(e)) throw e;
        if (e.kind === "rate-limited" || e.kind === "unavailable") throw new RetryableSendError(e.message, e.kind === "rate-limited" ? 30_000 : undefined);
        await db.message.update({ where: { id: message.id }, data: { deliveryStatus: "FAILED", errorCode: e.code ? String(e.code) : null } });
        if (e.kind === "opted-out") throw new PermanentSendError("opted-out", e.message);
        if (e.kind === "invalid-address") throw new PermanentSendError("invalid-address", e.message);
        throw new PermanentSendError("other", e.message);
      }
    },
  };
}
