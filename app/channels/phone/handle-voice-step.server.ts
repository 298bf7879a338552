import { AppError } from "#app/utils/errors.ts";
import { VoiceParamsSchema, type VoiceParams } from "#integrations/twilio/schemas.ts";
import { VoiceResponse, type VoiceResponseT } from "#integrations/twilio/twiml.ts";
import { phoneMediaUrl } from "#app/domain/attachments/fetch-phone-media.server.ts";
import { recordInboundEvent } from "#app/domain/intake/record-inbound-event.server.ts";
import { formatKyiv } from "#app/domain/notifications/render-notification.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { t, type Lang } from "#app/utils/i18n.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { describeRequestStatus } from "#app/domain/phone/describe-request-status.server.ts";
import { findPhoneCitizen } from "#app/domain/phone/ensure-phone-citizen.server.ts";
import { hotlineHoursText, isWithinHotlineHours } from "#app/domain/phone/hotline-hours.ts";
import { parseRequestNumber } from "#app/domain/phone/parse-request-number.ts";

export const VOICE_STEPS = ["incoming", "main", "menu", "status", "recorded", "recording-status", "transcription", "queue-wait", "queue-done", "callback", "call-status"] as const;
export type VoiceStep = (typeof VOICE_STEPS)[number];
export const VOICE_BASE = "/webhooks/twilio/voice";
const QUEUE_NAME = "hotline";
const LANG: Lang = "uk";
const SAY = { language: "uk-UA" as const };

const url = (step: VoiceStep, query?: Record<string, string>) => `${VOICE_BASE}/${step}${query ? `?${new URLSearchParams(query)}` : ""}`;

/**
 * One step of the hotline: the incoming call (greeting with the recording notice, menu by
 * keypad or speech), the menu choice (1 record a request, 2 status by number, 3 outages,
 * 0 operator queue or a callback offer), and Twilio's callbacks (recording, transcription,
 * queue, call status). Returns TwiML, or null for callbacks that answer 204. Every step
 * appends to the Call's menu path; recordings and transcriptions are recorded as inbound
 * events (once per RecordingSid) for the intake worker to turn into a request.
 */
