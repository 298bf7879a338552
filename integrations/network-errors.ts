/**
 * Network failures that happen before a request can have left this machine: the name did
 * not resolve, nobody accepted the connection, the route or the TLS handshake failed. A
 * provider cannot have acted on such a request, so it may be sent again. Any other failure
 * (a timeout, a reset, a dropped answer) may have come after the provider acted on it.
 */
const BEFORE_SENDING = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
]);

/** True when `error` (or one of its causes: fetch wraps them) is a failure to connect at all. */
export function failedBeforeSending(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && BEFORE_SENDING.has(code)) return true;
    // Connecting to every address of a name (IPv6 and IPv4) fails with all of them.
    const all = (e as { errors?: unknown }).errors;
    if (Array.isArray(all) && all.length > 0 && all.every((x) => failedBeforeSending(x))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
