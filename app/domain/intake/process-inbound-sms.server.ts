import { InboundSmsSchema, parseInboundMedia } from "#integrations/twilio/schemas.ts";
import { phoneMediaKey, wakeMediaFetcher } from "#app/domain/attachments/fetch-phone-media.server.ts";
import { Prisma } from "#app/generated/prisma/client.ts";
import { emptyFollowups, enqueueFollowups } from "#app/domain/requests/after-commit.server.ts";
import { recordCitizenMessageWithin } from "#app/domain/requests/record-citizen-message.server.ts";
import { SETTLED_STATUSES } from "#app/domain/requests/status-machine.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb, withAdvisoryLock, type Tx } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { createLogger, maskPhone } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { requestTextData } from "#app/domain/requests/request-text.ts";
import { findPhoneCitizen } from "#app/domain/citizens/ensure-phone-citizen.server.ts";
import { parseResolutionAnswer } from "./parse-sms-keyword.ts";
import { actOnSmsKeyword, replyLanguage, smsKeywordOf } from "./receive-sms.server.ts";
import { findResolutionAwaitingAnswer } from "./sms-resolution-answer.server.ts";
import { getCategoryModel, storeCategorySuggestion, suggestCategory } from "#app/domain/categories/suggest-category.server.ts";
import { tokenize } from "#app/domain/categories/category-model.ts";
import { formatKyivMoment } from "#app/domain/calendar/kyiv-time.ts";
import { citizenDueAt } from "#app/domain/deadlines/citizen-due-at.server.ts";
import { queueSmsReply } from "#app/domain/notifications/queue-sms-reply.server.ts";
import { confirmResolution } from "#app/domain/requests/confirm-resolution.server.ts";
import { t, toLang, type Lang } from "#app/utils/i18n.server.ts";

const log = createLogger("twilio");

export type ProcessInboundSmsResult = {
  requestId: string | null;
  outcome: "created" | "answered" | "appended" | "keyword" | "confirmed" | "reopened" | "ignored";
};

/**
 * The intake worker's step for one recorded SMS. In this order, it is: the answer to a
 * resolution the number was asked to confirm («ТАК»/«НІ»: closes or reopens it); the
 * answer to a question staff asked (the WAITING_CITIZEN request goes back to IN_PROGRESS);
 * more about the problem the sender wrote about within SMS_CONVERSATION_WINDOW_MINUTES —
 * but only when it plausibly is the same problem (isSameProblem); or a new request. Every
 * message gets one answer saying which of these happened (the receipt of a new request
 * carries its short tracking link; the emergency numbers, when the text reads as an
 * emergency, were already answered by the webhook: receiveSms). MMS media become
 * attachments waiting for download (only Twilio URLs of our account; see phoneMediaKey),
 * fetched and stored by the maintenance worker afterwards.
 */
export async function processInboundSms(options: { payload: unknown; now?: Date }): Promise<ProcessInboundSmsResult> {
  const payload = options.payload as { params?: Record<string, string>; receivedAt?: unknown } | null;
  const params = payload?.params ?? {};
  const sms = InboundSmsSchema.parse(params);
  // When the SMS reached us (recorded with it), not when a worker got to it.
  const receivedAt = typeof payload?.receivedAt === "string" ? new Date(payload.receivedAt) : null;
  const now = options.now ?? (receivedAt && !Number.isNaN(receivedAt.getTime()) && receivedAt <= new Date() ? receivedAt : new Date());
  const phone = normalizePhone(sms.From) ?? sms.From;
  // Keywords are acted on by the webhook itself, which marks the event done; one that reaches
  // us was cut short there (the database went away in between), so it is done here.
  const keyword = await smsKeywordOf({ body: sms.Body, phone, now });
  if (keyword) return { requestId: (await actOnSmsKeyword({ sms, keyword, now })).requestId, outcome: "keyword" };
  const media = parseInboundMedia(params);
  const body = sms.Body.trim();

  // One message per sender at a time, across workers: a burst from one number is taken as it
  // would be one after another (the first makes the request, the next ones see it and join).
  return withAdvisoryLock(senderLockKey({ channel: "SMS", address: phone }), () => actOnSms({ sms, phone, media, body, now }));
}

