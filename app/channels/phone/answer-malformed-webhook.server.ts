import type { z } from "zod";
import { messagingTwiml, VoiceResponse } from "#integrations/twilio/twiml.ts";
import { t } from "#app/utils/i18n.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { normalizePhone } from "#app/utils/phone.ts";
import { sayUk } from "./handle-voice-step.server.ts";

const log = createLogger("twilio");

/*
 * A signed Twilio webhook whose fields are not what Twilio documents (a short or non-hex
 * Sid, a non-numeric NumMedia or duration, a missing field) is refused before anything is
 * written, and answered 200 with TwiML rather than 4xx/5xx: Twilio treats any non-2xx
 * answer as an application error, and on a live call it then plays its own English
 * "application error" and drops the caller. With 200 we end politely in Ukrainian.
 */

/** Only which fields were wrong: the values may hold a phone number or message text. */
function logMalformed(hook: string, error: z.ZodError) {
  log.warn("twilio webhook malformed", { hook, fields: [...new Set(error.issues.map((i) => String(i.path[0] ?? "?")))].slice(0, 10) });
}

/** SMS: ask the sender to try again when there is a sender to answer, else say nothing. */
export function answerMalformedSms(options: { params: Record<string, string>; error: z.ZodError }): string {
  logMalformed("sms", options.error);
  const from = normalizePhone(options.params.From ?? "");
  if (!from) return messagingTwiml();
  // Ukrainian first: the language of the text cannot be trusted when the rest is broken.
  return messagingTwiml(t("uk", "phone:sms.malformed"));
}

/** Voice: an apology and a hang-up (a callback's answer is ignored by Twilio anyway). */
export function answerMalformedVoice(options: { hook: string; error: z.ZodError }): string {
  logMalformed(options.hook, options.error);
  const r = new VoiceResponse();
  r.say(sayUk(), t("uk", "phone:voice.malformed"));
  r.hangup();
  return r.toString();
}
