// What a call to the hotline leaves in the core, whatever the voice provider says to the
// caller: the Call row and its menu path, queueing, recordings as inbound events (for the
// intake worker; speech-to-text comes later, from the maintenance worker), call-back tasks,
// final call statuses, and what a caller may hear of their own requests. No TwiML here: the
// voice menu (app/channels/phone) decides what the caller hears.
import type { CallStatus } from "#app/generated/prisma/enums.ts";
import { phoneMediaUrl } from "#app/domain/attachments/fetch-phone-media.server.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { recordInboundEvent } from "#app/domain/intake/record-inbound-event.server.ts";
import { isSettled, SETTLED_STATUSES } from "#app/domain/requests/status-machine.ts";
import { formatKyivMoment } from "#app/domain/calendar/kyiv-time.ts";
import { outageInForceWhere } from "#app/domain/outages/outage-in-force.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { findPhoneCitizen } from "#app/domain/citizens/ensure-phone-citizen.server.ts";
import { callerPhone } from "./caller-number.ts";
import { citizenDueAt } from "#app/domain/deadlines/citizen-due-at.server.ts";

/** An incoming call: recorded once by CallSid, with the caller's citizen if their number is proven (never for a withheld one). */
export async function startCall(options: { callSid: string; from: string; to?: string; params: Record<string, string>; now: Date }) {
  await recordInboundEvent({ channel: "VOICE", externalId: options.callSid, payload: { kind: "call", params: options.params } });
  const phone = callerPhone(options.from);
  const citizenId = await findPhoneCitizen({ phone });
  await getDb().call.upsert({
    where: { callSid: options.callSid },
    create: {
      callSid: options.callSid,
      fromNumber: phone ?? options.from,
      toNumber: options.to,
      citizenId,
      status: "IN_PROGRESS",
      menuPath: ["greeting"],
      startedAt: options.now,
    },
    update: {},
  });
}

/** Appends one entry to the call's menu path (what the caller chose, where they went). */
export async function appendCallStep(options: { callSid: string; entry: string }) {
  await getDb().call.updateMany({ where: { callSid: options.callSid }, data: { menuPath: { push: options.entry } } });
}

export async function markCallQueued(options: { callSid: string; now: Date }) {
  await getDb().call.updateMany({ where: { callSid: options.callSid }, data: { status: "QUEUED", queuedAt: options.now } });
}

export async function markCallAnswered(options: { callSid: string; now: Date }) {
  await getDb().call.updateMany({ where: { callSid: options.callSid }, data: { status: "IN_PROGRESS", answeredAt: options.now } });
}

export type CallRecording = { CallSid: string; RecordingSid?: string; RecordingUrl?: string; RecordingDuration?: number };

/**
 * A finished recording: kept on the call (only a URL we would fetch) and recorded once for
 * the intake worker. Twilio may report it twice (the Record's action and its status
 * callback); both land on the one inbound event of the RecordingSid.
 */
export async function recordCallRecording(p: CallRecording): Promise<{ inboundEventId: string }> {
  await getDb().call.updateMany({
    where: { callSid: p.CallSid, recordingSid: null },
    // Only a URL we would fetch is kept; anything else in RecordingUrl is dropped.
    data: { recordingSid: p.RecordingSid, recordingUrl: phoneMediaUrl(p.RecordingUrl), recordingSecs: p.RecordingDuration },
  });
  const event = await recordInboundEvent({ channel: "VOICE", externalId: p.RecordingSid!, payload: { kind: "recording", params: p } });
  return { inboundEventId: event.id };
}

/**
 * A recording from a caller no SMS can reach (number withheld): the request is made now,
 * through the same intake step the worker runs (idempotent on the call, so the worker's
 * later run finds it done), and its number returned to be read out on the call.
 */
export async function takeRecordingNow(p: CallRecording): Promise<{ number: string } | null> {
  const { inboundEventId } = await recordCallRecording(p);
  const { requestId } = await processInboundEvent({ inboundEventId });
  if (!requestId) return null;
  const request = await getDb().request.findUnique({ where: { id: requestId }, select: { number: true } });
  return request ? { number: request.number } : null;
}