async function actOnSms(options: { sms: InboundSms; phone: string; media: Media; body: string; now: Date }): Promise<ProcessInboundSmsResult> {
  const { sms, phone, media, body, now } = options;
  const db = getDb();
  // Already stored (a re-drive, or this very message just before us in line).
  const already = await db.message.findUnique({ where: { channel_externalId: { channel: "SMS", externalId: sms.MessageSid } }, select: { requestId: true } });
  if (already) return { requestId: already.requestId, outcome: "appended" };
  const lang = await replyLanguage({ phone, body });
  const reply = { phone, lang, key: sms.MessageSid };

  // «ТАК» / «НІ» after "Вирішено? Відповідайте ТАК або НІ".
  const answer = media.length === 0 ? parseResolutionAnswer(body) : null;
  if (answer) {
    const resolved = await findResolutionAwaitingAnswer({ phone, now });
    if (resolved) return answerResolution({ ...options, request: resolved, answer, lang });
  }

  // The From is proven by Twilio's signature: the citizen who proved this number, if any.
  const citizenId = await findPhoneCitizen({ phone });
  // What the text is about, to tell one problem from another.
  const guess = body.length >= 3 ? await suggestCategory({ text: body }) : null;
  const guessedCategoryId = guess ? ((await db.category.findUnique({ where: { code: guess.categoryCode }, select: { id: true } }))?.id ?? null) : null;
  const text = { body, media, guess: guess && guessedCategoryId ? { categoryId: guessedCategoryId, confidence: guess.confidence } : null };
  // Only for a reply to a staff question that reads as another category.
  const namesRequest = (target: Candidate) =>
    guess && text.guess ? replyNamesItsRequest({ body, target, guess: { code: guess.categoryCode, categoryId: text.guess.categoryId } }) : false;

  let previous: { id: string; number: string } | null = null;
  if (citizenId) {
    const waiting = await db.request.findFirst({
      where: { citizenId, status: "WAITING_CITIZEN" },
      orderBy: { updatedAt: "desc" },
      select: requestSelect,
    });
    const windowStart = new Date(now.getTime() - getEnv().SMS_CONVERSATION_WINDOW_MINUTES * 60_000);
    const recent = waiting
      ? null
      : await db.message.findFirst({
          where: { channel: "SMS", direction: "IN", address: phone, createdAt: { gte: windowStart }, request: { status: { notIn: [...SETTLED_STATUSES] } } },
          orderBy: { createdAt: "desc" },
          select: { request: { select: requestSelect } },
        });
    const target = waiting ?? recent?.request ?? null;
    // Messages are judged in the order they were sent, not the order they are taken: a report
    // whose worker crashed (or whose database went away) is taken after its own short addition,
    // which by then made a request. Then the question is whether that later text follows this one.
    // Two messages of one conversation belong together when either reads as a follow-up of
    // the other: the later-sent one of the earlier (as when taken in order), or — when this
    // one was sent before the request's first — the request's text of this one.
    const sentEarlier = Boolean(target && !waiting && target.receivedAt > now);
    const same =
      target &&
      (isSameProblem({ ...text, target, isAnswer: Boolean(waiting), namesRequest: waiting ? await namesRequest(target) : false }) ||
        (sentEarlier &&
          isSameProblem({
            body: target.description,
            media: [],
            guess: target.suggestion ? { categoryId: target.suggestion.categoryId, confidence: target.suggestion.confidence } : null,
            target: { ...target, categoryId: text.guess?.categoryId ?? null, suggestion: null },
            isAnswer: false,
          })));
    if (target && same) {
      const answered = await appendCitizenSms({ requestId: target.id, number: target.number, citizenId, sms, body, media, reply });
      // The description reads as it was sent: this text goes before the ones sent after it.
      if (sentEarlier && body.length >= 3) await describeInSentOrder(target.id);
      if (media.length) await wakeMediaFetcher(sms.MessageSid);
      log.info("sms joined a request", { from: maskPhone(phone), requestId: target.id, answered });
      return { requestId: target.id, outcome: answered ? "answered" : "appended" };
    }
    previous = target;
  }

  // A question staff texted to this very number (typed on a web form, say) is answered from
  // it: the signed From proves the sender holds the number we asked, so the answer joins that
  // request, and nothing else of that record is revealed or changed.
  const asked = previous
    ? null
    : await db.request.findFirst({
        where: { status: "WAITING_CITIZEN", citizenId: { not: null }, messages: { some: { channel: "SMS", direction: "OUT", address: phone } } },
        orderBy: { updatedAt: "desc" },
        select: { ...requestSelect, citizenId: true },
      });
  if (asked?.citizenId && isSameProblem({ ...text, target: asked, isAnswer: true, namesRequest: await namesRequest(asked) })) {
    const answered = await appendCitizenSms({
      requestId: asked.id,
      number: asked.number,
      citizenId: citizenId ?? asked.citizenId,
      sms,
      body,
      media,
      reply: { ...reply, lang: await citizenLanguage(asked.citizenId, lang) },
    });
    if (media.length) await wakeMediaFetcher(sms.MessageSid);
    log.info("sms answered a question texted to its number", { from: maskPhone(phone), requestId: asked.id, answered });
    return { requestId: asked.id, outcome: answered ? "answered" : "appended" };
  }

  // Nothing to add to and nothing to go on: say so instead of making a request of "ок".
  if (answer || (body.length < 3 && media.length === 0)) {
    await queueSmsReply({ ...reply, citizenId, requestId: null, number: null, text: t(lang, answer ? "phone:sms.nothingToConfirm" : "phone:sms.tooShort") });
    log.info(answer ? "sms yes/no with nothing to answer" : "sms too short to be a request", { from: maskPhone(phone) });
    return { requestId: null, outcome: "ignored" };
  }

  const description = body.length >= 3 ? body : `MMS (${media.length})`;
  const result = await submitRequest({
    channel: "SMS",
    externalId: sms.MessageSid,
    description,
    citizen: { phone, identity: { channel: "SMS", externalId: phone }, language: lang },
    receivedAt: now,
    doorSendsReceipt: true,
  });
  const request = await db.request.findUniqueOrThrow({ where: { id: result.request.id }, select: { citizenId: true, number: true, dueAt: true } });
  if (!result.request.categoryId && body.length >= 3) await storeCategorySuggestion({ requestId: result.request.id, text: body });
  const optedOut = (await db.channelIdentity.findUnique({ where: { channel_externalId: { channel: "SMS", externalId: phone } }, select: { optedOut: true } }))
    ?.optedOut;
  const dueAt = await citizenDueAt({ requestId: result.request.id, dueAt: request.dueAt, categorised: Boolean(result.request.categoryId) });
  const followups = emptyFollowups();
  await db.$transaction(async (tx) => {
    await storeInboundMessage({ tx, requestId: result.request.id, citizenId: request.citizenId, phone, sms, body, media });
    // The receipt: its number, the link to follow it; that it is a request of its own when
    // the sender was just writing about another one; that progress SMS are off after STOP.
    const queued = await queueSmsReply({
      ...reply,
      tx,
      citizenId: request.citizenId,
      requestId: result.request.id,
      number: request.number,
      text: t(lang, "phone:sms.received", { number: request.number }),
      more: [dueAt ? t(lang, "phone:sms.receivedDue", { dueDate: formatKyivMoment(dueAt, lang) }) : null],
      after: [previous ? t(lang, "phone:sms.separate", { previous: previous.number }) : null, optedOut ? t(lang, "phone:sms.stillStopped") : null]
        .filter(Boolean)
        .join("\n"),
      link: true,
    });
    if (queued) followups.notificationIds.push(queued.id);
  });
  await enqueueFollowups(followups);
  if (media.length) await wakeMediaFetcher(sms.MessageSid);
  log.info("sms became a request", {
    from: maskPhone(phone),
    requestId: result.request.id,
    created: result.created,
    media: media.length,
    separateFrom: previous?.id,
  });
  return { requestId: result.request.id, outcome: "created" };
}

