// POST /webhooks/telegram/<random path> — Telegram's deliveries in webhook mode
// (telegramWebhook). The web answers POSTs before the page machinery
// (express-webhooks.server.ts); this route answers the rest.
import type { ActionFunctionArgs } from "@remix-run/node";
import { telegramWebhook, webhookLoader } from "#app/channels/webhooks/webhook-actions.server.ts";

export const loader = webhookLoader;
export const action = ({ request, params }: ActionFunctionArgs) => telegramWebhook(request, params.secret);
