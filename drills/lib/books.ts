// The drill's books, read straight from the private database with pg and from what the
// provider stand-ins saw: for every acknowledged delivery, its InboundEvent row (once),
// the request it became (exactly one: per SMS number within the conversation window, per
// Telegram conversation, per web form), whether that request was routed, and for every
// notification owed on those requests how many times the citizen's phone or chat got it.
import pg from "pg";
import { renderNotification } from "#app/domain/notifications/render-notification.ts";
import { toLang } from "#app/utils/i18n.ts";
import { fitSmsSegments } from "#integrations/twilio/segments.ts";
import type { Ledger } from "./load.ts";
import type { TelegramStandIn } from "./telegram-standin.ts";
import type { TwilioStandIn } from "./twilio-standin.ts";

export type Books = {
  acknowledged: { sms: number; telegram: number; web: number; total: number };
  /** Deliveries sent (SMS, Telegram updates, web forms). */
  sent: { sms: number; telegram: number; web: number };
  /** InboundEvent rows of acknowledged SMS and Telegram updates (+ web forms' requests, which have no inbound row). */
  stored: number;
  storedExpected: number;
  /** Acknowledged, not (yet) stored. */
  missing: number;
  /** Stored but not (yet) acted on. */
  unprocessed: number;
  requests: number;
  requestsExpected: number;
  /** Units (SMS number, chat, web form) with more than one request. */
  duplicated: number;
  /** Units with an acknowledged delivery and no request (yet). */
  withoutRequest: number;
  routed: number;
  notifications: number;
  once: number;
  twice: number;
  never: number;
  pendingNotifications: number;
  chatsOpen: number;
  chatsGaveUp: number;
  /** Nothing is left to happen by itself: every stored event processed, no notification pending, no chat talking. */
  settled: boolean;
  /** Every acknowledged event became exactly one request, routed, every notification out exactly once. */
  balanced: boolean;
  problems: string[];
};

