// The answer to a signed Twilio webhook, also when the database is away. Twilio does not
// retry an SMS webhook that failed, and a failed voice webhook plays its own English
// "application error" and drops the caller. So when recording a delivery fails (or takes
// longer than Twilio waits), the delivery goes to the intake spool on local disk and the
// citizen still gets a proper answer: an SMS apology that promises the message is kept, or
// a spoken apology with the emergency numbers and, when the caller's number is known, a
// promise to call back. The spool is replayed into the ordinary intake once the database
// answers again (replay-spool.server.ts).
import { InboundSmsSchema, VoiceParamsSchema } from "#integrations/twilio/schemas.ts";
import { messagingTwiml, TWIML_HEADERS, VoiceResponse } from "#integrations/twilio/twiml.ts";
import { smsReplyLanguage } from "#app/domain/intake/parse-sms-keyword.ts";
import { receiveSms } from "#app/domain/intake/receive-sms.server.ts";
import { spoolDelivery } from "#app/domain/intake/spool.server.ts";
import { isDatabaseUnavailableError } from "#app/utils/db-errors.ts";
import { reportDatabaseError } from "#app/utils/db.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { createLogger, createRepeatGate, describeError } from "#app/utils/logger.server.ts";
import { isWithheldCaller } from "#app/domain/calls/caller-number.ts";
import { handleVoiceStep, sayUk, type VoiceStep } from "./handle-voice-step.server.ts";

const log = createLogger("twilio");
const gate = createRepeatGate(5_000);

/**
 * Twilio waits 15 s for an answer. A database that neither answers nor refuses (a network
 * partition) must not keep us past that: after this long the delivery is spooled and
 * answered; if the first attempt still completes later, the replay finds it recorded.
 */
export const ANSWER_WITHIN_MS = 8_000;

/** Steps whose side effects are worth replaying later (the rest only decide what the caller hears). */
export const REPLAYED_VOICE_STEPS: ReadonlySet<VoiceStep> = new Set(["incoming", "recorded", "recording-status", "transcription", "callback", "call-status"]);
/** Callbacks Twilio makes without a caller listening: answered 204, never TwiML. */
const SILENT_VOICE_STEPS: ReadonlySet<VoiceStep> = new Set(["recording-status", "transcription", "call-status"]);

class TooSlowError extends Error {
  override name = "TooSlowError";
}

/** The first attempt, or a TooSlowError after `ms`; a late failure of the first attempt is left to the spool. */
function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TooSlowError(`no answer within ${ms} ms`)), ms);
  });
  work.catch(() => {});
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function noteFailure(error: unknown, hook: string) {
  if (isDatabaseUnavailableError(error) || error instanceof TooSlowError) reportDatabaseError(error, `twilio ${hook}`);
  else log.error("twilio webhook failed; spooling it", { hook, ...describeError(error) });
}

/** Nothing can hold the delivery: 503, so Twilio hands it to the number's fallback URL. */
function cannotKeep(error: unknown, hook: string) {
  gate(`spool-failed:${hook}`, (repeats) => log.error("spool not writable; answered 503", { hook, repeats, ...describeError(error) }));
  return new Response("Service unavailable", { status: 503, headers: { "Retry-After": "60", "Content-Type": "text/plain; charset=utf-8" } });
}

function noteSpooled(hook: string) {
  gate(`spooled:${hook}`, (repeats) => log.warn("twilio delivery spooled while the database is away", { hook, repeats }));
}

const twiml = (body: string) => new Response(body, { headers: TWIML_HEADERS });

/** An inbound SMS (fields already checked): recorded and answered, or spooled and apologised for. */
export async function answerSmsWebhook(options: { params: Record<string, string> }): Promise<Response> {
  const at = new Date();
  try {
    const result = await withinDeadline(receiveSms({ params: options.params, now: at }), ANSWER_WITHIN_MS);
    return twiml(messagingTwiml(result.reply));
  } catch (error) {
    if (error instanceof Response) throw error;
    noteFailure(error, "sms");
    const sms = InboundSmsSchema.parse(options.params);
    try {
      await spoolDelivery({ source: "twilio-sms", key: sms.MessageSid, at: at.toISOString(), params: options.params });
    } catch (spoolError) {
      return cannotKeep(spoolError, "sms");
    }
    noteSpooled("sms");
    return twiml(messagingTwiml(t(smsReplyLanguage(sms.Body), "phone:sms.unavailable")));
  }
}

/** A voice step (fields already checked): TwiML or 204 as usual, or, when that fails, spooled and apologised for. */
export async function answerVoiceWebhook(options: { step: VoiceStep; params: Record<string, string>; query?: Record<string, string> }): Promise<Response> {
  const { step } = options;
  const at = new Date();
  try {
    const { twiml: body } = await withinDeadline(handleVoiceStep({ step, params: options.params, query: options.query, now: at }), ANSWER_WITHIN_MS);
    return body === null ? new Response(null, { status: 204 }) : twiml(body);
  } catch (error) {
    if (error instanceof Response) throw error;
    noteFailure(error, `voice-${step}`);
    const p = VoiceParamsSchema.parse(options.params);
    const silent = SILENT_VOICE_STEPS.has(step);
    // A live caller whose number we can dial is promised a call back (not for a recording,
    // which becomes a request and its number comes by SMS).
    const callback = !silent && step !== "recorded" && !isWithheldCaller(p.From);
    let kept = false;
    if (REPLAYED_VOICE_STEPS.has(step) || callback) {
      try {
        await spoolDelivery({
          source: "twilio-voice",
          key: [p.CallSid, step, p.RecordingSid ?? "", p.TranscriptionSid ?? "", p.CallStatus ?? "", p.Digits ?? ""].join(":"),
          at: at.toISOString(),
          params: options.params,
          step,
          ...(options.query && Object.keys(options.query).length ? { query: options.query } : {}),
          callback,
        });
        kept = true;
        noteSpooled(`voice-${step}`);
      } catch (spoolError) {
        // What the caller said (a recording) or what Twilio reports would be lost: let the fallback URL have it.
        if (silent || step === "recorded") return cannotKeep(spoolError, `voice-${step}`);
        // A caller who only loses the call-back promise still hears the apology and the emergency numbers.
        gate(`spool-failed:voice-${step}`, (repeats) =>
          log.error("spool not writable; no call back promised", { step, repeats, ...describeError(spoolError) }),
        );
      }
    }
    if (silent) return new Response(null, { status: 204 });
    return twiml(apologyTwiml({ recorded: kept && step === "recorded", callback: kept && callback }));
  }
}

/** The spoken apology: what happened, the emergency numbers, and what happens next; then the call ends. */
export function apologyTwiml(options: { recorded: boolean; callback: boolean }): string {
  const r = new VoiceResponse();
  r.say(sayUk(), t("uk", "phone:voice.unavailable"));
  r.say(
    sayUk(),
    t("uk", options.recorded ? "phone:voice.unavailableRecorded" : options.callback ? "phone:voice.unavailableCallback" : "phone:voice.unavailableTryLater"),
  );
  r.say(sayUk(), t("uk", "phone:voice.goodbye"));
  r.hangup();
  return r.toString();
}