const requestSelect = {
  id: true,
  number: true,
  categoryId: true,
  description: true,
  receivedAt: true,
  suggestion: { select: { categoryId: true, confidence: true } },
} as const;
type Candidate = { id: string; number: string; categoryId: string | null; suggestion: { categoryId: string } | null };

/**
 * A message taken after others of its conversation that were sent later (its worker
 * crashed, or the database was away), one of which made the request: the description is
 * the texts sent up to the request's first, in the order they were sent (later ones stay
 * additions on the timeline), and the category is suggested again from the whole text.
 */
async function describeInSentOrder(requestId: string) {
  const db = getDb();
  const r = await db.request.findUniqueOrThrow({ where: { id: requestId }, select: { address: true, categoryId: true, receivedAt: true } });
  const messages = await db.message.findMany({ where: { requestId, channel: "SMS", direction: "IN" }, select: { externalId: true, body: true } });
  const sids = messages.flatMap((m) => (m.externalId ? [m.externalId] : []));
  const events = await db.inboundEvent.findMany({
    where: { channel: "SMS", externalId: { in: sids } },
    select: { externalId: true, receivedAt: true, payload: true },
  });
  // When each reached us: what processInboundSms took as its time (kept in the payload).
  const sentAt = new Map(events.map((e) => [e.externalId, receivedAtOf(e)]));
  const parts = messages
    .filter((m) => m.body.length >= 3 && m.externalId && (sentAt.get(m.externalId) ?? Infinity) <= r.receivedAt.getTime())
    .sort((a, b) => sentAt.get(a.externalId!)! - sentAt.get(b.externalId!)!)
    .map((m) => m.body);
  if (parts.length === 0) return;
  const description = parts.join("\n").slice(0, 5000);
  await db.request.update({ where: { id: requestId }, data: requestTextData({ description, address: r.address }) });
  if (!r.categoryId) await storeCategorySuggestion({ requestId, text: description });
}

