import { AppError } from "#app/utils/errors.ts";
import { VoiceParamsSchema, type VoiceParams } from "#integrations/twilio/schemas.ts";
import { VoiceResponse, type VoiceResponseT } from "#integrations/twilio/twiml.ts";
import { SAY_LANGUAGE, SPEECH_LANGUAGE } from "#integrations/twilio/voices.ts";
import { describeRequestStatus } from "#app/domain/requests/describe-request-status.server.ts";
import { callerPhone, isWithheldCaller } from "#app/domain/calls/caller-number.ts";
import { hotlineHoursText, isWithinHotlineHours } from "#app/domain/calls/hotline-hours.ts";
import { parseRequestNumber } from "#app/domain/requests/parse-request-number.ts";
import {
  appendCallStep,
  createCallbackTask,
  describeCallerOpenRequests,
  describeOutagesForVoice,
  markCallAnswered,
  markCallQueued,
  recordCallRecording,
  recordCallStatus,
  startCall,
  takeRecordingNow,
} from "#app/domain/calls/voice-call.server.ts";
import { getEmergencyNotice, type EmergencyNotice } from "#app/domain/categories/emergency-notice.server.ts";
import { suggestCategory } from "#app/domain/categories/suggest-category.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { t, type Lang } from "#app/utils/i18n.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";

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
const log = createLogger("twilio");
/** How many times the menu is offered to a caller who says or keys nothing we understand. */
export const MENU_OFFERS = 3;

/**
 * The attributes of every <Say>: Ukrainian, in the configured Twilio uk-UA voice
 * (VOICE_TTS_VOICE, one of integrations/twilio/voices.ts; without a voice Twilio would
 * read Ukrainian text with its default English one).
 */
export function sayUk() {
  return { language: SAY_LANGUAGE, voice: getEnv().VOICE_TTS_VOICE };
}

const url = (step: VoiceStep, query?: Record<string, string>) => `${VOICE_BASE}/${step}${query ? `?${new URLSearchParams(query)}` : ""}`;

/** One step's input: the checked webhook fields, the raw ones (kept in inbound events), the query, the clock. */
type StepInput = { p: VoiceParams; params: Record<string, string>; query?: Record<string, string>; now: Date };
/** TwiML to answer with, or null for a pure callback (answered 204). */
type StepHandler = (input: StepInput) => Promise<string | null>;

/**
 * The hotline, one handler per step: the incoming call (greeting with the recording notice
 * and the emergency numbers, then the menu by keypad or speech), the menu choice (1 record
 * a request, 2 status: the caller's own open requests, then by number, 3 outages, 0
 * operator queue or a callback offer), and Twilio's callbacks (recording, queue, call
 * status). Every step appends to the Call's menu path; recordings become inbound events
 * for the intake worker (the core's voice-call use cases). This file only decides what the
 * caller hears.
 *
 * A caller who keys or says nothing we understand is offered the menu MENU_OFFERS times,
 * counted in the `tries` query of the menu's URLs (Twilio follows them as given), then
 * hears goodbye: the call does not loop forever on a silent line.
 */
