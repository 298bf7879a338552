/**
 * A failed Twilio REST call, classified: "opted-out" (21610: the number sent STOP — never
 * retry), "invalid-address" (21211/21614: not a mobile number we can text), "rate-limited"
 * (429/20429), "rejected" (other 4xx: retrying the same call cannot help), "unavailable" (5xx, network).
 */
export type TwilioErrorKind = "opted-out" | "invalid-address" | "rate-limited" | "rejected" | "unavailable";

export class TwilioApiError extends Error {
  readonly kind: TwilioErrorKind;
  readonly code?: number;
  readonly status?: number;
  /**
   * The call may have taken effect although it failed here: no answer came (a timeout, a
   * dropped connection) or Twilio answered 5xx. False when Twilio refused it in its answer
   * or the connection was never made.
   */
  readonly uncertain: boolean;
  constructor(options: { kind: TwilioErrorKind; code?: number; status?: number; message?: string; uncertain?: boolean }) {
    super(`twilio ${options.status ?? "network"} ${options.code ?? ""} ${options.message ?? ""}`.replace(/\+?\d{7,}/g, "<digits>").trim());
    this.name = "TwilioApiError";
    this.kind = options.kind;
    this.code = options.code;
    this.status = options.status;
    this.uncertain = options.uncertain ?? false;
  }
}

export const TWILIO_OPTED_OUT = 21610;

export function classifyTwilioError(options: { status?: number; code?: number; message?: string; uncertain?: boolean }): TwilioApiError {
  const { status, code } = options;
  const kind: TwilioErrorKind =
    code === TWILIO_OPTED_OUT
      ? "opted-out"
      : code === 21211 || code === 21614 || code === 21408
        ? "invalid-address"
        : status === 429 || code === 20429
          ? "rate-limited"
          : status !== undefined && status >= 400 && status < 500
            ? "rejected"
            : "unavailable";
  return new TwilioApiError({ kind, code, status, message: options.message, uncertain: options.uncertain ?? (status === undefined || status >= 500) });
}

export function isTwilioApiError(e: unknown): e is TwilioApiError {
  return e instanceof TwilioApiError;
}