function receivedAtOf(event: { receivedAt: Date; payload: unknown }) {
  const at = (event.payload as { receivedAt?: unknown } | null)?.receivedAt;
  const time = typeof at === "string" ? new Date(at).getTime() : NaN;
  return Number.isNaN(time) ? event.receivedAt.getTime() : time;
}

/** A guess this sure of a category other than the request's means another problem, however short the text. */
const SURE_GUESS = 0.5;
/** A text of at most this many words with no other problem named in it is a follow-up ("буд. 5", "Під'їзд 3"). */
const FOLLOW_UP_WORDS = 5;

/**
 * Whether a message is more about `target` rather than a problem of its own: photos or
 * next to no text; a text whose suggested category is the request's own (its category, or
 * the suggestion staff have not decided yet); a short follow-up such as an address, unless
 * it clearly names another problem. A longer text about something else is a new request.
 * An answer to a staff question is more forgiving: it joins unless it clearly names another
 * problem and not the request's own thing (`namesRequest`, replyNamesItsRequest).
 */
export function isSameProblem(options: {
  body: string;
  media: Media;
  guess: { categoryId: string; confidence: number } | null;
  target: Candidate;
  isAnswer: boolean;
  namesRequest?: boolean;
}): boolean {
  const { body, guess, target } = options;
  if (body.length < 3) return true;
  const targetCategoryId = target.categoryId ?? target.suggestion?.categoryId ?? null;
  if (guess && targetCategoryId) {
    if (guess.categoryId === targetCategoryId) return true;
    if (guess.confidence >= SURE_GUESS) return options.isAnswer && options.namesRequest === true;
  }
  if (options.isAnswer) return true;
  return body.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length <= FOLLOW_UP_WORDS;
}

/**
 * Whether a reply to a staff question names the thing its request is about, though the reply
 * alone reads as another category: a word the category model knows for the request's
 * category and not for the reply's («Третій під'їзд, ліхтар над дверима» to a street-light
 * request names the light; the door made it read as an entrance problem). Words both
 * categories know (a place: «під'їзд», «двір») do not count, so «Пахне газом у під'їзді»
 * stays a problem of its own.
 */
async function replyNamesItsRequest(options: { body: string; target: Candidate; guess: { code: string; categoryId: string } }): Promise<boolean> {
  const targetCategoryId = options.target.categoryId ?? options.target.suggestion?.categoryId ?? null;
  if (!targetCategoryId || targetCategoryId === options.guess.categoryId) return false;
  const target = await getDb().category.findUnique({ where: { id: targetCategoryId }, select: { code: true } });
  if (!target) return false;
  const model = await getCategoryModel();
  const own = model.counts.get(target.code);
  const other = model.counts.get(options.guess.code);
  return tokenize(options.body).some(({ stem }) => (own?.get(stem) ?? 0) > 0 && (other?.get(stem) ?? 0) === 0);
}

async function citizenLanguage(citizenId: string, fallback: Lang): Promise<Lang> {
  const c = await getDb().citizen.findUnique({ where: { id: citizenId }, select: { language: true } });
  return c ? toLang(c.language) : fallback;
}

/**
 * «ТАК» closes the request, «НІ» sends it back to the executor (the same confirmResolution
 * the tracking page and Telegram use, as the citizen); the words are kept on the request,
 * and the citizen is told what happened.
 */