const VOICE_STEP_HANDLERS: Record<VoiceStep, StepHandler> = {
  async incoming({ p, params, now }) {
    await startCall({ callSid: p.CallSid, from: p.From, to: p.To, params, now });
    const r = new VoiceResponse();
    r.say(sayUk(), t(LANG, "phone:voice.greeting"));
    // Before the menu and outside its Gather, so a key press cannot cut it short.
    r.say(sayUk(), t(LANG, "common:emergency.short"));
    menu(r, 1);
    return r.toString();
  },

  async main({ p, query }) {
    const r = new VoiceResponse();
    const offered = triesOf(query);
    if (offered >= MENU_OFFERS) {
      await appendCallStep({ callSid: p.CallSid, entry: "no-input" });
      noInputGoodbye(r);
    } else menu(r, offered + 1);
    return r.toString();
  },

  async menu({ p, query, now }) {
    const r = new VoiceResponse();
    // A caller who starts with the danger itself («пахне газом у під'їзді») hears the
    // emergency numbers and the city's advice for it first, then may leave the request.
    const emergency = p.Digits ? null : await emergencyNoticeInTime(p.SpeechResult);
    if (emergency) {
      r.say(sayUk(), emergency.short);
      for (const advice of emergency.advice) r.say(sayUk(), advice);
      r.say(sayUk(), t(LANG, "common:emergency.after"));
    }
    const choice = p.Digits?.slice(0, 1) || choiceFromSpeech(p.SpeechResult) || (emergency ? "1" : null);
    await appendCallStep({ callSid: p.CallSid, entry: emergency ? `emergency:${emergency.categoryCode}` : (choice ?? "?") });
    if (emergency && choice) await appendCallStep({ callSid: p.CallSid, entry: choice });
    const withheld = isWithheldCaller(p.From);
    if (choice === "1") {
      r.say(sayUk(), t(LANG, "phone:voice.recordPrompt"));
      // No transcribe="true": Twilio transcribes English only. Speech-to-text of the
      // downloaded recording is ours (integrations/speech, transcribe-audio.server.ts).
      r.record({
        action: url("recorded"),
        method: "POST",
        maxLength: 120,
        playBeep: true,
        finishOnKey: "#",
        recordingStatusCallback: url("recording-status"),
        recordingStatusCallbackEvent: ["completed"],
      });
      r.say(sayUk(), t(LANG, "phone:voice.noRecording"));
      r.redirect({ method: "POST" }, url("main"));
    } else if (choice === "2" && withheld) {
      // A request's status is told only to the number that made or follows it (describeRequestStatus).
      r.say(sayUk(), t(LANG, "phone:voice.statusWithheld"));
      r.redirect({ method: "POST" }, url("main"));
    } else if (choice === "2") {
      const own = await describeCallerOpenRequests({ from: p.From, lang: LANG });
      if (own.length) {
        r.say(sayUk(), t(LANG, "phone:voice.yourRequests"));
        for (const found of own) r.say(sayUk(), statusLine(found));
      }
      const g = r.gather({ input: ["dtmf"], finishOnKey: "#", timeout: 10, action: url("status"), method: "POST" });
      g.say(sayUk(), t(LANG, own.length ? "phone:voice.statusPromptOther" : "phone:voice.statusPrompt"));
      r.redirect({ method: "POST" }, url("main"));
    } else if (choice === "3") {
      for (const line of await describeOutagesForVoice({ now, lang: LANG })) r.say(sayUk(), line);
      r.redirect({ method: "POST" }, url("main"));
    } else if (choice === "0") {
      if (isWithinHotlineHours({ hours: getEnv().HOTLINE_HOURS, at: now })) {
        await markCallQueued({ callSid: p.CallSid, now });
        r.say(sayUk(), t(LANG, "phone:voice.queueEnter"));
        r.enqueue({ waitUrl: url("queue-wait"), waitUrlMethod: "POST", action: url("queue-done"), method: "POST" }, QUEUE_NAME);
      } else {
        await appendCallStep({ callSid: p.CallSid, entry: "after-hours" });
        const hours = hotlineHoursText(getEnv().HOTLINE_HOURS);
        // Nobody answers now: whoever is in danger must not wait for a call back.
        r.say(sayUk(), t(LANG, "common:emergency.short"));
        if (withheld) {
          r.say(sayUk(), t(LANG, "phone:voice.afterHoursWithheld", hours));
          r.say(sayUk(), t(LANG, "phone:voice.goodbye"));
          r.hangup();
        } else offerCallback(r, "after-hours", t(LANG, "phone:voice.afterHours", hours));
      }
    } else {
      r.say(sayUk(), t(LANG, "phone:voice.notUnderstood"));
      const offered = triesOf(query);
      if (offered >= MENU_OFFERS) {
        await appendCallStep({ callSid: p.CallSid, entry: "no-input" });
        noInputGoodbye(r);
      } else r.redirect({ method: "POST" }, url("main", { tries: String(offered) }));
    }
    return r.toString();
  },

  async status({ p, now }) {
    const r = new VoiceResponse();
    // Only the caller's own (or followed) requests; anyone else's reads as "not found".
    let found: Awaited<ReturnType<typeof describeRequestStatus>> = null;
    for (const number of keyedRequestNumbers(p.Digits, now)) {
      found = await describeRequestStatus({ number, lang: LANG, askerPhone: callerPhone(p.From) });
      if (found) break;
    }
    await appendCallStep({ callSid: p.CallSid, entry: found ? "status-read" : "status-not-found" });
    r.say(sayUk(), found ? statusLine(found) : t(LANG, "phone:voice.statusNotFound"));
    r.redirect({ method: "POST" }, url("main"));
    return r.toString();
  },

  async recorded({ p }) {
    const r = new VoiceResponse();
    if (p.RecordingSid) {
      if (isWithheldCaller(p.From)) {
        // No SMS can carry the number to a withheld caller: the request is made now and its
        // number read out twice (docs/channels.md, "Voice").
        const taken = await takeRecordingNow(p);
        await appendCallStep({ callSid: p.CallSid, entry: "recorded" });
        if (taken) {
          const number = spokenNumber(taken.number);
          r.say(sayUk(), t(LANG, "phone:voice.recordedWithheld", { number }));
          r.say(sayUk(), t(LANG, "phone:voice.noSmsWithheld"));
        } else r.say(sayUk(), t(LANG, "phone:voice.noRecording"));
      } else {
        await recordCallRecording(p);
        await appendCallStep({ callSid: p.CallSid, entry: "recorded" });
        r.say(sayUk(), t(LANG, "phone:voice.recorded"));
      }
    } else r.say(sayUk(), t(LANG, "phone:voice.noRecording"));
    r.say(sayUk(), t(LANG, "phone:voice.goodbye"));
    r.hangup();
    return r.toString();
  },

  async "recording-status"({ p }) {
    if (p.RecordingSid && (p.RecordingStatus ?? "completed") === "completed") await recordCallRecording(p);
    return null;
  },

  // Twilio's transcription callback: no longer asked for (English only); one from a call
  // begun before that change is acknowledged and ignored.
  async transcription() {
    return null;
  },

  async "queue-wait"({ p }) {
    const r = new VoiceResponse();
    if ((p.QueueTime ?? 0) >= getEnv().VOICE_QUEUE_MAX_WAIT_SECONDS) {
      r.leave();
      return r.toString();
    }
    if (p.QueuePosition) r.say(sayUk(), t(LANG, "phone:voice.queuePosition", { position: p.QueuePosition }));
    r.pause({ length: 15 });
    return r.toString();
  },

  async "queue-done"({ p, now }) {
    const r = new VoiceResponse();
    const result = p.QueueResult ?? "hangup";
    await appendCallStep({ callSid: p.CallSid, entry: `queue-${result}` });
    if (result === "bridged") await markCallAnswered({ callSid: p.CallSid, now });
    else if (result === "leave" || result === "redirected") {
      if (isWithheldCaller(p.From)) {
        r.say(sayUk(), t(LANG, "phone:voice.busyWithheld"));
        r.say(sayUk(), t(LANG, "phone:voice.goodbye"));
        r.hangup();
      } else offerCallback(r, "long-wait", t(LANG, "phone:voice.callbackOffer"));
    }
    return r.toString();
  },

  async callback({ p, query }) {
    const r = new VoiceResponse();
    const reason = query?.reason === "after-hours" ? "after-hours" : "long-wait";
    if (p.Digits?.startsWith("1") && !isWithheldCaller(p.From)) {
      await createCallbackTask({ callSid: p.CallSid, from: p.From, reason });
      await appendCallStep({ callSid: p.CallSid, entry: "callback" });
      r.say(sayUk(), t(LANG, "phone:voice.callbackCreated"));
    }
    r.say(sayUk(), t(LANG, "phone:voice.goodbye"));
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

/** The menu, offer number `offer`: its answer and its silence both carry the count on. */
function menu(r: VoiceResponseT, offer: number) {
  const tries = { tries: String(offer) };
  const g = r.gather({
    input: ["dtmf", "speech"],
    numDigits: 1,
    timeout: 6,
    language: SPEECH_LANGUAGE,
    hints: "заявка, статус, відключення, оператор",
    action: url("menu", tries),
    method: "POST",
  });
  g.say(sayUk(), t(LANG, "phone:voice.menu"));
  // Reached only when the caller said and keyed nothing.
  r.redirect({ method: "POST" }, url("main", tries));
}

/** How many times the menu was offered, from the `tries` query (0 when absent or not a number). */
function triesOf(query: Record<string, string> | undefined): number {
  const n = Number(query?.tries ?? 0);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MENU_OFFERS) : 0;
}

/** The end of a call nobody speaks on: the emergency numbers once more (the caller may be unable to talk), goodbye. */
function noInputGoodbye(r: VoiceResponseT) {
  r.say(sayUk(), t(LANG, "phone:voice.noInput"));
  r.say(sayUk(), t(LANG, "common:emergency.short"));
  r.say(sayUk(), t(LANG, "phone:voice.goodbye"));
  r.hangup();
}

function offerCallback(r: VoiceResponseT, reason: string, text: string) {
  const g = r.gather({ input: ["dtmf"], numDigits: 1, timeout: 8, action: url("callback", { reason }), method: "POST" });
  g.say(sayUk(), text);
  r.say(sayUk(), t(LANG, "phone:voice.goodbye"));
  r.hangup();
}

function statusLine(found: { number: string; status: string; dueDate: string | null }) {
  const number = spokenNumber(found.number);
  return found.dueDate
    ? t(LANG, "phone:voice.statusAnswer", { number, status: found.status, dueDate: found.dueDate })
    : t(LANG, "phone:voice.statusAnswerNoDue", { number, status: found.status });
}

/**
 * The words a caller may say at the menu (Ukrainian, Russian, or the digit aloud), matched
 * as whole words by their start, never inside another word ("стан" is not "встановити" or
 * "станція"). When a phrase names more than one thing, the more specific wins: the
 * operator, then status ("статус заявки" is about a request's status, not a new request),
 * then a verb asking to leave a request ("залишити заявку про відключення"), then outages,
 * then a bare "заявка"/"заява".
 */
const INTENTS: { choice: string; words: RegExp }[] = [
  { choice: "0", words: /^(нуль|ноль|0|оператор\p{L}*|людин\p{L}*|человек\p{L}*|консультант\p{L}*)$/u },
  { choice: "2", words: /^(два|дві|2|статус\p{L}*|стан|стану|стані|станом|перевір\p{L}*|проверит\p{L}*)$/u },
  { choice: "1", words: /^(один|одна|1|залиш\p{L}*|оставит\p{L}*|подат\p{L}*|записат\p{L}*)$/u },
  { choice: "3", words: /^(три|3|відключ\p{L}*|отключ\p{L}*|вимкн\p{L}*|планов\p{L}*|робіт|работ\p{L}*)$/u },
  { choice: "1", words: /^(заяв\p{L}*|скарг\p{L}*|звернен\p{L}*|жалоб\p{L}*)$/u },
];

/** The emergency check of the menu's speech may hold the answer this long (Twilio waits 15 s for it). */
const EMERGENCY_CHECK_WITHIN_MS = 2_000;

/**
 * The emergency notice of what the caller said at the menu, when it reads as an emergency
 * category (the same suggester as SMS and the web form); nothing when it does not, or when
 * the check fails or is slow (the greeting has named the numbers already).
 */
async function emergencyNoticeInTime(speech: string | undefined): Promise<EmergencyNotice | null> {
  const text = speech?.trim() ?? "";
  if (text.length < 3) return null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), EMERGENCY_CHECK_WITHIN_MS);
  });
  const check = (async () => {
    const guess = await suggestCategory({ text });
    return guess ? getEmergencyNotice({ code: guess.categoryCode, lang: LANG }) : null;
  })().catch((e: unknown) => {
    log.warn("emergency check of a caller's speech failed", { error: (e as Error)?.name });
    return null;
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

/** Speech in Ukrainian or Russian (or the digit said aloud) → a menu key, or null. */
export function choiceFromSpeech(speech: string | undefined): string | null {
  if (!speech) return null;
  const words = speech
    .toLowerCase()
    .replace(/[’ʼ`]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean);
  for (const intent of INTENTS) if (words.some((w) => intent.words.test(w))) return intent.choice;
  return null;
}

/**
 * The requests a caller may mean by the digits keyed: as read out to them (the year, then
 * the number without its zeros: "2026 1 2 3" keyed as 2026123) first, then as written
 * (2026000123, or 123 for this year). Only the caller's own requests are ever told, so
 * trying both reveals nothing.
 */
function keyedRequestNumbers(digits: string | undefined, now: Date): string[] {
  const keyed = digits?.replace(/\D/g, "") ?? "";
  if (!keyed) return [];
  const asHeard = keyed.match(/^(20\d{2})(\d{1,5})$/);
  const numbers = [asHeard ? `SLV-${asHeard[1]}-${asHeard[2]!.padStart(6, "0")}` : null, parseRequestNumber({ text: keyed, now })];
  return [...new Set(numbers.filter((n): n is string => Boolean(n) && !/-0{6}$/.test(n!)))];
}

// "SLV-2026-000123" read digit by digit after the year sounds right to a caller.
function spokenNumber(number: string) {
  const m = number.match(/^SLV-(\d{4})-0*(\d+)$/);
  return m ? `${m[1]} ${m[2]!.split("").join(" ")}` : number;
}
