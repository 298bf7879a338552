import { AppError } from "#app/utils/errors.ts";
import { VoiceParamsSchema, type VoiceParams } from "#integrations/twilio/schemas.ts";
import { VoiceResponse, type VoiceResponseT } from "#integrations/twilio/twiml.ts";
import { describeRequestStatus } from "#app/domain/requests/describe-request-status.server.ts";
import { hotlineHoursText, isWithinHotlineHours } from "#app/domain/calls/hotline-hours.ts";
import { parseRequestNumber } from "#app/domain/requests/parse-request-number.ts";
import {
  appendCallStep,
  createCallbackTask,
  describeOutagesForVoice,
  markCallAnswered,
  markCallQueued,
  recordCallRecording,
  recordCallStatus,
  recordCallTranscription,
  startCall,
} from "#app/domain/calls/voice-call.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";

export const VOICE_STEPS = [
  "incoming",
  "main",
  "menu",
  "status",
  "recorded",
  "recording-status",
  "transcription",
  "queue-wait",
  "queue-done",
  "callback",
  "call-status",
] as const;
export type VoiceStep = (typeof VOICE_STEPS)[number];
export const VOICE_BASE = "/webhooks/twilio/voice";
const QUEUE_NAME = "hotline";
const LANG: Lang = "uk";
const SAY = { language: "uk-UA" as const };

const url = (step: VoiceStep, query?: Record<string, string>) => `${VOICE_BASE}/${step}${query ? `?${new URLSearchParams(query)}` : ""}`;

/** One step's input: the checked webhook fields, the raw ones (kept in inbound events), the query, the clock. */
type StepInput = { p: VoiceParams; params: Record<string, string>; query?: Record<string, string>; now: Date };
/** TwiML to answer with, or null for a pure callback (answered 204). */
type StepHandler = (input: StepInput) => Promise<string | null>;

/**
 * The hotline, one handler per step: the incoming call (greeting with the recording notice,
 * menu by keypad or speech), the menu choice (1 record a request, 2 status by number, 3
 * outages, 0 operator queue or a callback offer), and Twilio's callbacks (recording,
 * transcription, queue, call status). Every step appends to the Call's menu path;
 * recordings and transcriptions become inbound events for the intake worker (the core's
 * voice-call use cases). This file only decides what the caller hears.
 */
