import twilio from "twilio";

/** TwiML builders (the library's own, so escaping and attribute names are right). */
export const VoiceResponse = twilio.twiml.VoiceResponse;
export const MessagingResponse = twilio.twiml.MessagingResponse;
export type VoiceResponseT = InstanceType<typeof VoiceResponse>;

/** Reply to an inbound SMS in the webhook answer; empty when there is nothing to say. */
export function messagingTwiml(text?: string | null): string {
  const r = new MessagingResponse();
  if (text) r.message(text);
  return r.toString();
}

export const TWIML_HEADERS = { "Content-Type": "text/xml; charset=utf-8" } as const;
