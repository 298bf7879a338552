// Waiting out Telegram. The bot never exits because Telegram is away or refuses it: a
// network error or a 5xx is retried with backoff (doubling from minMs to maxMs), a 429
// after Telegram's retry_after, and answers no quick retry can change (401/404: the token
// is revoked or wrong; 409: a webhook or another poller holds the bot) slowly, every
// slowMs, so fixing the token or stopping the other poller brings the bot back by itself.
import { isTelegramApiError } from "#integrations/telegram/errors.ts";
import type { Logger } from "#app/utils/logger.server.ts";

export type Backoff = { minMs: number; maxMs: number; slowMs: number };

export const TELEGRAM_BACKOFF: Backoff = { minMs: 1000, maxMs: 30_000, slowMs: 5 * 60_000 };

/** A failure no quick retry can change: a wrong or revoked token, or someone else holding the updates. */
export function isStuckFailure(e: unknown): boolean {
  return isTelegramApiError(e) && (e.kind === "unauthorized" || e.errorCode === 409);
}

/** How long to wait before the next attempt, after `failures` failures in a row (0 for the first). */
export function retryDelay(e: unknown, failures: number, backoff: Backoff): number {
  if (isStuckFailure(e)) return backoff.slowMs;
  if (isTelegramApiError(e) && e.kind === "rate-limited" && e.retryAfterMs) return e.retryAfterMs;
  return Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(failures, 30));
}

/**
 * A failure as log fields and a sentence for the health page: the error class and the
 * Bot API's code, never the token (the client keeps it out of its errors) nor the URL.
 */
export function describeTelegramFailure(e: unknown): { error: string; code: string; detail: string } {
  if (!isTelegramApiError(e)) {
    const name = e instanceof Error ? e.name : typeof e;
    return { error: name, code: "unknown", detail: `Telegram call failed (${name})` };
  }
  const code = e.errorCode === undefined ? "network" : String(e.errorCode);
  const detail =
    e.kind === "unauthorized"
      ? `Telegram refuses the bot token (${code}): check TELEGRAM_BOT_TOKEN`
      : e.errorCode === 409
        ? "another poller or a webhook holds this bot's updates (409 Conflict): stop the other instance or check TELEGRAM_MODE"
        : e.kind === "rate-limited"
          ? "Telegram asks to slow down (429)"
          : code === "network"
            ? "Telegram is unreachable (network error or timeout)"
            : `Telegram answered ${code}`;
  return { error: `${e.name} ${e.errorCode === 409 ? "conflict" : e.kind}`, code, detail };
}

/** One line per failed attempt: what failed, its class and code, and when the next try is. */
export function logTelegramFailure(log: Logger, method: string, e: unknown, waitMs: number, failures: number) {
  const { error, code } = describeTelegramFailure(e);
  const line = { method, error, code, failures, retryInMs: waitMs };
  (failures === 1 || isStuckFailure(e) ? log.error : log.warn)("telegram call failed; retrying", line);
}

export type FailureReport = { method: string; error: unknown; waitMs: number; failures: number };

/**
 * Calls `fn` until it succeeds or `signal` aborts (then resolves undefined), waiting
 * between attempts as retryDelay says.
 */
export async function callUntilOk<T>(
  method: string,
  fn: () => Promise<T>,
  options: { signal: AbortSignal; backoff: Backoff; onFailure?: (f: FailureReport) => void },
): Promise<T | undefined> {
  let failures = 0;
  while (!options.signal.aborted) {
    try {
      const result = await untilAborted(fn(), options.signal);
      if (options.signal.aborted) return undefined;
      return result;
    } catch (error) {
      if (options.signal.aborted) return undefined;
      const waitMs = retryDelay(error, failures, options.backoff);
      failures++;
      options.onFailure?.({ method, error, waitMs, failures });
      await sleep(waitMs, options.signal);
    }
  }
  return undefined;
}

/** `p`, or undefined as soon as `signal` aborts (the call itself finishes in the background). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => resolve(undefined as T);
    signal.addEventListener("abort", abort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

export function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