const VOICE_STEP_HANDLERS: Record<VoiceStep, StepHandler> = {
  async incoming({ p, params, now }) {
    await startCall({ callSid: p.CallSid, from: p.From, to: p.To, params, now });
    const r = new VoiceResponse();
    r.say(SAY, t(LANG, "phone:voice.greeting"));
    menu(r);
    return r.toString();
  },

  async main() {
    const r = new VoiceResponse();
    menu(r);
    return r.toString();
  },

  async menu({ p, now }) {
    const r = new VoiceResponse();
    const choice = p.Digits?.slice(0, 1) || choiceFromSpeech(p.SpeechResult);
    await appendCallStep({ callSid: p.CallSid, entry: choice ?? "?" });
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
      for (const line of await describeOutagesForVoice({ now, lang: LANG })) r.say(SAY, line);
      r.redirect({ method: "POST" }, url("main"));
    } else if (choice === "0") {
      if (isWithinHotlineHours({ hours: getEnv().HOTLINE_HOURS, at: now })) {
        await markCallQueued({ callSid: p.CallSid, now });
        r.say(SAY, t(LANG, "phone:voice.queueEnter"));
        r.enqueue({ waitUrl: url("queue-wait"), waitUrlMethod: "POST", action: url("queue-done"), method: "POST" }, QUEUE_NAME);
      } else {
        await appendCallStep({ callSid: p.CallSid, entry: "after-hours" });
        offerCallback(r, "after-hours", t(LANG, "phone:voice.afterHours", hotlineHoursText(getEnv().HOTLINE_HOURS)));
      }
    } else {
      r.say(SAY, t(LANG, "phone:voice.notUnderstood"));
      r.redirect({ method: "POST" }, url("main"));
    }
    return r.toString();
  },

  async status({ p, now }) {
    const r = new VoiceResponse();
    const number = p.Digits ? parseRequestNumber({ text: p.Digits, now }) : null;
    // Only the caller's own (or followed) requests; anyone else's reads as "not found".
    const found = number ? await describeRequestStatus({ number, lang: LANG, askerPhone: normalizePhone(p.From) }) : null;
    await appendCallStep({ callSid: p.CallSid, entry: found ? "status-read" : "status-not-found" });
    r.say(
      SAY,
      !found
        ? t(LANG, "phone:voice.statusNotFound")
        : found.dueDate
          ? t(LANG, "phone:voice.statusAnswer", { number: spokenNumber(found.number), status: found.status, dueDate: found.dueDate })
          : t(LANG, "phone:voice.statusAnswerNoDue", { number: spokenNumber(found.number), status: found.status }),
    );
    r.redirect({ method: "POST" }, url("main"));
    return r.toString();
  },

  async recorded({ p }) {
    const r = new VoiceResponse();
    if (p.RecordingSid) {
      await recordCallRecording(p);
      await appendCallStep({ callSid: p.CallSid, entry: "recorded" });
      r.say(SAY, t(LANG, "phone:voice.recorded"));
    } else r.say(SAY, t(LANG, "phone:voice.noRecording"));
    r.say(SAY, t(LANG, "phone:voice.goodbye"));
    r.hangup();
    return r.toString();
  },

  async "recording-status"({ p }) {
    if (p.RecordingSid && (p.RecordingStatus ?? "completed") === "completed") await recordCallRecording(p);
    return null;
  },

  async transcription({ p, params }) {
    await recordCallTranscription({ transcriptionSid: p.TranscriptionSid, recordingSid: p.RecordingSid, params });
    return null;
  },

  async "queue-wait"({ p }) {
    const r = new VoiceResponse();
    if ((p.QueueTime ?? 0) >= getEnv().VOICE_QUEUE_MAX_WAIT_SECONDS) {
      r.leave();
      return r.toString();
    }
    if (p.QueuePosition) r.say(SAY, t(LANG, "phone:voice.queuePosition", { position: p.QueuePosition }));
    r.pause({ length: 15 });
    return r.toString();
  },

  async "queue-done"({ p, now }) {
    const r = new VoiceResponse();
    const result = p.QueueResult ?? "hangup";
    await appendCallStep({ callSid: p.CallSid, entry: `queue-${result}` });
    if (result === "bridged") await markCallAnswered({ callSid: p.CallSid, now });
    else if (result === "leave" || result === "redirected") offerCallback(r, "long-wait", t(LANG, "phone:voice.callbackOffer"));
    return r.toString();
  },

  async callback({ p, query }) {
    const r = new VoiceResponse();
    const reason = query?.reason === "after-hours" ? "after-hours" : "long-wait";
    if (p.Digits?.startsWith("1")) {
      await createCallbackTask({ callSid: p.CallSid, from: p.From, reason });
      await appendCallStep({ callSid: p.CallSid, entry: "callback" });
      r.say(SAY, t(LANG, "phone:voice.callbackCreated"));
    }
    r.say(SAY, t(LANG, "phone:voice.goodbye"));
    r.hangup();
    return r.toString();
  },

  async "call-status"({ p, now }) {
    await recordCallStatus({ callSid: p.CallSid, status: p.CallStatus, durationSecs: p.CallDuration, now });
    return null;
  },
};

/** One step of the hotline: TwiML, or null for callbacks that answer 204. */
export async function handleVoiceStep(options: {
  step: VoiceStep;
  params: Record<string, string>;
  query?: Record<string, string>;
  now?: Date;
}): Promise<{ twiml: string | null }> {
  // The webhook routes check these first and answer TwiML; other callers (the simulator)
  // get a validation error naming the field instead of a crash.
  const parsed = VoiceParamsSchema.safeParse(options.params);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
    throw new AppError("VALIDATION", "errors:phone.invalidWebhook", { field: fields.split(", ")[0], params: { fields } });
  }
  const twiml = await VOICE_STEP_HANDLERS[options.step]({ p: parsed.data, params: options.params, query: options.query, now: options.now ?? new Date() });
  return { twiml };
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

// "SLV-2026-000123" read digit by digit after the year sounds right to a caller.
function spokenNumber(number: string) {
  const m = number.match(/^SLV-(\d{4})-0*(\d+)$/);
  return m ? `${m[1]} ${m[2]!.split("").join(" ")}` : number;
}
