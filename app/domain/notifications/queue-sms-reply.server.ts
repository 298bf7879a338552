import { enqueueNotifications } from "#app/domain/notifications/enqueue-notifications.server.ts";
import { getDb } from "#app/utils/db.server.ts";

/**
 * An SMS answer about a request ("Заявка {number}: {text}") to one number, through the
 * notifications outbox (so it is retried, rate-limited and skipped for opted-out numbers).
 * `key` makes it once-only (e.g. the inbound MessageSid it answers).
 */
export async function queueSmsReply(options: { citizenId: string; phone: string; requestId: string; number: string; text: string; key: string }) {
  const rows = await getDb().notification.createManyAndReturn({
    data: [
      {
        requestId: options.requestId,
        citizenId: options.citizenId,
        channel: "SMS",
        address: options.phone,
        template: "reply",
        params: { number: options.number, text: options.text },
        dedupeKey: `sms-reply:${options.key}`,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  if (rows.length) await enqueueNotifications({ ids: rows.map((r) => r.id) });
  return rows[0] ?? null;
}
