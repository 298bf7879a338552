// POST /webhooks/twilio/sms — inbound SMS/MMS. Signature checked against PUBLIC_BASE_URL;
// the message is recorded once by MessageSid; keywords are answered in the TwiML, any
// other text is turned into (or joined to) a request by the intake worker. With the
// database away it is kept in the spool and answered with an apology (Twilio does not retry).
import type { ActionFunctionArgs } from "@remix-run/node";
import { InboundSmsSchema } from "#integrations/twilio/schemas.ts";
import { TWIML_HEADERS } from "#integrations/twilio/twiml.ts";
import { answerMalformedSms } from "#app/channels/phone/answer-malformed-webhook.server.ts";
import { answerSmsWebhook } from "#app/channels/phone/answer-twilio-webhook.server.ts";
import { requireTwilioWebhook } from "#app/channels/phone/verify-twilio-webhook.server.ts";

export const loader = () => new Response("Not found", { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  const params = await requireTwilioWebhook({ request, hook: "sms" });
  // Malformed fields: 200 with TwiML and nothing recorded (why 200: see answerMalformedSms).
  const parsed = InboundSmsSchema.safeParse(params);
  if (!parsed.success) return new Response(answerMalformedSms({ params, error: parsed.error }), { headers: TWIML_HEADERS });
  // Only signed, well-formed deliveries get this far: nothing else is ever spooled.
  return answerSmsWebhook({ params });
}
