// POST /webhooks/twilio/voice — an incoming call to the hotline: greeting (with the
// recording notice) and the menu, in Ukrainian. Further steps: /webhooks/twilio/voice/<step>.
import type { ActionFunctionArgs } from "@remix-run/node";
import { VoiceParamsSchema } from "#integrations/twilio/schemas.ts";
import { TWIML_HEADERS } from "#integrations/twilio/twiml.ts";
import { answerMalformedVoice } from "#app/channels/phone/answer-malformed-webhook.server.ts";
import { answerVoiceWebhook } from "#app/channels/phone/answer-twilio-webhook.server.ts";
import { requireTwilioWebhook } from "#app/channels/phone/verify-twilio-webhook.server.ts";

export const loader = () => new Response("Not found", { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  const params = await requireTwilioWebhook({ request, hook: "voice" });
  // Malformed fields: 200 with an apology and nothing written (why 200: see answerMalformedVoice).
  const parsed = VoiceParamsSchema.safeParse(params);
  if (!parsed.success) return new Response(answerMalformedVoice({ hook: "voice", error: parsed.error }), { headers: TWIML_HEADERS });
  // With the database away: an apology with the emergency numbers, not Twilio's "application error".
  return answerVoiceWebhook({ step: "incoming", params });
}