export async function handleVoiceStep(options: { step: VoiceStep; params: Record<string, string>; query?: Record<string, string>; now?: Date }): Promise<{ twiml: string | null }> {
  // The webhook routes check these first and answer TwiML; other callers (the simulator)
  // get a validation error naming the field instead of a crash.
  const parsed = VoiceParamsSchema.safeParse(options.params);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
    throw new AppError("VALIDATION", `Not a valid voice webhook: ${fields}`, { field: fields.split(", ")[0] });
  }
  const p = parsed.data;
  const now = options.now ?? new Date();
  const db = getDb();
  const r = new VoiceResponse();
  switch (options.step) {
    case "incoming": {
      await recordInboundEvent({ channel: "VOICE", externalId: p.CallSid, payload: { kind: "call", params: options.params } });
      const phone = normalizePhone(p.From);
      const citizenId = await findPhoneCitizen({ phone });
      await db.call.upsert({
        where: { callSid: p.CallSid },
        create: { callSid: p.CallSid, fromNumber: phone ?? p.From, toNumber: p.To, citizenId, status: "IN_PROGRESS", menuPath: ["greeting"], startedAt: now },
        update: {},
      });
      r.say(SAY, t(LANG, "phone:voice.greeting"));
      menu(r);
      return { twiml: r.toString() };
    }
    case "main":
      menu(r);
      return { twiml: r.toString() };
    case "menu": {
      const choice = p.Digits?.slice(0, 1) || choiceFromSpeech(p.SpeechResult);
      await step(p.CallSid, choice ?? "?");
      if (choice === "1") {
        r.say(SAY, t(LANG, "phone:voice.recordPrompt"));
        r.record({
          action: url("recorded"),
          method: "POST",
          maxLength: 120,
          playBeep: true,
          finishOnKey: "#",
          transcribe: true,
          transcribeCallback: url("transcription"),
          recordingStatusCallback: url("recording-status"),
          recordingStatusCallbackEvent: ["completed"],
        });
        r.say(SAY, t(LANG, "phone:voice.noRecording"));
        r.redirect({ method: "POST" }, url("main"));
      } else if (choice === "2") {
        const g = r.gather({ input: ["dtmf"], finishOnKey: "#", timeout: 10, action: url("status"), method: "POST" });
        g.say(SAY, t(LANG, "phone:voice.statusPrompt"));
        r.redirect({ method: "POST" }, url("main"));
      } else if (choice === "3") {
        for (const line of await outageLines(now)) r.say(SAY, line);
        r.redirect({ method: "POST" }, url("main"));
      } else if (choice === "0") {
        if (isWithinHotlineHours({ hours: getEnv().HOTLINE_HOURS, at: now })) {
          await db.call.updateMany({ where: { callSid: p.CallSid }, data: { status: "QUEUED", queuedAt: now } });
          r.say(SAY, t(LANG, "phone:voice.queueEnter"));
          r.enqueue({ waitUrl: url("queue-wait"), waitUrlMethod: "POST", action: url("queue-done"), method: "POST" }, QUEUE_NAME);
        } else {
          await step(p.CallSid, "after-hours");
          offerCallback(r, "after-hours", t(LANG, "phone:voice.afterHours", hotlineHoursText(getEnv().HOTLINE_HOURS)));
        }
      } else {
        r.say(SAY, t(LANG, "phone:voice.notUnderstood"));
        r.redirect({ method: "POST" }, url("main"));
      }
      return { twiml: r.toString() };
    }
    case "status": {
      const number = p.Digits ? parseRequestNumber({ text: p.Digits, now }) : null;
      // Only the caller's own (or followed) requests; anyone else's reads as "not found".
      const found = number ? await describeRequestStatus({ number, lang: LANG, askerPhone: normalizePhone(p.From) }) : null;
      await step(p.CallSid, found ? "status-read" : "status-not-found");
      r.say(
        SAY,
        !found
          ? t(LANG, "phone:voice.statusNotFound")
          : found.dueDate
            ? t(LANG, "phone:voice.statusAnswer", { number: spokenNumber(found.number), status: found.status, dueDate: found.dueDate })
            : t(LANG, "phone:voice.statusAnswerNoDue", { number: spokenNumber(found.number), status: found.status }),
      );
      r.redirect({ method: "POST" }, url("main"));
      return { twiml: r.toString() };
    }
    case "recorded": {
      if (p.RecordingSid) {
        await recordRecording(p);
        await step(p.CallSid, "recorded");
        r.say(SAY, t(LANG, "phone:voice.recorded"));
      } else r.say(SAY, t(LANG, "phone:voice.noRecording"));
      r.say(SAY, t(LANG, "phone:voice.goodbye"));
      r.hangup();
      return { twiml: r.toString() };
    }
    case "recording-status":
      if (p.RecordingSid && (p.RecordingStatus ?? "completed") === "completed") await recordRecording(p);
      return { twiml: null };
    case "transcription": {
      const key = p.TranscriptionSid ?? (p.RecordingSid ? `TR-${p.RecordingSid}` : null);
      if (key) await recordInboundEvent({ channel: "VOICE", externalId: key, payload: { kind: "transcription", params: options.params } });
      return { twiml: null };
    }
    case "queue-wait": {
      if ((p.QueueTime ?? 0) >= getEnv().VOICE_QUEUE_MAX_WAIT_SECONDS) {
        r.leave();
        return { twiml: r.toString() };
      }
      if (p.QueuePosition) r.say(SAY, t(LANG, "phone:voice.queuePosition", { position: p.QueuePosition }));
      r.pause({ length: 15 });
      return { twiml: r.toString() };
    }
    case "queue-done": {
      const result = p.QueueResult ?? "hangup";
      await step(p.CallSid, `queue-${result}`);
      if (result === "bridged") {
        await db.call.updateMany({ where: { callSid: p.CallSid }, data: { status: "IN_PROGRESS", answeredAt: now } });
        return { twiml: r.toString() };
      }
      if (result === "leave" || result === "redirected") {
        offerCallback(r, "long-wait", t(LANG, "phone:voice.callbackOffer"));
        return { twiml: r.toString() };
      }
      return { twiml: r.toString() };
    }
    case "callback": {
      const reason = options.query?.reason === "after-hours" ? "after-hours" : "long-wait";
      if (p.Digits?.startsWith("1")) {
        await createCallbackTask({ callSid: p.CallSid, from: p.From, reason });
        await step(p.CallSid, "callback");
        r.say(SAY, t(LANG, "phone:voice.callbackCreated"));
      }
      r.say(SAY, t(LANG, "phone:voice.goodbye"));
      r.hangup();
      return { twiml: r.toString() };
    }
    case "call-status": {
      const status = callStatusOf(p.CallStatus);
      if (status) {
        const final = ["COMPLETED", "BUSY", "NO_ANSWER", "FAILED", "CANCELED"].includes(status);
        await db.call.updateMany({
          where: { callSid: p.CallSid },
          data: { status, ...(final ? { endedAt: now } : {}), ...(p.CallDuration !== undefined ? { durationSecs: p.CallDuration } : {}) },
        });
      }
      return { twiml: null };
    }
  }
}

