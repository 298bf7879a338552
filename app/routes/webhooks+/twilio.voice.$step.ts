// POST /webhooks/twilio/voice/<step> — the menu's next steps and Twilio's voice callbacks
// (menu, status, recorded, recording-status, transcription, queue-wait, queue-done,
// callback, call-status). TwiML, or 204 for pure callbacks.
import type { ActionFunctionArgs } from "@remix-run/node";
import { VoiceParamsSchema } from "#integrations/twilio/schemas.ts";
import { TWIML_HEADERS } from "#integrations/twilio/twiml.ts";
import { answerMalformedVoice } from "#app/channels/phone/answer-malformed-webhook.server.ts";
import { answerVoiceWebhook } from "#app/channels/phone/answer-twilio-webhook.server.ts";
import { VOICE_STEPS, type VoiceStep } from "#app/channels/phone/handle-voice-step.server.ts";
import { requireTwilioWebhook } from "#app/channels/phone/verify-twilio-webhook.server.ts";

export const loader = () => new Response("Not found", { status: 404 });

export async function action({ request, params: route }: ActionFunctionArgs) {
  const step = route.step as VoiceStep;
  if (!VOICE_STEPS.includes(step) || step === "incoming") return new Response("Not found", { status: 404 });
  const params = await requireTwilioWebhook({ request, hook: `voice-${step}` });
  // Malformed fields: 200 with an apology and nothing written (why 200: see answerMalformedVoice).
  const parsed = VoiceParamsSchema.safeParse(params);
  if (!parsed.success) return new Response(answerMalformedVoice({ hook: `voice-${step}`, error: parsed.error }), { headers: TWIML_HEADERS });
  const query = Object.fromEntries(new URL(request.url).searchParams);
  // With the database away: the step is spooled where it matters, and the caller hears an apology.
  return answerVoiceWebhook({ step, params, query });
}
