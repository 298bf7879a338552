// The Twilio and Telegram webhooks, one implementation for both ways in: the web serves
// them as plain Express routes before the page machinery (express-webhooks.server.ts), and
// the Remix route modules under app/routes/webhooks+ delegate here (their loaders, other
// methods, and tests that call an action with a Fetch Request).
//
// Each takes the few parts of a request a webhook reads (a Fetch Request has them all) and
// answers a Fetch Response; a refusal (403, 405) is thrown as a Response, as Remix expects.
import { z } from "zod";
import { InboundSmsSchema, MessageStatusSchema, VoiceParamsSchema } from "#integrations/twilio/schemas.ts";
import { TWIML_HEADERS } from "#integrations/twilio/twiml.ts";
import { checkTelegramWebhook, SECRET_HEADER } from "#integrations/telegram/webhook.ts";
import { answerMalformedSms, answerMalformedVoice } from "#app/channels/phone/answer-malformed-webhook.server.ts";
import { answerSmsWebhook, answerVoiceWebhook } from "#app/channels/phone/answer-twilio-webhook.server.ts";
import { VOICE_STEPS, type VoiceStep } from "#app/channels/phone/handle-voice-step.server.ts";
import { requireTwilioWebhook } from "#app/channels/phone/verify-twilio-webhook.server.ts";
import { recordInboundEvent } from "#app/domain/intake/record-inbound-event.server.ts";
import { recordDeliveryStatus } from "#app/domain/notifications/record-delivery-status.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { getMetrics } from "#app/utils/metrics.server.ts";

const log = createLogger("web");

/** What a webhook reads of its request: method, URL (path and query), headers and the body. */
export type WebhookRequest = {
  method: string;
  url: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
};

const notFound = () => new Response("Not found", { status: 404 });

/**
 * POST /webhooks/twilio/sms — inbound SMS/MMS. Signature checked against PUBLIC_BASE_URL;
 * the message is recorded once by MessageSid; keywords are answered in the TwiML, any
 * other text is turned into (or joined to) a request by the intake worker. With the
 * database away it is kept in the spool and answered with an apology (Twilio does not retry).
 */
export async function twilioSmsWebhook(request: WebhookRequest): Promise<Response> {
  const params = await requireTwilioWebhook({ request, hook: "sms" });
  // Malformed fields: 200 with TwiML and nothing recorded (why 200: see answerMalformedSms).
  const parsed = InboundSmsSchema.safeParse(params);
  if (!parsed.success) return new Response(answerMalformedSms({ params, error: parsed.error }), { headers: TWIML_HEADERS });
  // Only signed, well-formed deliveries get this far: nothing else is ever spooled.
  return answerSmsWebhook({ params });
}

/**
 * POST /webhooks/twilio/status?n=<our notification id>&mid=<our message id> — SMS delivery
 * status callbacks. Statuses only move forward; 21610 marks the number opted out; a
 * notification whose send got no answer is confirmed SENT by its callback.
 */
export async function twilioStatusWebhook(request: WebhookRequest): Promise<Response> {
  const params = await requireTwilioWebhook({ request, hook: "status" });
  const parsed = MessageStatusSchema.safeParse(params);
  if (!parsed.success) return new Response(null, { status: 204 });
  const query = new URL(request.url).searchParams;
  await recordDeliveryStatus({
    notificationId: query.get("n"),
    messageId: query.get("mid"),
    messageSid: parsed.data.MessageSid,
    status: parsed.data.MessageStatus,
    errorCode: parsed.data.ErrorCode ?? null,
  });
  return new Response(null, { status: 204 });
}

/**
 * POST /webhooks/twilio/voice — an incoming call to the hotline: greeting (with the
 * recording notice) and the menu, in Ukrainian. Further steps: /webhooks/twilio/voice/<step>.
 */
export async function twilioVoiceWebhook(request: WebhookRequest): Promise<Response> {
  const params = await requireTwilioWebhook({ request, hook: "voice" });
  // Malformed fields: 200 with an apology and nothing written (why 200: see answerMalformedVoice).
  const parsed = VoiceParamsSchema.safeParse(params);
  if (!parsed.success) return new Response(answerMalformedVoice({ hook: "voice", error: parsed.error }), { headers: TWIML_HEADERS });
  // With the database away: an apology with the emergency numbers, not Twilio's "application error".
  return answerVoiceWebhook({ step: "incoming", params });
}

/**
 * POST /webhooks/twilio/voice/<step> — the menu's next steps and Twilio's voice callbacks
 * (menu, status, recorded, recording-status, transcription, queue-wait, queue-done,
 * callback, call-status). TwiML, or 204 for pure callbacks.
 */
export async function twilioVoiceStepWebhook(request: WebhookRequest, stepParam: string | undefined): Promise<Response> {
  const step = stepParam as VoiceStep;
  if (!VOICE_STEPS.includes(step) || step === "incoming") return notFound();
  const params = await requireTwilioWebhook({ request, hook: `voice-${step}` });
  // Malformed fields: 200 with an apology and nothing written (why 200: see answerMalformedVoice).
  const parsed = VoiceParamsSchema.safeParse(params);
  if (!parsed.success) return new Response(answerMalformedVoice({ hook: `voice-${step}`, error: parsed.error }), { headers: TWIML_HEADERS });
  const query = Object.fromEntries(new URL(request.url).searchParams);
  // With the database away: the step is spooled where it matters, and the caller hears an apology.
  return answerVoiceWebhook({ step, params, query });
}

const UpdateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * POST /webhooks/telegram/<random path> — Telegram's deliveries in webhook mode. Checks the
 * path and the secret_token header (constant time), records the update once by update_id
 * and answers at once; the intake worker acts on it (registered Telegram handler).
 */
export async function telegramWebhook(request: WebhookRequest, pathSegment: string | undefined): Promise<Response> {
  const env = getEnv();
  // Only in webhook mode: while the bot long-polls, a delivery here is not Telegram's.
  if (env.TELEGRAM_MODE !== "webhook" || !env.TELEGRAM_BOT_TOKEN || !env.TELEGRAM_WEBHOOK_SECRET || !env.TELEGRAM_WEBHOOK_PATH) return notFound();
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const check = checkTelegramWebhook({
    pathSegment,
    headerSecret: request.headers.get(SECRET_HEADER),
    expectedPath: env.TELEGRAM_WEBHOOK_PATH,
    expectedSecret: env.TELEGRAM_WEBHOOK_SECRET,
  });
  if (check !== "ok") {
    log.warn("telegram webhook refused", { reason: check });
    getMetrics().telegramWebhookRejected.inc({ reason: check === "bad-path" ? "path" : request.headers.get(SECRET_HEADER) ? "invalid" : "missing" });
    return new Response("Forbidden", { status: 403 });
  }
  const parsed = UpdateSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    // Authentic but unreadable: a retry would bring the same bytes, so acknowledge it.
    log.warn("telegram webhook: not an update");
    return Response.json({ ok: true, ignored: true });
  }
  const recorded = await recordInboundEvent({ channel: "TELEGRAM", externalId: String(parsed.data.update_id), payload: parsed.data });
  return Response.json({ ok: true, duplicate: recorded.duplicate });
}

/** The loader of every webhook route: a GET is nobody's delivery. */
export const webhookLoader = () => notFound();
