// POST /webhooks/twilio/voice — an incoming call to the hotline (twilioVoiceWebhook). The web
// answers POSTs before the page machinery (express-webhooks.server.ts); this route answers the rest.
import type { ActionFunctionArgs } from "@remix-run/node";
import { twilioVoiceWebhook, webhookLoader } from "#app/channels/webhooks/webhook-actions.server.ts";

export const loader = webhookLoader;
export const action = ({ request }: ActionFunctionArgs) => twilioVoiceWebhook(request);
