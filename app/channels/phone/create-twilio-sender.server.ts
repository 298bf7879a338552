import type { TwilioClient } from "#integrations/twilio/client.ts";
import { isTwilioApiError } from "#integrations/twilio/errors.ts";
import { fitSmsSegments } from "#integrations/twilio/segments.ts";
import { PermanentSendError, RetryableSendError, UncertainSendError, type Sender } from "#app/domain/notifications/senders.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { advanceDeliveryStatus } from "#app/domain/notifications/record-delivery-status.server.ts";

/** Our clock and Twilio's may differ; a message created this much before our attempt still counts as it. */
const CLOCK_SKEW_MS = 2 * 60_000;

/**
 * The notifications worker's SMS sender. It stores the outbound Message first, so the
 * status callback URL can carry our own ids (callbacks may arrive before the REST call
 * returns, or instead of it when the worker died): `?n=<notification>&mid=<message>`.
 * Texts are cut to two segments. 21610 (the number sent STOP) is permanent:
 * sendNotification then marks the identity opted out and never retries. No answer, or a
 * 5xx, is uncertain: `findSent` then asks Twilio's Messages list whether it went out.
 */
export function createTwilioSender(options: { client: TwilioClient; publicBaseUrl?: string }): Sender {
  return {
    channel: "SMS",
    async send({ address, text, notificationId }) {
      const db = getDb();
      const body = fitSmsSegments(text, 2);
      const n = await db.notification.findUniqueOrThrow({ where: { id: notificationId }, select: { requestId: true, citizenId: true } });
      const pending = `pending-${notificationId}`;
      // The notification is linked to its message before Twilio is called: once Twilio's sid
      // replaces the temporary external id, the link is what finds the message again when the
      // run is cut off before it records the rest (`findSent`).
      const message = await db.$transaction(async (tx) => {
        const stored = await tx.message.upsert({
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
        await tx.notification.updateMany({ where: { id: notificationId, messageId: null }, data: { messageId: stored.id } });
        return stored;
      });
      const statusCallback = options.publicBaseUrl
        ? `${options.publicBaseUrl.replace(/\/+$/, "")}/webhooks/twilio/status?n=${notificationId}&mid=${message.id}`
        : undefined;
      let sent;
      try {
        sent = await options.client.sendSms({ to: address, body, statusCallback });
      } catch (e) {
        if (!isTwilioApiError(e)) throw new UncertainSendError(`twilio: ${(e as Error).name}`);
        if (e.kind === "rate-limited") throw new RetryableSendError(e.message, 30_000);
        if (e.kind === "unavailable") throw e.uncertain ? new UncertainSendError(e.message) : new RetryableSendError(e.message);
        await db.message.update({ where: { id: message.id }, data: { deliveryStatus: "FAILED", errorCode: e.code ? String(e.code) : null } });
        if (e.kind === "opted-out") throw new PermanentSendError("opted-out", e.message);
        if (e.kind === "invalid-address") throw new PermanentSendError("invalid-address", e.message);
        throw new PermanentSendError("other", e.message);
      }
      // The status callback may have recorded the sid already.
      await db.message.updateMany({ where: { id: message.id, externalId: pending }, data: { externalId: sent.sid } });
      await advanceDeliveryStatus({ messageId: message.id, twilioStatus: sent.status });
      return { messageId: message.id, externalId: sent.sid };
    },

    async findSent({ address, notificationId, since }) {
      const db = getDb();
      const message = await db.message.findFirst({
        where: { channel: "SMS", direction: "OUT", OR: [{ externalId: `pending-${notificationId}` }, { notification: { is: { id: notificationId } } }] },
        select: { id: true, body: true, externalId: true },
      });
      // The attempt stopped before its message was stored, so before Twilio was called.
      if (!message) return { found: false };
      // Twilio's sid is on record (the run recorded it, or the status callback did), only the rest is not.
      if (message.externalId && !message.externalId.startsWith("pending-")) return { found: true, externalId: message.externalId, messageId: message.id };
      const from = new Date(since.getTime() - CLOCK_SKEW_MS);
      // Messages Twilio still queues have no send date: the newest page without a date
      // filter holds them; those already sent are also looked for from that day on.
      const [recent, sentSince] = await Promise.all([
        options.client.listSentMessages({ to: address }),
        options.client.listSentMessages({ to: address, dateSentAfter: startOfUtcDay(from) }),
      ]);
      const seen = new Set<string>();
      const candidates = [...recent, ...sentSince].filter((m) => {
        if (seen.has(m.sid)) return false;
        seen.add(m.sid);
        // A trial account puts its own words before the text.
        const sameText = m.body === message.body || m.body.endsWith(message.body);
        return m.direction.startsWith("outbound") && sameText && (!m.dateCreated || m.dateCreated >= from);
      });
      if (!candidates.length) return { found: false };
      // Not one we already hold as another message (the same text sent for another notification).
      const known = await db.message.findMany({
        where: { channel: "SMS", externalId: { in: candidates.map((c) => c.sid) }, id: { not: message.id } },
        select: { externalId: true },
      });
      const taken = new Set(known.map((k) => k.externalId));
      const match = candidates.filter((c) => !taken.has(c.sid)).sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0))[0];
      if (!match) return { found: false };
      await db.message.updateMany({ where: { id: message.id, externalId: message.externalId }, data: { externalId: match.sid } });
      await advanceDeliveryStatus({ messageId: message.id, twilioStatus: match.status });
      return { found: true, externalId: match.sid, messageId: message.id };
    },
  };
}

function startOfUtcDay(d: Date) {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
