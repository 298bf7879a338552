import type { Channel } from "#app/generated/prisma/enums.ts";
import { enqueue } from "#app/jobs/queues.server.ts";
import { getPgPool } from "#app/utils/db.server.ts";
import { cleanJson, cleanText, TooDeepError } from "#app/utils/text.ts";

/** No delivery of any door nests deeper (a Telegram reply inside a reply is about 12). */
const MAX_PAYLOAD_DEPTH = 32;

type Recorded = { id: string; processedAt: Date | null; requestId: string | null };

// Every webhook delivery runs these, so they are plain prepared statements on the client's own
// pool: Prisma's work around a query (about a millisecond of CPU) was most of a delivery's cost.
const INSERT = {
  name: "inbound-event-insert",
  text: `INSERT INTO "InboundEvent" (channel, "externalId", payload, "receivedAt", "processedAt", "lastError")
         VALUES ($1::"Channel", $2, $3::jsonb, COALESCE($4::timestamptz, CURRENT_TIMESTAMP), $5::timestamptz, $6)
         ON CONFLICT (channel, "externalId") DO NOTHING
         RETURNING id, "processedAt", "requestId"`,
};
const SELECT = {
  name: "inbound-event-select",
  text: `SELECT id, "processedAt", "requestId" FROM "InboundEvent" WHERE channel = $1::"Channel" AND "externalId" = $2`,
};

/**
 * Records one delivery from a door before anything is done with it (unique on channel +
 * external id), then sends the intake worker its wake-up without waiting for Redis. A
 * repeated delivery returns the first row and does nothing else; the door can acknowledge
 * at once either way. Texts are cleaned
 * (text.ts); a payload nested deeper than any real one is recorded set aside (processed,
 * with the reason, its body dropped) so the door still acknowledges it and it never
 * reaches the worker.
 */
export async function recordInboundEvent(options: { channel: Channel; externalId: string; payload: unknown; receivedAt?: Date }) {
  const db = getPgPool();
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
  const inserted = await db.query<Recorded>({
    ...INSERT,
    values: [key.channel, key.externalId, JSON.stringify(payload), options.receivedAt ?? null, setAside ? new Date() : null, setAside],
  });
  const created = inserted.rows.length === 1;
  // Already recorded (a repeated delivery): the first row, as it is now.
  const row = created ? inserted.rows[0]! : (await db.query<Recorded>({ ...SELECT, values: [key.channel, key.externalId] })).rows[0];
  if (!row) throw new Error(`inbound event ${key.channel}/${key.externalId} neither inserted nor found`);
  // The row is the delivery's record from here on; the door answers without waiting for the
  // wake-up to reach Redis (a slow or lost Redis must not hold Twilio or Telegram). A wake-up
  // that never arrives leaves the row unprocessed, and the re-drive sweep queues it again.
  if (created && !setAside) void enqueue("intake", { inboundEventId: row.id }, { jobId: `in-${row.id}` });
  return { ...row, duplicate: !created };
}
