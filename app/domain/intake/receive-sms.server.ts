import { InboundSmsSchema } from "#integrations/twilio/schemas.ts";
import { recordInboundEvent } from "#app/domain/intake/record-inbound-event.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { createLogger, maskPhone } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { describeRequestStatus } from "#app/domain/requests/describe-request-status.server.ts";
import { ensurePhoneCitizen } from "#app/domain/citizens/ensure-phone-citizen.server.ts";
import { parseRequestNumber } from "#app/domain/requests/parse-request-number.ts";
import { parseSmsKeyword, type SmsKeyword } from "./parse-sms-keyword.ts";
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
  const recorded = await recordInboundEvent({ channel: "SMS", externalId: sms.MessageSid, payload: { kind: "sms", params: options.params } });
  if (recorded.duplicate) return { duplicate: true, inboundEventId: recorded.id, keyword: null, reply: null };
  const keyword = parseSmsKeyword(sms.Body);
  if (!keyword) return { duplicate: false, inboundEventId: recorded.id, keyword: null, reply: null };

  const phone = normalizePhone(sms.From) ?? sms.From;
  const lang: Lang = /[а-яіїєґ]/i.test(sms.Body) ? "uk" : "en";
  const db = getDb();
  let reply: string | null = null;
  let requestId: string | null = null;
  const now = options.now ?? new Date();
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
  // Handled here, so the intake worker's copy of this event has nothing left to do.
  await db.inboundEvent.update({ where: { id: recorded.id }, data: { processedAt: now, requestId } });
  return { duplicate: false, inboundEventId: recorded.id, keyword: keyword.kind, reply };
}
