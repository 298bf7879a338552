import { createTwilioClient, type TwilioClient } from "#integrations/twilio/client.ts";
import { registerInboundHandler } from "#app/domain/intake/inbound-handlers.server.ts";
import { registerSender } from "#app/domain/notifications/senders.server.ts";
import { createTwilioSender } from "./create-twilio-sender.server.ts";
import { processInboundSms } from "#app/domain/intake/process-inbound-sms.server.ts";
import { processVoiceEvent } from "#app/domain/calls/process-voice-event.server.ts";

/**
 * Makes this process handle recorded SMS and voice events (always: the phone simulator
 * works without accounts), and, when Twilio credentials are given, send SMS through
 * Twilio instead of the sandbox.
 */
export function registerPhoneChannel(options: {
  twilio?: { accountSid: string; authToken: string; phoneNumber: string; publicBaseUrl?: string; apiBaseUrl?: string; client?: TwilioClient } | null;
}) {
  registerInboundHandler("SMS", async (event) => ({ requestId: (await processInboundSms({ payload: event.payload })).requestId }));
  registerInboundHandler("VOICE", (event) => processVoiceEvent({ payload: event.payload }));
  const tw = options.twilio;
  if (tw) {
    const client = tw.client ?? createTwilioClient({ accountSid: tw.accountSid, authToken: tw.authToken, from: tw.phoneNumber, apiBaseUrl: tw.apiBaseUrl });
    registerSender(createTwilioSender({ client, publicBaseUrl: tw.publicBaseUrl }));
  }
}
