/**
 * A failed Bot API call, classified for the caller: "blocked" (403: the user blocked the
 * bot or the chat is gone — never retry), "rate-limited" (429: wait `retryAfterMs`),
 * "bad-request" (400: retrying the same call cannot help), "unavailable" (5xx, network).
 */
export type TelegramErrorKind = "blocked" | "rate-limited" | "bad-request" | "unauthorized" | "unavailable";

export class TelegramApiError extends Error {
  readonly kind: TelegramErrorKind;
  readonly errorCode?: number;
  readonly retryAfterMs?: number;
  /**
   * The call may have taken effect although it failed here: no answer came (a timeout, a
   * dropped connection) or the answer could not be read. False when Telegram said no in
   * its answer or the connection was never made.
   */
  readonly uncertain: boolean;
  constructor(options: { kind: TelegramErrorKind; method: string; errorCode?: number; description?: string; retryAfterMs?: number; uncertain?: boolean }) {
    // The description is Telegram's own text ("Forbidden: bot was blocked by the user"); it never holds the token.
    super(`${options.method}: ${options.errorCode ?? "network"} ${options.description ?? ""}`.trim());
    this.name = "TelegramApiError";
    this.kind = options.kind;
    this.errorCode = options.errorCode;
    this.retryAfterMs = options.retryAfterMs;
    this.uncertain = options.uncertain ?? false;
  }
}

export function classifyTelegramError(options: {
  method: string;
  errorCode?: number;
  description?: string;
  retryAfterSeconds?: number;
  uncertain?: boolean;
}): TelegramApiError {
  const { errorCode } = options;
  const kind: TelegramErrorKind =
    errorCode === 403
      ? "blocked"
      : errorCode === 429
        ? "rate-limited"
        : errorCode === 401 || errorCode === 404
          ? "unauthorized"
          : errorCode !== undefined && errorCode >= 400 && errorCode < 500
            ? "bad-request"
            : "unavailable";
  return new TelegramApiError({
    kind,
    method: options.method,
    errorCode,
    description: options.description,
    retryAfterMs: options.retryAfterSeconds !== undefined ? options.retryAfterSeconds * 1000 : undefined,
    uncertain: options.uncertain,
  });
}

export function isTelegramApiError(e: unknown): e is TelegramApiError {
  return e instanceof TelegramApiError;
}