export async function readBooks(options: { db: pg.Pool; ledger: Ledger; telegram: TelegramStandIn; twilio: TwilioStandIn }): Promise<Books> {
  const { db, ledger, telegram, twilio } = options;
  const problems: string[] = [];

  const sms = [...ledger.sms.values()];
  const smsAcked = sms.filter((e) => e.acked);
  const chats = [...ledger.chats.values()];
  const updateChat = new Map<string, string>();
  for (const c of chats) for (const u of c.updates) updateChat.set(String(u), c.chatId);
  const updateIds = [...updateChat.keys()];
  const tgAcked = updateIds.filter((id) => telegram.acked.has(Number(id)));
  const forms = ledger.web.filter((f) => f.key);
  const formsAcked = forms.filter((f) => f.acked);

  const inbound = await db.query<{ channel: string; externalId: string; processedAt: Date | null; requestId: string | null }>(
    `select channel::text, "externalId", "processedAt", "requestId" from "InboundEvent"
      where (channel = 'SMS' and "externalId" = any($1)) or (channel = 'TELEGRAM' and "externalId" = any($2))`,
    [sms.map((e) => e.sid), updateIds],
  );
  const inboundByKey = new Map(inbound.rows.map((r) => [`${r.channel}:${r.externalId}`, r]));
  const requestIdsFromInbound = inbound.rows.map((r) => r.requestId).filter((x): x is string => Boolean(x));
  const requests = await db.query<{ id: string; channel: string; externalId: string | null; routed: boolean; number: string }>(
    `select id, channel::text, "externalId", routed, number from "Request"
      where id = any($1::uuid[]) or (channel = 'WEB' and "externalId" = any($2))
         or (channel = 'SMS' and "externalId" = any($3)) or (channel = 'TELEGRAM' and "externalId" = any($4))`,
    [requestIdsFromInbound, forms.map((f) => f.key!), sms.map((e) => e.sid), updateIds],
  );
  const requestById = new Map(requests.rows.map((r) => [r.id, r]));
  const requestByKey = new Map(requests.rows.filter((r) => r.externalId).map((r) => [`${r.channel}:${r.externalId}`, r]));

  // Stored: each acknowledged SMS / update once (the unique constraint makes "twice" impossible to see; a missing row is the risk).
  let unprocessed = 0;
  const missingBy = { sms: 0, telegram: 0 };
  for (const e of smsAcked) {
    const row = inboundByKey.get(`SMS:${e.sid}`);
    if (!row) missingBy.sms++;
    else if (!row.processedAt) unprocessed++;
  }
  for (const id of tgAcked) {
    const row = inboundByKey.get(`TELEGRAM:${id}`);
    if (!row) missingBy.telegram++;
    else if (!row.processedAt) unprocessed++;
  }
  const missing = missingBy.sms + missingBy.telegram;
  if (missingBy.sms) problems.push(`${missingBy.sms} SMS answered with TwiML but not in InboundEvent`);
  if (missingBy.telegram) problems.push(`${missingBy.telegram} Telegram update(s) confirmed to Telegram but not in InboundEvent`);
  // Stored but unacknowledged ones still have to be acted on if they are there.
  for (const r of inbound.rows) {
    const acked = r.channel === "SMS" ? ledger.sms.get(r.externalId)?.acked : telegram.acked.has(Number(r.externalId));
    if (!acked && !r.processedAt) unprocessed++;
  }

  // Requests per unit.
  const unitRequests = new Map<string, Set<string>>();
  const add = (unit: string, id: string | null | undefined) => {
    if (!id) return;
    const set = unitRequests.get(unit) ?? new Set<string>();
    set.add(id);
    unitRequests.set(unit, set);
  };
  for (const e of sms) {
    add(`sms:${e.phone}`, inboundByKey.get(`SMS:${e.sid}`)?.requestId);
    add(`sms:${e.phone}`, requestByKey.get(`SMS:${e.sid}`)?.id);
  }
  for (const id of updateIds) {
    const chat = updateChat.get(id)!;
    add(`chat:${chat}`, inboundByKey.get(`TELEGRAM:${id}`)?.requestId);
    add(`chat:${chat}`, requestByKey.get(`TELEGRAM:${id}`)?.id);
  }
  for (const f of forms) add(`web:${f.id}`, requestByKey.get(`WEB:${f.key}`)?.id);

  const expectedUnits = new Set<string>();
  for (const e of smsAcked) expectedUnits.add(`sms:${e.phone}`);
  for (const c of chats) expectedUnits.add(`chat:${c.chatId}`);
  for (const f of formsAcked) expectedUnits.add(`web:${f.id}`);
  let duplicated = 0;
  let withoutRequest = 0;
  for (const unit of expectedUnits) {
    const n = unitRequests.get(unit)?.size ?? 0;
    if (n === 0) withoutRequest++;
  }
  for (const [unit, set] of unitRequests) {
    if (set.size <= 1) continue;
    duplicated++;
    problems.push(`${unit}: ${set.size} requests`);
  }
  // SMS the intake set aside without a request (an acknowledged message that became nothing).
  for (const e of smsAcked) {
    const row = inboundByKey.get(`SMS:${e.sid}`);
    if (row?.processedAt && !row.requestId) problems.push(`sms ${e.sid.slice(0, 10)}…: processed without a request`);
  }

  const allRequestIds = [...new Set([...unitRequests.values()].flatMap((s) => [...s]))];
  const routed = allRequestIds.filter((id) => requestById.get(id)?.routed).length;

  // Notifications on those requests, and what the stand-ins delivered.
  const notes = await db.query<{
    id: string;
    channel: string;
    address: string;
    template: string;
    params: Record<string, unknown>;
    status: string;
    language: string | null;
    body: string | null;
  }>(
    `select n.id, n.channel::text, n.address, n.template, n.params, n.status::text, c.language, m.body
       from "Notification" n left join "Citizen" c on c.id = n."citizenId" left join "Message" m on m.id = n."messageId"
      where n."requestId" = any($1::uuid[])`,
    [allRequestIds],
  );
  const delivered = new Map<string, number>();
  const key = (channel: string, address: string, body: string) => `${channel}\u0000${address.replace(/^\+/, "")}\u0000${body}`;
  for (const m of twilio.sent) delivered.set(key("SMS", m.to, m.body), (delivered.get(key("SMS", m.to, m.body)) ?? 0) + 1);
  for (const m of telegram.log)
    if (m.method === "sendMessage") delivered.set(key("TELEGRAM", m.chatId, m.text), (delivered.get(key("TELEGRAM", m.chatId, m.text)) ?? 0) + 1);
  // Rows with the same expected text to the same address share what was seen.
  const groups = new Map<string, { rows: number; seen: number; ids: string[] }>();
  let pendingNotifications = 0;
  let unsent = 0;
  for (const n of notes.rows) {
    // Decided not to send (the conversation already told the chat, or the citizen opted out):
    // nothing is expected at the provider.
    if (n.status === "SKIPPED") continue;
    // Still on its way (waiting for a try, or a try in progress); anything else is final.
    if (n.status === "PENDING" || n.status === "SENDING") pendingNotifications++;
    else if (n.status !== "SENT") unsent++;
    const text = renderNotification({
      template: n.template,
      params: n.params ?? {},
      lang: toLang(n.language ?? (typeof n.params?.lang === "string" ? n.params.lang : null)),
    });
    const bodies = new Set([text, fitSmsSegments(text, 2), ...(n.body ? [n.body] : [])]);
    const keys = [...bodies].map((b) => key(n.channel, n.address, b));
    const seen = Math.max(...keys.map((k) => delivered.get(k) ?? 0));
    const g = groups.get(keys[0]!) ?? { rows: 0, seen, ids: [] as string[] };
    g.rows++;
    g.ids.push(`${n.id} (${n.channel} ${n.template}, ${n.status})`);
    groups.set(keys[0]!, g);
  }
  for (const g of groups.values()) if (g.seen > g.rows) problems.push(`sent ${g.seen}× for ${g.rows} notification(s): ${g.ids.join(", ")}`);
  let once = 0;
  let twice = 0;
  let never = 0;
  for (const { rows, seen } of groups.values()) {
    if (seen <= rows) {
      once += seen;
      never += rows - seen;
    } else {
      const extra = Math.min(rows, seen - rows);
      twice += extra;
      once += rows - extra;
    }
  }
  if (unsent) problems.push(`${unsent} notification(s) ended other than SENT or SKIPPED (FAILED, UNCERTAIN…)`);

  const chatsOpen = chats.filter((c) => c.status === "running" || c.status === "waiting").length;
  const chatsGaveUp = chats.filter((c) => c.status === "gave-up").length;
  const formsGaveUp = ledger.web.filter((f) => f.gaveUp).length;
  if (chatsGaveUp) problems.push(`${chatsGaveUp} Telegram conversation(s) never got a request registered`);
  if (formsGaveUp) problems.push(`${formsGaveUp} web form(s) never got a tracking page after 8 tries`);

  const storedExpected = smsAcked.length + tgAcked.length + formsAcked.length;
  const webStored = formsAcked.filter((f) => requestByKey.has(`WEB:${f.key}`)).length;
  const stored = smsAcked.length + tgAcked.length - missing + webStored;
  const requestsExpected = expectedUnits.size;
  const settled = unprocessed === 0 && pendingNotifications === 0 && chatsOpen === 0 && telegram.pendingCount() === 0;
  const balanced =
    missing === 0 &&
    unprocessed === 0 &&
    stored === storedExpected &&
    duplicated === 0 &&
    withoutRequest === 0 &&
    routed === allRequestIds.length &&
    never === 0 &&
    twice === 0 &&
    pendingNotifications === 0 &&
    chatsOpen === 0 &&
    chatsGaveUp === 0 &&
    problems.length === 0;

  return {
    acknowledged: { sms: smsAcked.length, telegram: tgAcked.length, web: formsAcked.length, total: smsAcked.length + tgAcked.length + formsAcked.length },
    sent: { sms: sms.length, telegram: updateIds.length, web: ledger.web.length },
    stored,
    storedExpected,
    missing,
    unprocessed,
    requests: allRequestIds.length,
    requestsExpected,
    duplicated,
    withoutRequest,
    routed,
    notifications: notes.rows.length,
    once,
    twice,
    never,
    pendingNotifications,
    chatsOpen,
    chatsGaveUp,
    settled,
    balanced,
    problems,
  };
}
