import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { getSessionSecret } from "#app/utils/session-secret.server.ts";

// The citizen's private tracking token is derived from the request id with the server
// secret, so a repeated delivery can hand back the same link, while the database holds
// only its hash (a leaked table row opens nothing).
export function deriveAccessToken(requestId: string): string {
  return createHmac("sha256", getSessionSecret()).update(`request-access:${requestId}`).digest("base64url");
}

export function hashAccessToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isAccessTokenFor(options: { token: string; accessTokenHash: string }): boolean {
  const a = Buffer.from(hashAccessToken(options.token), "hex");
  const b = Buffer.from(options.accessTokenHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
