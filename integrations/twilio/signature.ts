import twilio from "twilio";

/**
 * The URL Twilio signed: our configured public base URL + the request's path and query.
 * Never the Host header: a proxy in front of us changes it (Rocket.Chat #33318).
 */
export function twilioSignedUrl(options: { publicBaseUrl: string; requestUrl: string }): string {
  const incoming = new URL(options.requestUrl);
  const base = options.publicBaseUrl.replace(/\/+$/, "");
  return `${base}${incoming.pathname}${incoming.search}`;
}

/** Checks X-Twilio-Signature with the twilio library's own HMAC-SHA1 over URL + sorted POST params. */
export function isValidTwilioSignature(options: {
  authToken: string;
  signature: string | null | undefined;
  url: string;
  params: Record<string, string>;
}): boolean {
  if (!options.signature || !options.authToken) return false;
  try {
    return twilio.validateRequest(options.authToken, options.signature, options.url, options.params);
  } catch {
    return false;
  }
}

export const TWILIO_SIGNATURE_HEADER = "x-twilio-signature";
