import { enqueueNotifications } from "#app/domain/notifications/enqueue-notifications.server.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";

/**
 * The answer to one SMS a citizen sent, through the notifications outbox (so it is retried,
 * rate-limited and fitted to two SMS parts when sent: render-sms-notification). `text` is
 * the whole answer, written in `lang` (it names the request's number itself); `more` are
 * sentences added only where they fit (a due date); `after` and the request's short
 * tracking link (`link`) go last and are never shortened.
 * `key` makes it once-only (the inbound MessageSid it answers, plus a suffix when one
 * message gets several answers). It is an answer, not a notice: it goes out also to a
 * number that sent STOP (docs/decisions/014). Inside `tx` it is recorded with the change
 * it reports; the caller then enqueues the returned id after commit.
 */
export async function queueSmsReply(options: {
  tx?: Tx;
  citizenId: string | null;
  phone: string;
  requestId: string | null;
  number: string | null;
  text: string;
  more?: (string | null)[];
  after?: string | null;
  link?: boolean;
  /** The language the text was written in (a number nobody proved has no citizen to ask). */
  lang: "uk" | "en";
  key: string;
}): Promise<{ id: string } | null> {
  const rows = await (options.tx ?? getDb()).notification.createManyAndReturn({
    data: [
      {
        requestId: options.requestId,
        citizenId: options.citizenId,
        channel: "SMS",
        address: options.phone,
        template: "reply",
        params: {
          ...(options.number ? { number: options.number } : {}),
          text: options.text,
          ...(options.more?.some(Boolean) ? { more: options.more.filter((m): m is string => Boolean(m)) } : {}),
          ...(options.after ? { after: options.after } : {}),
          ...(options.link ? { trackingLink: true } : {}),
          lang: options.lang,
          inReplyTo: options.key,
        },
        dedupeKey: `sms-reply:${options.key}`,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  if (rows.length && !options.tx) await enqueueNotifications({ ids: rows.map((r) => r.id) });
  return rows[0] ?? null;
}
