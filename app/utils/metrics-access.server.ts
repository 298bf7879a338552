// Who may read GET /metrics. The numbers are not personal, but they describe the
// installation (queue backlogs, refused webhooks, process internals) to whoever asks, so
// they are not public in production:
// - METRICS_TOKEN set: only a scrape with "Authorization: Bearer <METRICS_TOKEN>" (any
//   environment), compared in constant time;
// - otherwise in production: only a scrape from this host (Prometheus or an agent on the
//   same machine; behind a reverse proxy keep TRUST_PROXY right so a remote client is not
//   taken for the proxy's own address, or set METRICS_TOKEN);
// - otherwise (development, tests): open.
import { createHash, timingSafeEqual } from "node:crypto";
import { getClientAddress } from "./client-address.server.ts";
import { getEnv, type Env } from "./env.server.ts";
import { t } from "./i18n.server.ts";
import { getRequestLang } from "./lang.server.ts";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function sameSecret(given: string, expected: string) {
  // Hashes of equal length: the comparison takes the same time whatever was sent.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** METRICS_TOKEN (read here, not in env.server.ts: only this check uses it); empty means not set. */
export function metricsToken(): string | undefined {
  return process.env.METRICS_TOKEN?.trim() || undefined;
}

/** null when the scrape may be answered; otherwise the 401/403 Response to answer instead. */
export function refuseMetricsScrape(request: Request, context: unknown, env: Env = getEnv(), token = metricsToken()): Response | null {
  const lang = getRequestLang(request);
  const headers = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (token) {
    const given = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (given && sameSecret(given, token)) return null;
    return new Response(t(lang, "common:errors.metricsToken"), { status: 401, headers: { ...headers, "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  if (env.NODE_ENV !== "production") return null;
  const address = getClientAddress(request, context);
  if (address && LOOPBACK.has(address)) return null;
  return new Response(t(lang, "common:errors.metricsLocalOnly"), { status: 403, headers });
}
