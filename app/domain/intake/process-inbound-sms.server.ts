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
import { findPhoneCitizen } from "#app/domain/citizens/ensure-phone-citizen.server.ts";
import { parseSmsKeyword } from "./parse-sms-keyword.ts";
import { actOnSmsKeyword } from "./receive-sms.server.ts";
import { storeCategorySuggestion } from "#app/domain/categories/suggest-category.server.ts";

const log = createLogger("twilio");

export type ProcessInboundSmsResult = { requestId: string | null; outcome: "created" | "answered" | "appended" | "keyword" | "ignored" };

/**
 * The intake worker's step for one recorded SMS. It answers a staff question (the newest
 * WAITING_CITIZEN request of this number goes back to IN_PROGRESS), follows the citizen's
 * own message within SMS_CONVERSATION_WINDOW_MINUTES (appended, not a new request), or
 * becomes a new request (which texts back its number). MMS media become attachments
 * waiting for download (only Twilio URLs of our account; see phoneMediaKey), fetched
 * and stored by the maintenance worker afterwards.
 */
export async function processInboundSms(options: { payload: unknown; now?: Date }): Promise<ProcessInboundSmsResult> {
  const payload = options.payload as { params?: Record<string, string>; receivedAt?: unknown } | null;
  const params = payload?.params ?? {};
  const sms = InboundSmsSchema.parse(params);
  // When the SMS reached us (recorded with it), not when a worker got to it.
  const receivedAt = typeof payload?.receivedAt === "string" ? new Date(payload.receivedAt) : null;
  const now = options.now ?? (receivedAt && !Number.isNaN(receivedAt.getTime()) && receivedAt <= new Date() ? receivedAt : new Date());
  // Keywords are acted on by the webhook itself, which marks the event done; one that reaches
  // us was cut short there (the database went away in between), so it is done here.
  const keyword = parseSmsKeyword(sms.Body);
  if (keyword) return { requestId: (await actOnSmsKeyword({ sms, keyword, now })).requestId, outcome: "keyword" };
  const phone = normalizePhone(sms.From) ?? sms.From;
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

  // The From is proven by Twilio's signature: the citizen who proved this number, if any.
  const provenCitizenId = await findPhoneCitizen({ phone });
  const identity = provenCitizenId ? { citizenId: provenCitizenId } : null;
  if (identity) {
    const waiting = await db.request.findFirst({
      where: { citizenId: identity.citizenId, status: "WAITING_CITIZEN" },
      orderBy: { updatedAt: "desc" },
      select: { id: true },
    });
    const windowStart = new Date(now.getTime() - getEnv().SMS_CONVERSATION_WINDOW_MINUTES * 60_000);
    const recent = waiting
      ? null
      : await db.message.findFirst({
          where: { channel: "SMS", direction: "IN", address: phone, createdAt: { gte: windowStart }, request: { status: { notIn: [...SETTLED_STATUSES] } } },
          orderBy: { createdAt: "desc" },
          select: { requestId: true },
        });
    const target = waiting?.id ?? recent?.requestId;
    if (target) {
      const answered = await appendCitizenSms({ requestId: target, citizenId: identity.citizenId, phone, sms, body, media });
      if (media.length) await wakeMediaFetcher(sms.MessageSid);
      log.info("sms joined a request", { from: maskPhone(phone), requestId: target, answered });
      return { requestId: target, outcome: answered ? "answered" : "appended" };
    }
  }

  // A question staff texted to this very number (typed on a web form, say) is answered from
  // it: the signed From proves the sender holds the number we asked, so the answer joins that
  // request, and nothing else of that record is revealed or changed.
  const asked = await db.request.findFirst({
    where: { status: "WAITING_CITIZEN", citizenId: { not: null }, messages: { some: { channel: "SMS", direction: "OUT", address: phone } } },
    orderBy: { updatedAt: "desc" },
    select: { id: true, citizenId: true },
  });
  if (asked?.citizenId) {
    const answered = await appendCitizenSms({ requestId: asked.id, citizenId: identity?.citizenId ?? asked.citizenId, phone, sms, body, media });
    if (media.length) await wakeMediaFetcher(sms.MessageSid);
    log.info("sms answered a question texted to its number", { from: maskPhone(phone), requestId: asked.id, answered });
    return { requestId: asked.id, outcome: answered ? "answered" : "appended" };
  }

  if (body.length < 3 && media.length === 0) {
    log.info("sms too short to be a request", { from: maskPhone(phone) });
    return { requestId: null, outcome: "ignored" };
  }
  const description = body.length >= 3 ? body : `MMS (${media.length})`;
  const result = await submitRequest({
    channel: "SMS",
    externalId: sms.MessageSid,
    description,
    citizen: { phone, identity: { channel: "SMS", externalId: phone } },
    receivedAt: now,
  });
  const citizenId = (await db.request.findUniqueOrThrow({ where: { id: result.request.id }, select: { citizenId: true } })).citizenId;
  await db.$transaction((tx) => storeInboundMessage({ tx, requestId: result.request.id, citizenId, phone, sms, body, media }));
  if (media.length) await wakeMediaFetcher(sms.MessageSid);
  if (!result.request.categoryId && body.length >= 3) await storeCategorySuggestion({ requestId: result.request.id, text: body });
  log.info("sms became a request", { from: maskPhone(phone), requestId: result.request.id, created: result.created, media: media.length });
  return { requestId: result.request.id, outcome: "created" };
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

async function appendCitizenSms(options: { requestId: string; citizenId: string; phone: string; sms: SmsIn; body: string; media: Media }): Promise<boolean> {
  const followups = emptyFollowups();
  try {
    const answered = await getDb().$transaction(async (tx) => {
      const { messageId, attachmentIds } = await storeInboundMessage({ tx, ...options });
      const { answered } = await recordCitizenMessageWithin({
        tx,
        followups,
        requestId: options.requestId,
        citizenId: options.citizenId,
        channel: "SMS",
        text: options.body,
        data: { messageId, attachmentIds },
      });
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
