// POST /webhooks/twilio/voice/<step> — the menu's next steps and Twilio's voice callbacks
// (twilioVoiceStepWebhook). The web answers POSTs before the page machinery
// (express-webhooks.server.ts); this route answers the rest.
import type { ActionFunctionArgs } from "@remix-run/node";
import { twilioVoiceStepWebhook, webhookLoader } from "#app/channels/webhooks/webhook-actions.server.ts";

export const loader = webhookLoader;
export const action = ({ request, params }: ActionFunctionArgs) => twilioVoiceStepWebhook(request, params.step);