async function answerResolution(options: {
  sms: InboundSms;
  phone: string;
  media: Media;
  body: string;
  now: Date;
  request: { id: string; number: string; citizenId: string | null };
  answer: { resolved: boolean; comment: string | null };
  lang: Lang;
}): Promise<ProcessInboundSmsResult> {
  const { sms, phone, body, request, answer, lang } = options;
  await confirmResolution({
    requestId: request.id,
    resolved: answer.resolved,
    actor: { type: "CITIZEN", id: request.citizenId ?? undefined },
    comment: answer.comment ?? undefined,
  });
  const followups = emptyFollowups();
  await getDb().$transaction(async (tx) => {
    await storeInboundMessage({ tx, requestId: request.id, citizenId: request.citizenId, phone, sms, body, media: [] });
    const queued = await queueSmsReply({
      tx,
      phone,
      lang,
      key: sms.MessageSid,
      citizenId: request.citizenId,
      requestId: request.id,
      number: request.number,
      text: t(lang, answer.resolved ? "phone:sms.confirmed" : "phone:sms.reopened", { number: request.number }),
      link: !answer.resolved,
    });
    if (queued) followups.notificationIds.push(queued.id);
  });
  await enqueueFollowups(followups);
  log.info(answer.resolved ? "sms confirmed a resolution" : "sms reopened a resolved request", { from: maskPhone(phone), requestId: request.id });
  return { requestId: request.id, outcome: answer.resolved ? "confirmed" : "reopened" };
}

type Media = { url: string; contentType: string }[];
type InboundSms = ReturnType<typeof InboundSmsSchema.parse>;
type SmsIn = { MessageSid: string };

async function storeInboundMessage(options: { tx: Tx; requestId: string; citizenId: string | null; phone: string; sms: SmsIn; body: string; media: Media }) {
  const { tx } = options;
  const message = await tx.message.upsert({
    where: { channel_externalId: { channel: "SMS", externalId: options.sms.MessageSid } },
    create: {
      requestId: options.requestId,
      citizenId: options.citizenId,
      channel: "SMS",
      direction: "IN",
      externalId: options.sms.MessageSid,
      address: options.phone,
      body: options.body,
      deliveryStatus: "RECEIVED",
    },
    update: {},
    select: { id: true, _count: { select: { attachments: true } } },
  });
  const attachmentIds: string[] = [];
  if (message._count.attachments === 0) {
    for (const m of options.media) {
      // A URL that is not our account's Twilio media (a path, file:, another host) is
      // dropped: it is never fetched nor read. The rest waits for the worker to download.
      const storageKey = phoneMediaKey(m.url);
      if (!storageKey) {
        log.warn("mms media url refused", { index: options.media.indexOf(m) });
        continue;
      }
      const mimeType = /^[a-z]+\/[a-z0-9.+-]{1,60}$/i.test(m.contentType) ? m.contentType.toLowerCase() : "application/octet-stream";
      const a = await tx.attachment.create({
        data: { requestId: options.requestId, messageId: message.id, kind: kindOf(mimeType), mimeType, size: 0, storageKey, sha256: "" },
        select: { id: true },
      });
      attachmentIds.push(a.id);
    }
  }
  return { messageId: message.id, attachmentIds };
}

async function appendCitizenSms(options: {
  requestId: string;
  number: string;
  citizenId: string;
  sms: SmsIn;
  body: string;
  media: Media;
  reply: { phone: string; lang: Lang; key: string };
}): Promise<boolean> {
  const followups = emptyFollowups();
  const { reply } = options;
  try {
    const answered = await getDb().$transaction(async (tx) => {
      const { messageId, attachmentIds } = await storeInboundMessage({ tx, ...options, phone: reply.phone });
      const { answered } = await recordCitizenMessageWithin({
        tx,
        followups,
        requestId: options.requestId,
        citizenId: options.citizenId,
        channel: "SMS",
        text: options.body,
        data: { messageId, attachmentIds },
      });
      // Said, so a citizen who meant a new problem learns it was not taken as one.
      const queued = await queueSmsReply({
        ...reply,
        tx,
        citizenId: options.citizenId,
        requestId: options.requestId,
        number: options.number,
        text: t(reply.lang, answered ? "phone:sms.answered" : "phone:sms.added", { number: options.number }),
      });
      if (queued) followups.notificationIds.push(queued.id);
      return answered;
    });
    await enqueueFollowups(followups);
    return answered;
  } catch (e) {
    // The same SMS raced in twice: the first one won.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return false;
    throw e;
  }
}

function kindOf(contentType: string) {
  return contentType.startsWith("image/") ? "photo" : contentType.startsWith("video/") ? "video" : contentType.startsWith("audio/") ? "audio" : "file";
}

/** The advisory lock key of one sender on one channel (processInboundSms holds it). */
export function senderLockKey(options: { channel: string; address: string }) {
  return `intake-sender:${options.channel}:${options.address}`;
}
