import { InboundSmsSchema } from "#integrations/twilio/schemas.ts";
import { recordInboundEvent } from "#app/domain/intake/record-inbound-event.server.ts";
import { getDb, type Tx } from "#app/utils/db.server.ts";
import { fitSmsParts } from "#integrations/twilio/segments.ts";
import { t, toLang, type Lang } from "#app/utils/i18n.server.ts";
import { createLogger, maskPhone } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { describeRequestStatus } from "#app/domain/requests/describe-request-status.server.ts";
import { ensurePhoneCitizen, findPhoneCitizen } from "#app/domain/citizens/ensure-phone-citizen.server.ts";
import { OPEN_STATUSES } from "#app/domain/requests/status-machine.ts";
import { parseRequestNumber } from "#app/domain/requests/parse-request-number.ts";
import { parseResolutionAnswer, parseSmsKeyword, smsReplyLanguage, type SmsKeyword } from "./parse-sms-keyword.ts";
import { findResolutionAwaitingAnswer } from "./sms-resolution-answer.server.ts";
import { queueSmsReply } from "#app/domain/notifications/queue-sms-reply.server.ts";
import { getEmergencyNotice, isEmergencyCategory } from "#app/domain/categories/emergency-notice.server.ts";
import { suggestCategory } from "#app/domain/categories/suggest-category.server.ts";

const log = createLogger("twilio");

export type ReceiveSmsResult = { duplicate: boolean; inboundEventId: string; keyword: SmsKeyword["kind"] | null; reply: string | null };

/**
 * An inbound SMS from the webhook: recorded once by MessageSid before anything else. A
 * keyword (STOP/START/HELP/STATUS) is answered at once: STOP/START flip the number's
 * opt-out, HELP and problems with a STATUS number are answered in the webhook's TwiML,
 * a status itself goes out through the notifications outbox. Any other text is left to
 * the intake worker (processInboundSms), which makes or joins a request, or takes it as
 * the answer to a resolution, and always says which.
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
  const keyword = await smsKeywordOf({ body: sms.Body, phone: normalizePhone(sms.From) ?? sms.From, now });
  // A repeat does nothing, unless it is a keyword whose first delivery was cut short before it
  // was acted on (the database went away in between): acting on a keyword twice is harmless.
  if (recorded.duplicate && (recorded.processedAt || !keyword)) return { duplicate: true, inboundEventId: recorded.id, keyword: null, reply: null };
  if (!keyword) return { duplicate: false, inboundEventId: recorded.id, keyword: null, reply: await emergencyReplyInTime({ sms, now }) };

  const { reply, requestId } = await actOnSmsKeyword({ sms, keyword, now });
  // Handled here, so the intake worker's copy of this event has nothing left to do.
  await getDb().inboundEvent.update({ where: { id: recorded.id }, data: { processedAt: new Date(), requestId } });
  return { duplicate: recorded.duplicate, inboundEventId: recorded.id, keyword: keyword.kind, reply };
}

/** The emergency answer may hold the webhook this long (Twilio waits 15 s; the message is already recorded). */
const EMERGENCY_REPLY_WITHIN_MS = 2_000;

/**
 * emergencyReply, or nothing when it fails or is slow (the category model being built, the
 * database slow): the message is recorded by then, so it must not be lost to the spool for
 * this; the apology of a spooled message names the emergency numbers anyway.
 */
async function emergencyReplyInTime(options: { sms: { From: string; Body: string }; now: Date }): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), EMERGENCY_REPLY_WITHIN_MS);
  });
  const reply = emergencyReply(options).catch((e: unknown) => {
    log.warn("emergency check of an sms failed", { error: (e as Error)?.name });
    return null;
  });
  return Promise.race([reply, late]).finally(() => clearTimeout(timer));
}

/**
 * Life safety first: a text that reads as an emergency (a gas smell, a fallen wire, people
 * stuck in a lift) is answered at once, in the webhook's own reply, with the emergency
 * numbers and as much of the city's advice for that category as fits two SMS parts (whole
 * sentences only) — before the intake worker has even made it a request, whose receipt
 * follows. The contact centre is not an emergency service.
 */
async function emergencyReply(options: { sms: { From: string; Body: string }; now: Date }): Promise<string | null> {
  const text = options.sms.Body.trim();
  if (text.length < 3) return null;
  const guess = await suggestCategory({ text });
  if (!guess) return null;
  // Most texts are no emergency: that is asked first, in one light read, and only an
  // emergency's sender is looked up for the language to answer in.
  if (!(await isEmergencyCategory(guess.categoryCode))) return null;
  const phone = normalizePhone(options.sms.From) ?? options.sms.From;
  const lang = await replyLanguage({ phone, body: text });
  const notice = await getEmergencyNotice({ code: guess.categoryCode, lang });
  if (!notice) return null;
  const advice = notice.advice.flatMap((a) => a.split(/(?<=[.!?])\s+/u));
  log.info("sms reads as an emergency; numbers answered", { from: maskPhone(phone), category: notice.categoryCode });
  return fitSmsParts({ head: notice.short, body: "", more: advice, maxSegments: EMERGENCY_SMS_SEGMENTS });
}

