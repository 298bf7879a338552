// Twilio webhook counters, kept in the process's Prometheus registry (app/utils/metrics.server.ts).
import { getMetrics } from "#app/utils/metrics.server.ts";

/** The hooks we expose: anything else (a made-up voice step) is counted as "other". */
const HOOKS = new Set([
  "sms",
  "status",
  "voice",
  "voice-main",
  "voice-menu",
  "voice-status",
  "voice-recorded",
  "voice-recording-status",
  "voice-transcription",
  "voice-queue-wait",
  "voice-queue-done",
  "voice-callback",
  "voice-call-status",
]);

/** A Twilio webhook refused for a bad or missing signature. */
export function countRejectedTwilioWebhook(options: { hook: string; reason: "missing" | "invalid" | "unconfigured" }) {
  getMetrics().twilioWebhookRejected.inc({ hook: HOOKS.has(options.hook) ? options.hook : "other", reason: options.reason });
}