/** The caller asked to be called back: one open task per call. */
export async function createCallbackTask(options: { callSid: string; from: string; reason: string }) {
  const db = getDb();
  const call = await db.call.findUnique({ where: { callSid: options.callSid }, select: { id: true, fromNumber: true, citizenId: true } });
  const existing = call ? await db.callbackTask.findFirst({ where: { callId: call.id, status: "OPEN" }, select: { id: true } }) : null;
  if (existing) return existing;
  return db.callbackTask.create({
    data: { phone: call?.fromNumber ?? callerPhone(options.from) ?? options.from, citizenId: call?.citizenId, callId: call?.id, reason: options.reason },
    select: { id: true },
  });
}

const CALL_STATUS: Record<string, CallStatus> = {
  ringing: "RINGING",
  "in-progress": "IN_PROGRESS",
  queued: "QUEUED",
  completed: "COMPLETED",
  busy: "BUSY",
  "no-answer": "NO_ANSWER",
  failed: "FAILED",
  canceled: "CANCELED",
};

/** The provider's call status ("completed", "no-answer", …); a final one ends the call. Unknown ones are ignored. */
export async function recordCallStatus(options: { callSid: string; status: string | undefined; durationSecs?: number; now: Date }) {
  const status = options.status && Object.hasOwn(CALL_STATUS, options.status) ? CALL_STATUS[options.status] : undefined;
  if (!status) return;
  const final = ["COMPLETED", "BUSY", "NO_ANSWER", "FAILED", "CANCELED"].includes(status);
  await getDb().call.updateMany({
    where: { callSid: options.callSid },
    data: { status, ...(final ? { endedAt: options.now } : {}), ...(options.durationSecs !== undefined ? { durationSecs: options.durationSecs } : {}) },
  });
}

/** Current and next week's outages in words, to be read out (at most five). */
export async function describeOutagesForVoice(options: { now: Date; lang: Lang }): Promise<string[]> {
  const { now, lang } = options;
  const week = new Date(now.getTime() + 7 * 86_400_000);
  const rows = await getDb().outage.findMany({
    // In force now or starting within the week, and not announced past its planned end.
    where: outageInForceWhere(now, { startingBy: week, withinPlannedEnd: true }),
    orderBy: { startsAt: "asc" },
    take: 5,
    select: { kind: true, titleUk: true, causeUk: true, startsAt: true, plannedEndAt: true },
  });
  if (!rows.length) return [t(lang, "phone:voice.outagesNone")];
  return [
    t(lang, "phone:voice.outagesIntro"),
    ...rows.map((o) =>
      o.startsAt > now
        ? t(lang, "phone:voice.plannedItem", { start: formatKyivMoment(o.startsAt, lang), title: o.titleUk, cause: o.causeUk })
        : o.plannedEndAt
          ? t(lang, "phone:voice.outageItem", { title: o.titleUk, cause: o.causeUk, end: formatKyivMoment(o.plannedEndAt, lang) })
          : t(lang, "phone:voice.outageItemNoEnd", { title: o.titleUk, cause: o.causeUk }),
    ),
  ];
}

/**
 * The newest open requests of the number that calls (its own and those it follows), in
 * words, for the caller to hear before being asked to key in a number. Nothing for a
 * withheld or unknown number.
 */
export async function describeCallerOpenRequests(options: { from: string; lang: Lang; take?: number }) {
  const citizenId = await findPhoneCitizen({ phone: callerPhone(options.from) });
  if (!citizenId) return [];
  const rows = await getDb().request.findMany({
    where: { status: { notIn: [...SETTLED_STATUSES] }, OR: [{ citizenId }, { followers: { some: { citizenId } } }] },
    orderBy: [{ createdAt: "desc" }, { number: "desc" }],
    take: options.take ?? 3,
    select: { id: true, number: true, status: true, dueAt: true },
  });
  return Promise.all(
    rows.map(async (r) => {
      const dueAt = isSettled(r.status) ? null : await citizenDueAt({ requestId: r.id, dueAt: r.dueAt });
      return { number: r.number, status: t(options.lang, `notifications:status.${r.status}`), dueDate: dueAt ? formatKyivMoment(dueAt, options.lang) : null };
    }),
  );
}
