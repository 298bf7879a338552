// Redis being away (stopped, restarting, unreachable), as opposed to a command it refused:
// ioredis's own errors for a closed or unwritable connection and for giving up on a command,
// and the socket's errors. Work that failed this way is worth trying again a little later.
const UNAVAILABLE_SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const UNAVAILABLE_MESSAGE =
  /Connection is closed|Stream isn't writeable|Reached the max retries per request|Redis is unreachable|Redis connect timeout|LOADING Redis is loading/i;

export function isRedisUnavailableError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === "MaxRetriesPerRequestError") return true;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string" && UNAVAILABLE_SOCKET.has(code)) return true;
  return UNAVAILABLE_MESSAGE.test(e.message);
}
