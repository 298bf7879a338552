// Replays the intake spool (deliveries answered while the database was away) into the
// ordinary intake once the database answers again. The web process that wrote the spool runs
// this on a timer (server.ts): the spool is on its own disk. Every step is idempotent on
// Twilio's ids, so a replay that runs twice, or an SMS that also arrived the ordinary way,
// still makes one request, one call and one call-back task.
import { VoiceParamsSchema } from "#integrations/twilio/schemas.ts";
import { createCallbackTask, recordCallStatus, startCall } from "#app/domain/calls/voice-call.server.ts";
import { receiveSms } from "#app/domain/intake/receive-sms.server.ts";
import { drainSpool, type DrainResult, type SpoolEntry } from "#app/domain/intake/spool.server.ts";
import { createLogger, describeError } from "#app/utils/logger.server.ts";
import { REPLAYED_VOICE_STEPS } from "./answer-twilio-webhook.server.ts";
import { handleVoiceStep, VOICE_STEPS, type VoiceStep } from "./handle-voice-step.server.ts";

const log = createLogger("twilio");

async function replayEntry(entry: SpoolEntry) {
  // When it reached us: the request's receipt time, the call's times.
  const now = new Date(entry.at);
  if (entry.source === "twilio-sms") {
    await receiveSms({ params: entry.params, now });
    return;
  }
  const step = entry.step as VoiceStep;
  if (!VOICE_STEPS.includes(step)) throw new Error(`spooled voice step unknown: ${String(entry.step).slice(0, 40)}`);
  const p = VoiceParamsSchema.parse(entry.params);
  // The call first, so the call-back task below and any step find it (one task per call).
  if (entry.callback) await startCall({ callSid: p.CallSid, from: p.From, to: p.To, params: entry.params, now });
  if (REPLAYED_VOICE_STEPS.has(step)) await handleVoiceStep({ step, params: entry.params, query: entry.query, now });
  if (entry.callback) await createCallbackTask({ callSid: p.CallSid, from: p.From, reason: "outage" });
  // The caller heard the apology and was hung up on: the call ended then (Twilio's own
  // status callback, replayed after this or arriving later, has the last word).
  if (step !== "recording-status" && step !== "transcription" && step !== "call-status")
    await recordCallStatus({ callSid: p.CallSid, status: "completed", now });
}

/** One pass over the spool; stops early while the database is still away. */
export async function replaySpooledDeliveries(options: { dir?: string } = {}): Promise<DrainResult> {
  const result = await drainSpool({ replay: replayEntry, dir: options.dir });
  if (result.replayed || result.setAside) log.info("spooled deliveries replayed", { ...result });
  return result;
}

/**
 * Replays the spool every `everyMs` (one pass at a time) until stopped. The first pass runs
 * at once, so what a previous run of the process left behind is not kept waiting.
 */
export function startSpoolReplay(options: { everyMs?: number; dir?: string } = {}): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const pass = () => {
    if (running) return;
    running = replaySpooledDeliveries({ dir: options.dir })
      .catch((e: unknown) => log.error("spool replay failed", describeError(e)))
      .finally(() => (running = null));
  };
  const timer = setInterval(pass, options.everyMs ?? 5_000);
  timer.unref();
  pass();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
