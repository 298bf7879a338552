import { checkTwilioWebhook, type TwilioWebhookRequest } from "#integrations/twilio/webhook.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { cleanText } from "#app/utils/text.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { countRejectedTwilioWebhook } from "./webhook-metrics.server.ts";

const log = createLogger("twilio");

/**
 * For the Twilio webhook routes: the verified form params (texts cleaned), or throws a 403 Response
 * (bad, missing or uncheckable signature), counted in twilio_webhook_rejected_total.
 */
export async function requireTwilioWebhook(options: { request: TwilioWebhookRequest & { method: string }; hook: string }): Promise<Record<string, string>> {
  if (options.request.method !== "POST") throw new Response("Method not allowed", { status: 405 });
  const env = getEnv();
  const check = await checkTwilioWebhook({ request: options.request, authToken: env.TWILIO_AUTH_TOKEN, publicBaseUrl: env.PUBLIC_BASE_URL });
  if (!check.ok) {
    countRejectedTwilioWebhook({ hook: options.hook, reason: check.reason });
    log.warn("twilio webhook refused", { hook: options.hook, reason: check.reason });
    throw new Response("Forbidden", { status: 403 });
  }
  // Checked over the bytes Twilio signed; cleaned after (a NUL in Body or From must not reach a query).
  return Object.fromEntries(Object.entries(check.params).map(([k, v]) => [cleanText(k), cleanText(v)]));
}
