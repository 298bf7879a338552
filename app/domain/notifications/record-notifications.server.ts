import type { Channel } from "#app/generated/prisma/enums.ts";
import type { Tx } from "#app/utils/db.server.ts";

/** Keys under app/locales/<lang>/notifications.json. */
export type NotificationTemplate =
  | "received"
  | "routed"
  | "statusChanged"
  | "question"
  | "resolved"
  | "closed"
  | "reopened"
  | "merged"
  | "outageLinked"
  | "extended"
  | "handedOff"
  | "handoffSent"
  | "handoffQuestion"
  | "handoffClosed"
  | "handoffRejected"
  | "reply"
  | "verificationCode";

// Channels we can push to, best first, when the one the citizen used cannot be used.
const PUSH_CHANNELS: Channel[] = ["TELEGRAM", "SMS", "EMAIL"];

/**
 * Records one outbox row per citizen who should hear about a change to a request: its
 * author and everyone following it (merged duplicates). Runs inside the caller's
 * transaction, so the notification exists exactly when the change does; the caller
 * enqueues the returned ids after commit (enqueueNotifications). `eventKey` identifies
 * the change ("status:<eventId>"), so recording the same change twice is harmless.
 */
export async function recordNotifications(options: {
  tx: Tx;
  requestId: string;
  template: NotificationTemplate;
  params?: Record<string, string | number | null>;
  eventKey: string;
}): Promise<{ id: string }[]> {
  const { tx, ...change } = options;
  return recordNotificationsForMany({ tx, changes: [change] });
}

export type NotificationChange = {
  requestId: string;
  template: NotificationTemplate;
  params?: Record<string, string | number | null>;
  eventKey: string;
};

/** recordNotifications for several changes (of one or many requests) in at most four statements, rows in the order given. */
export async function recordNotificationsForMany(options: { tx: Tx; changes: NotificationChange[] }): Promise<{ id: string }[]> {
  const { tx, changes } = options;
  if (!changes.length) return [];
  const requests = await tx.request.findMany({
    where: { id: { in: [...new Set(changes.map((c) => c.requestId))] } },
    select: {
      id: true,
      number: true,
      channel: true,
      citizenId: true,
      followers: { select: { citizenId: true, channel: true } },
    },
  });
  const recipientsOf = new Map<string, { number: string; recipients: Map<string, Channel> }>();
  for (const request of requests) {
    const recipients = new Map<string, Channel>();
    if (request.citizenId) recipients.set(request.citizenId, request.channel);
    for (const f of request.followers) if (!recipients.has(f.citizenId)) recipients.set(f.citizenId, f.channel);
    recipientsOf.set(request.id, { number: request.number, recipients });
  }
  const citizenIds = [...new Set([...recipientsOf.values()].flatMap((r) => [...r.recipients.keys()]))];
  if (citizenIds.length === 0) return [];

  const identities = await tx.channelIdentity.findMany({
    where: { citizenId: { in: citizenIds }, optedOut: false, blocked: false },
    select: { citizenId: true, channel: true, externalId: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });

  // Each citizen's reachable addresses, oldest first, grouped once.
  const identitiesOf = new Map<string, { channel: Channel; externalId: string }[]>();
  for (const i of identities) {
    const own = identitiesOf.get(i.citizenId);
    if (own) own.push(i);
    else identitiesOf.set(i.citizenId, [i]);
  }

  // A citizen known only by a contact typed into a form (no identity: typing proves
  // nothing) is still told on that contact; opt-outs are checked by address when sending.
  const unreached = citizenIds.filter((id) => !identitiesOf.has(id));
  const typed = new Map(
    (unreached.length ? await tx.citizen.findMany({ where: { id: { in: unreached } }, select: { id: true, phone: true, email: true } }) : []).map((c) => [
      c.id,
      c,
    ]),
  );

  const rows: { requestId: string; citizenId: string; channel: Channel; address: string; template: string; params: string; dedupeKey: string }[] = [];
  for (const change of changes) {
    const target = recipientsOf.get(change.requestId);
    if (!target) continue;
    for (const [citizenId, preferred] of target.recipients) {
      const own = identitiesOf.get(citizenId) ?? [];
      const contact = typed.get(citizenId);
      const pick =
        own.find((i) => i.channel === preferred) ??
        PUSH_CHANNELS.map((c) => own.find((i) => i.channel === c)).find(Boolean) ??
        (contact?.phone
          ? { channel: "SMS" as const, externalId: contact.phone }
          : contact?.email
            ? { channel: "EMAIL" as const, externalId: contact.email }
            : undefined);
      if (!pick) continue; // anonymous or unreachable: the tracking page still shows the change
      rows.push({
        requestId: change.requestId,
        citizenId,
        channel: pick.channel,
        address: pick.externalId,
        template: change.template,
        params: JSON.stringify({ number: target.number, ...(change.params ?? {}) }),
        dedupeKey: `${change.eventKey}:${citizenId}`,
      });
    }
  }
  if (!rows.length) return [];
  // One statement for all of them (Prisma's createMany spends more CPU building the rows than
  // the database spends writing them). ON CONFLICT (dedupeKey) DO NOTHING: a change recorded
  // twice notifies once; only new rows come back, in the order given. One statement gives
  // every row the same default time, so each carries its own: the outbox sends in this order.
  const createdAt = new Date();
  return tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Notification" ("requestId", "citizenId", channel, address, template, params, "dedupeKey", "createdAt", "nextAttemptAt")
    SELECT n.request_id::uuid, n.citizen_id::uuid, n.channel::"Channel", n.address, n.template, n.params::jsonb, n.dedupe_key,
           ${createdAt}::timestamptz + (n.i - 1) * interval '1 millisecond', ${createdAt}::timestamptz
    FROM unnest(
      ${rows.map((r) => r.requestId)}::text[],
      ${rows.map((r) => r.citizenId)}::text[],
      ${rows.map((r) => r.channel)}::text[],
      ${rows.map((r) => r.address)}::text[],
      ${rows.map((r) => r.template)}::text[],
      ${rows.map((r) => r.params)}::text[],
      ${rows.map((r) => r.dedupeKey)}::text[]
    ) WITH ORDINALITY AS n(request_id, citizen_id, channel, address, template, params, dedupe_key, i)
    ORDER BY n.i
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING id::text AS id`;
}
