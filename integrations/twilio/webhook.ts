import { isValidTwilioSignature, TWILIO_SIGNATURE_HEADER, twilioSignedUrl } from "./signature.ts";

/** What the check reads of a request (a Fetch Request has it; so does the web's lighter one). */
export type TwilioWebhookRequest = { url: string; headers: { get(name: string): string | null }; text(): Promise<string> };

export type TwilioWebhookCheck = { ok: true; params: Record<string, string> } | { ok: false; reason: "missing" | "invalid" | "unconfigured" };

/**
 * Reads a Twilio webhook (form-encoded POST) and checks its signature against the public
 * URL we are configured with — path and query string included, port kept as configured.
 */
export async function checkTwilioWebhook(options: { request: TwilioWebhookRequest; authToken?: string; publicBaseUrl?: string }): Promise<TwilioWebhookCheck> {
  if (!options.authToken || !options.publicBaseUrl) return { ok: false, reason: "unconfigured" };
  const signature = options.request.headers.get(TWILIO_SIGNATURE_HEADER);
  if (!signature) return { ok: false, reason: "missing" };
  const text = await options.request.text();
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text)) params[k] = v;
  const url = twilioSignedUrl({ publicBaseUrl: options.publicBaseUrl, requestUrl: options.request.url });
  if (!isValidTwilioSignature({ authToken: options.authToken, signature, url, params })) return { ok: false, reason: "invalid" };
  return { ok: true, params };
}
