// The tracking link as an SMS (or a chat message) can carry it. The private link (/track/<43-character token>,
// decision 003) would take more than half of a two-part Cyrillic SMS on its own; the short
// one is /t/<year>-<sequence>-<10 characters>: the request's public number and an HMAC of
// the request id under the server secret, cut to 60 bits. It is derived, like the token,
// so a repeated delivery gets the same link and nothing new is stored; 60 bits cannot be
// guessed one web request at a time. Opening it redirects to the private page.
import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveAccessToken } from "#app/domain/requests/access-token.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { getSessionSecret } from "#app/utils/session-secret.server.ts";

const MAC_CHARS = 10;

function mac(requestId: string) {
  return createHmac("sha256", getSessionSecret()).update(`request-short-link:${requestId}`).digest("base64url").slice(0, MAC_CHARS);
}

/** "SLV-2026-000123" → "2026-123-<mac>". */
export function shortTrackingCode(options: { requestId: string; number: string }): string | null {
  const m = options.number.match(/(\d{4})-0*(\d+)$/);
  return m ? `${m[1]}-${m[2]}-${mac(options.requestId)}` : null;
}

/** The short link under PUBLIC_BASE_URL (or the local address the web listens on). */
export function shortTrackingUrl(options: { requestId: string; number: string }): string | null {
  const code = shortTrackingCode(options);
  if (!code) return null;
  const env = getEnv();
  const base = (env.PUBLIC_BASE_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/+$/, "");
  return `${base}/t/${code}`;
}

/** The private tracking token a short code opens, or null (a wrong code and a missing request look the same). */
export async function resolveShortTrackingCode(code: string): Promise<string | null> {
  const m = code.trim().match(/^(\d{4})-(\d{1,9})-([A-Za-z0-9_-]{10})$/);
  if (!m) return null;
  const number = `SLV-${m[1]}-${m[2]!.padStart(6, "0")}`;
  const request = await getDb().request.findFirst({ where: { number }, select: { id: true } });
  const expected = Buffer.from(request ? mac(request.id) : "x".repeat(MAC_CHARS));
  const given = Buffer.from(m[3]!);
  if (!request || expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return deriveAccessToken(request.id);
}
