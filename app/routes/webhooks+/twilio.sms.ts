// POST /webhooks/twilio/sms — inbound SMS/MMS. Signature checked against PUBLIC_BASE_URL;
// the message is recorded once by MessageSid; keywords are answered in the TwiML, any
// other text is turned into (or joined to) a request by the intake worker.
import type { ActionFunctionArgs } from "@remix-run/node";
import { messagingTwiml, TWIML_HEADERS } from "#integrations/twilio/twiml.ts";
import { receiveSms } from "#app/domain/phone/receive-sms.server.ts";
import { requireTwilioWebhook } from "#app/domain/phone/verify-twilio-webhook.server.ts";

export const loader = () => new Response("Not found", { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  const params = await requireTwilioWebhook({ request, hook: "sms" });
  if (!params.MessageSid || !params.From) return new Response(messagingTwiml(), { headers: TWIML_HEADERS });
  const result = await receiveSms({ params });
  return new Response(messagingTwiml(result.reply), { headers: TWIML_HEADERS });
}