/**
 * What to do until the emergency service comes is worth a longer text than any other
 * answer: up to four parts (about 260 Cyrillic characters), so the city's advice — «do not
 * switch the lights on, open the windows, leave» for a gas smell — arrives whole.
 */
const EMERGENCY_SMS_SEGMENTS = 4;

/** At most this many open requests are told on a STATUS with no number (newest first, one SMS each). */
export const STATUS_MAX_REQUESTS = 3;

/**
 * The keyword an SMS is, if any. "YES" is also the way back after STOP; but from a number
 * whose request was just resolved and asked "ТАК або НІ", it is that answer, left to the
 * intake worker.
 */
export async function smsKeywordOf(options: { body: string; phone: string; now: Date }): Promise<SmsKeyword | null> {
  const keyword = parseSmsKeyword(options.body);
  if (keyword?.kind === "start" && parseResolutionAnswer(options.body)?.resolved) {
    if (await findResolutionAwaitingAnswer({ phone: options.phone, now: options.now })) return null;
  }
  return keyword;
}

/**
 * The language to answer a number in: the citizen's own (Citizen.language) when the number
 * is known, else the language the message is written in. A Ukrainian-speaking citizen
 * who types "STATUS" in Latin letters is still answered in Ukrainian.
 */
export async function replyLanguage(options: { phone: string; body: string; tx?: Tx }): Promise<Lang> {
  const citizenId = await findPhoneCitizen({ phone: options.phone, tx: options.tx });
  const stored = citizenId ? await (options.tx ?? getDb()).citizen.findUnique({ where: { id: citizenId }, select: { language: true } }) : null;
  return stored ? toLang(stored.language) : smsReplyLanguage(options.body);
}

/**
 * What a keyword does: STOP/START flip the number's opt-out, HELP explains (with the
 * emergency numbers), STATUS queues the status through the outbox (once per MessageSid):
 * with a number, of that request; alone, of the number's own open requests. The reply for
 * the TwiML, if any. Safe to run twice for one message (the webhook and a worker's
 * re-drive may both).
 */
export async function actOnSmsKeyword(options: {
  sms: { MessageSid: string; From: string; Body: string };
  keyword: SmsKeyword;
  now: Date;
}): Promise<{ reply: string | null; requestId: string | null }> {
  const { sms, keyword, now } = options;
  const phone = normalizePhone(sms.From) ?? sms.From;
  const lang = await replyLanguage({ phone, body: sms.Body });
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
    reply = fitSmsParts({ body: t(lang, "phone:sms.help"), tail: t(lang, "common:emergency.short") });
  } else if (keyword.rest) {
    const number = parseRequestNumber({ text: keyword.rest, now });
    // Only this number's own (or followed) requests; anyone else's reads as "no such request".
    const found = number ? await describeRequestStatus({ number, lang, askerPhone: phone }) : null;
    if (!found) reply = t(lang, "phone:sms.statusUnknown", { number: number ?? keyword.rest });
    else {
      await queueStatus({ found, phone, lang, key: sms.MessageSid });
      requestId = found.requestId;
    }
  } else {
    // STATUS alone: the caller's own open requests, known by the number Twilio signed as From.
    const citizenId = await findPhoneCitizen({ phone });
    const open = citizenId
      ? await db.request.findMany({
          where: { citizenId, status: { in: [...OPEN_STATUSES] } },
          orderBy: [{ receivedAt: "desc" }, { number: "desc" }],
          select: { number: true },
          take: STATUS_MAX_REQUESTS,
        })
      : [];
    if (!open.length) reply = t(lang, "phone:sms.statusNone");
    for (const [i, r] of open.entries()) {
      const found = await describeRequestStatus({ number: r.number, lang, askerPhone: phone });
      if (found) await queueStatus({ found, phone, lang, key: `${sms.MessageSid}:${i}` });
      requestId ??= found?.requestId ?? null;
    }
  }
  return { reply, requestId };
}

async function queueStatus(options: { found: NonNullable<Awaited<ReturnType<typeof describeRequestStatus>>>; phone: string; lang: Lang; key: string }) {
  const { found, lang } = options;
  const text = found.dueDate
    ? t(lang, "phone:sms.status", { number: found.number, status: found.status, dueDate: found.dueDate })
    : t(lang, "phone:sms.statusNoDue", { number: found.number, status: found.status });
  await queueSmsReply({
    citizenId: found.citizenId,
    phone: options.phone,
    requestId: found.requestId,
    number: found.number,
    text,
    link: true,
    lang,
    key: options.key,
  });
}
