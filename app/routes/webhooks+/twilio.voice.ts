// POST /webhooks/twilio/voice — an incoming call to the hotline: greeting (with the
// recording notice) and the menu, in Ukrainian. Further steps: /webhooks/twilio/voice/<step>.
import type { ActionFunctionArgs } from "@remix-run/node";
import { TWIML_HEADERS } from "#integrations/twilio/twiml.ts";
import { handleVoiceStep } from "#app/domain/phone/handle-voice-step.server.ts";
import { requireTwilioWebhook } from "#app/domain/phone/verify-twilio-webhook.server.ts";

export const loader = () => new Response("Not found", { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  const params = await requireTwilioWebhook({ request, hook: "voice" });
  const { twiml } = await handleVoiceStep({ step: "incoming", params });
  return new Response(twiml, { headers: TWIML_HEADERS });
}
