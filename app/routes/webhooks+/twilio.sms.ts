// POST /webhooks/twilio/sms — inbound SMS/MMS (twilioSmsWebhook). The web answers POSTs
// before the page machinery (express-webhooks.server.ts); this route answers the rest.
import type { ActionFunctionArgs } from "@remix-run/node";
import { twilioSmsWebhook, webhookLoader } from "#app/channels/webhooks/webhook-actions.server.ts";

export const loader = webhookLoader;
export const action = ({ request }: ActionFunctionArgs) => twilioSmsWebhook(request);
