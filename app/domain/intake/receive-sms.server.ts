import { InboundSmsSchema } from "#integrations/twilio/schemas.ts";
import { recordInboundEvent } from "#app/domain/intake/record-inbound-event.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { createLogger, maskPhone } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { describeRequestStatus } from "#app/domain/requests/describe-request-status.server.ts";
import { ensurePhoneCitizen } from "#app/domain/citizens/ensure-phone-citizen.server.ts";
import { parseRequestNumber } from "#app/domain/requests/parse-request-number.ts";
import { parseSmsKeyword, smsReplyLanguage, type SmsKeyword } from "./parse-sms-keyword.ts";
import { queueSmsReply } from "#app/domain/notifications/queue-sms-reply.server.ts";

const log = createLogger("twilio");

export type ReceiveSmsResult = { duplicate: boolean; inboundEventId: string; keyword: SmsKeyword["kind"] | null; reply: string | null };

/**
 * An inbound SMS from the webhook: recorded once by MessageSid before anything else. A
 * keyword (STOP/START/HELP/STATUS) is answered at once: STOP/START flip the number's
 * opt-out, HELP and problems with a STATUS number are answered in the webhook's TwiML,
 * a status itself goes out through the notifications outbox. Any other text is left to
 * the intake worker (processInboundSms), which makes or joins a request.
 */
export async function receiveSms(options: { params: Record<string, string>; now?: Date }): Promise<ReceiveSmsResult> {
  const sms = InboundSmsSchema.parse(options.params);
  // `now` is when the SMS reached us (earlier than now for one replayed from the spool):
  // the request's time of receipt, from which its clocks run.
  const now = options.now ?? new Date();
  const recorded = await recordInboundEvent({
    channel: "SMS",
    externalId: sms.MessageSid,
    payload: { kind: "sms", params: options.params, receivedAt: now.toISOString() },
    receivedAt: now,
  });
  const keyword = parseSmsKeyword(sms.Body);
  // A repeat does nothing, unless it is a keyword whose first delivery was cut short before it
  // was acted on (the database went away in between): acting on a keyword twice is harmless.
  if (recorded.duplicate && (recorded.processedAt || !keyword)) return { duplicate: true, inboundEventId: recorded.id, keyword: null, reply: null };
  if (!keyword) return { duplicate: false, inboundEventId: recorded.id, keyword: null, reply: null };

  const { reply, requestId } = await actOnSmsKeyword({ sms, keyword, now });
  // Handled here, so the intake worker's copy of this event has nothing left to do.
  await getDb().inboundEvent.update({ where: { id: recorded.id }, data: { processedAt: new Date(), requestId } });
  return { duplicate: recorded.duplicate, inboundEventId: recorded.id, keyword: keyword.kind, reply };
}

/**
 * What a keyword does: STOP/START flip the number's opt-out, a STATUS with a known number
 * queues the status through the outbox (once per MessageSid); the reply for the TwiML, if
 * any. Safe to run twice for one message (the webhook and a worker's re-drive may both).
 */
export async function actOnSmsKeyword(options: {
  sms: { MessageSid: string; From: string; Body: string };
  keyword: SmsKeyword;
  now: Date;
}): Promise<{ reply: string | null; requestId: string | null }> {
  const { sms, keyword, now } = options;
  const phone = normalizePhone(sms.From) ?? sms.From;
  const lang: Lang = smsReplyLanguage(sms.Body);
  const db = getDb();
  let reply: string | null = null;
  let requestId: string | null = null;
  if (keyword.kind === "stop" || keyword.kind === "start") {
    const { citizenId } = await ensurePhoneCitizen({ phone, language: lang });
    const optedOut = keyword.kind === "stop";
    await db.channelIdentity.updateMany({
      where: { channel: "SMS", externalId: phone },
      data: { optedOut, optedOutAt: optedOut ? now : null },
    });
    log.info(optedOut ? "sms opt-out" : "sms opt-in", { from: maskPhone(phone), citizenId });
    reply = t(lang, optedOut ? "phone:sms.stopped" : "phone:sms.started");
  } else if (keyword.kind === "help") {
    reply = t(lang, "phone:sms.help");
  } else {
    const number = parseRequestNumber({ text: keyword.rest, now });
    // Only this number's own (or followed) requests; anyone else's reads as "no such request".
    const found = number ? await describeRequestStatus({ number, lang, askerPhone: phone }) : null;
    if (!number) reply = t(lang, "phone:sms.statusNoNumber");
    else if (!found) reply = t(lang, "phone:sms.statusUnknown", { number });
    else {
      const text = found.dueDate
        ? t(lang, "phone:sms.status", { status: found.status, dueDate: found.dueDate })
        : t(lang, "phone:sms.statusNoDue", { status: found.status });
      await queueSmsReply({ citizenId: found.citizenId, phone, requestId: found.requestId, number: found.number, text, key: sms.MessageSid });
      requestId = found.requestId;
    }
  }
  return { reply, requestId };
}