function menu(r: VoiceResponseT) {
  const g = r.gather({
    input: ["dtmf", "speech"],
    numDigits: 1,
    timeout: 6,
    language: "uk-UA",
    hints: "заявка, статус, відключення, оператор",
    action: url("menu"),
    method: "POST",
  });
  g.say(SAY, t(LANG, "phone:voice.menu"));
  r.redirect({ method: "POST" }, url("main"));
}

function offerCallback(r: VoiceResponseT, reason: string, text: string) {
  const g = r.gather({ input: ["dtmf"], numDigits: 1, timeout: 8, action: url("callback", { reason }), method: "POST" });
  g.say(SAY, text);
  r.say(SAY, t(LANG, "phone:voice.goodbye"));
  r.hangup();
}

/** Speech in Ukrainian or Russian (or the digit said aloud) → a menu key. */
export function choiceFromSpeech(speech: string | undefined): string | null {
  if (!speech) return null;
  const s = speech.toLowerCase();
  if (/(^|\s)(один|одна|1)(\s|$)|заяв|залиш|оставить/.test(s)) return "1";
  if (/(^|\s)(два|дві|2)(\s|$)|статус|стан/.test(s)) return "2";
  if (/(^|\s)(три|3)(\s|$)|відключ|отключ|робот|работ/.test(s)) return "3";
  if (/(^|\s)(нуль|ноль|0)(\s|$)|оператор|людин|человек/.test(s)) return "0";
  return null;
}

async function step(callSid: string, entry: string) {
  await getDb().call.updateMany({ where: { callSid }, data: { menuPath: { push: entry } } });
}

async function recordRecording(p: VoiceParams) {
  await getDb().call.updateMany({
    where: { callSid: p.CallSid, recordingSid: null },
    // Only a URL we would fetch is kept; anything else in RecordingUrl is dropped.
    data: { recordingSid: p.RecordingSid, recordingUrl: phoneMediaUrl(p.RecordingUrl), recordingSecs: p.RecordingDuration },
  });
  await recordInboundEvent({ channel: "VOICE", externalId: p.RecordingSid!, payload: { kind: "recording", params: p } });
}

async function createCallbackTask(options: { callSid: string; from: string; reason: string }) {
  const db = getDb();
  const call = await db.call.findUnique({ where: { callSid: options.callSid }, select: { id: true, fromNumber: true, citizenId: true } });
  const existing = call ? await db.callbackTask.findFirst({ where: { callId: call.id, status: "OPEN" }, select: { id: true } }) : null;
  if (existing) return existing;
  return db.callbackTask.create({
    data: { phone: call?.fromNumber ?? normalizePhone(options.from) ?? options.from, citizenId: call?.citizenId, callId: call?.id, reason: options.reason },
    select: { id: true },
  });
}

async function outageLines(now: Date): Promise<string[]> {
  const db = getDb();
  const week = new Date(now.getTime() + 7 * 86_400_000);
  const rows = await db.outage.findMany({
    where: { endedAt: null, startsAt: { lte: week }, OR: [{ plannedEndAt: null }, { plannedEndAt: { gte: now } }] },
    orderBy: { startsAt: "asc" },
    take: 5,
    select: { kind: true, titleUk: true, causeUk: true, startsAt: true, plannedEndAt: true },
  });
  if (!rows.length) return [t(LANG, "phone:voice.outagesNone")];
  return [
    t(LANG, "phone:voice.outagesIntro"),
    ...rows.map((o) =>
      o.startsAt > now
        ? t(LANG, "phone:voice.plannedItem", { start: formatKyiv(o.startsAt, LANG), title: o.titleUk, cause: o.causeUk })
        : o.plannedEndAt
          ? t(LANG, "phone:voice.outageItem", { title: o.titleUk, cause: o.causeUk, end: formatKyiv(o.plannedEndAt, LANG) })
          : t(LANG, "phone:voice.outageItemNoEnd", { title: o.titleUk, cause: o.causeUk }),
    ),
  ];
}

// "SLV-2026-000123" read digit by digit after the year sounds right to a caller.
function spokenNumber(number: string) {
  const m = number.match(/^SLV-(\d{4})-0*(\d+)$/);
  return m ? `${m[1]} ${m[2]!.split("").join(" ")}` : number;
}

function callStatusOf(s: string | undefined) {
  switch (s) {
    case "ringing": return "RINGING" as const;
    case "in-progress": return "IN_PROGRESS" as const;
    case "queued": return "QUEUED" as const;
    case "completed": return "COMPLETED" as const;
    case "busy": return "BUSY" as const;
    case "no-answer": return "NO_ANSWER" as const;
    case "failed": return "FAILED" as const;
    case "canceled": return "CANCELED" as const;
    default: return null;
  }
}
