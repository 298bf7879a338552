// Twilio-hosted media: MMS attachments and call recordings. Their URLs arrive in webhook
// fields (MediaUrlN, RecordingUrl), so they are checked before anything is fetched: only
// HTTPS to api.twilio.com under our own account's path, redirects followed only to
// Twilio-owned hosts (media is served from a short-lived CDN URL such as
// https://mms.twiliocdn.com/…), the account's credentials sent only to api.twilio.com,
// and the body read up to a size limit.

import { readLimited } from "#integrations/read-limited.ts";

export const TWILIO_API_HOST = "api.twilio.com";
const MAX_REDIRECTS = 3;
const SID = "[0-9a-fA-F]{32}";

/**
 * The canonical form of a Twilio media or recording URL of this account, or null for
 * anything else (a path, file:, http:, another host or account, credentials, a query).
 */
export function parseTwilioMediaUrl(raw: string, accountSid: string): string | null {
  if (typeof raw !== "string" || raw.length > 400 || !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.hostname !== TWILIO_API_HOST || url.port !== "" || url.username || url.password || url.search || url.hash) return null;
  const path = new RegExp(`^/2010-04-01/Accounts/${accountSid}/(Messages/(MM|SM)${SID}/Media/ME${SID}|Recordings/RE${SID}(\\.(wav|mp3))?)$`);
  return path.test(url.pathname) ? url.toString() : null;
}

/** Hosts Twilio serves media from after the API's redirect. */
export function isTwilioOwnedHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === "twilio.com" || h.endsWith(".twilio.com") || h === "twiliocdn.com" || h.endsWith(".twiliocdn.com");
}

export type MediaFailure = "refused" | "too-large" | "not-found" | "temporary";

export class TwilioMediaError extends Error {
  readonly reason: MediaFailure;
  constructor(reason: MediaFailure, message: string) {
    super(message);
    this.name = "TwilioMediaError";
    this.reason = reason;
  }
  /** Worth another try later (Twilio or the network had a bad moment). */
  get retryable() {
    return this.reason === "temporary";
  }
}

/**
 * Downloads one media URL (already passed through parseTwilioMediaUrl) with the account's
 * Basic auth. Throws TwilioMediaError; never follows a redirect off Twilio's hosts.
 */
export async function fetchTwilioMedia(options: {
  url: string;
  accountSid: string;
  authToken: string;
  maxBytes: number;
  timeoutMs?: number;
}): Promise<{ bytes: Buffer; contentType: string }> {
  const auth = "Basic " + Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64");
  let current = new URL(options.url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (current.protocol !== "https:" || !isTwilioOwnedHost(current.hostname) || current.username || current.password)
      throw new TwilioMediaError("refused", "media URL is not on a Twilio host over HTTPS");
    let res: Response;
    try {
      res = await fetch(current, {
        redirect: "manual",
        // The account's credentials go to the API only, never to the CDN it redirects to.
        headers: current.hostname === TWILIO_API_HOST ? { authorization: auth } : {},
        signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      });
    } catch (e) {
      throw new TwilioMediaError("temporary", `media fetch failed: ${(e as Error).name}`);
    }
    if ([301, 302, 303, 307, 308].includes(res.status)) {
      const location = res.headers.get("location");
      discard(res);
      if (!location) throw new TwilioMediaError("refused", "redirect without a location");
      try {
        current = new URL(location, current);
      } catch {
        throw new TwilioMediaError("refused", "redirect to an unreadable location");
      }
      continue;
    }
    if (res.status === 404 || res.status === 410) {
      discard(res);
      throw new TwilioMediaError("not-found", `media answered ${res.status}`);
    }
    if (res.status === 429 || res.status >= 500) {
      discard(res);
      throw new TwilioMediaError("temporary", `media answered ${res.status}`);
    }
    if (res.status !== 200) {
      discard(res);
      throw new TwilioMediaError("refused", `media answered ${res.status}`);
    }
    const declared = Number(res.headers.get("content-length") ?? "");
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      discard(res);
      throw new TwilioMediaError("too-large", "media larger than allowed");
    }
    return {
      bytes: await readLimited(res, {
        maxBytes: options.maxBytes,
        readFailed: (e) => new TwilioMediaError("temporary", `media read failed: ${(e as Error).name}`),
        tooLarge: () => new TwilioMediaError("too-large", "media larger than allowed"),
      }),
      contentType: (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase(),
    };
  }
  throw new TwilioMediaError("refused", "too many redirects");
}

// Not awaited: a peer that stops sending must not hold the worker.
function discard(res: Response) {
  void res.body?.cancel().catch(() => undefined);
}
