/**
 * A failed call to iGov, classified for the caller: "unavailable" (5xx, timeout, network:
 * retry later), "not-found" (403 "Record not found": the order is unknown, for now),
 * "check-digit" (403 "CRC Error"), "bad-answer" (the answer did not match the schema),
 * "rejected" (any other 4xx: retrying the same call cannot help).
 */
export type IgovErrorKind = "unavailable" | "not-found" | "check-digit" | "bad-answer" | "rejected";

export class IgovError extends Error {
  readonly kind: IgovErrorKind;
  readonly status?: number;
  /** The domain only looks at this: retry with backoff, or record and stop. */
  readonly retryable: boolean;
  constructor(options: { kind: IgovErrorKind; route: string; status?: number; detail?: string }) {
    super(`igov ${options.route}: ${options.status ?? "network"} ${options.detail ?? ""}`.trim());
    this.name = "IgovError";
    this.kind = options.kind;
    this.status = options.status;
    this.retryable = options.kind === "unavailable" || options.kind === "bad-answer";
  }
}

export function isIgovError(e: unknown): e is IgovError {
  return e instanceof IgovError;
}

export function classifyIgovError(options: { route: string; status: number; body: unknown }): IgovError {
  const { route, status } = options;
  const text = typeof options.body === "string" ? options.body : JSON.stringify(options.body ?? "");
  if (status >= 500 || status === 429 || status === 408) return new IgovError({ kind: "unavailable", route, status });
  if (/record not found/i.test(text)) return new IgovError({ kind: "not-found", route, status, detail: "Record not found" });
  if (/crc error/i.test(text)) return new IgovError({ kind: "check-digit", route, status, detail: "CRC Error" });
  return new IgovError({ kind: "rejected", route, status });
}
