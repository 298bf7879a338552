// One error type for the whole core; each door maps `code` to its medium
// (HTTP status, a bot reply, TwiML). `field` names the input a person must fix.
export type AppErrorCode = "VALIDATION" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "INVALID_TRANSITION" | "UNAVAILABLE";

const httpStatus: Record<AppErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  UNAVAILABLE: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field?: string;
  readonly details?: Record<string, unknown>;
  constructor(code: AppErrorCode, message: string, options: { field?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }
  get status() {
    return httpStatus[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
