import { getEnv } from "./env.server.ts";

type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type Subsystem = "web" | "worker" | "bot" | "twilio" | "igov" | "domain" | "start" | "seed" | "bench" | "db";

// One structured logger: JSON lines with a subsystem field. Callers pass ids and counts,
// never tokens, full phone numbers or message text (see maskPhone).
export function createLogger(subsystem: Subsystem) {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[getEnv().LOG_LEVEL]) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level, subsystem, msg, ...fields });
    (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
  };
  return {
    debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
    info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
    warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
    error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
  };
}

export type Logger = ReturnType<typeof createLogger>;

/**
 * For failures that repeat in bursts (every query during a database outage fails the same
 * way): the first of a kind goes out at once; repeats are counted, and while they go on one
 * line per `everyMs` says how many there were (`repeats`). After a quiet `everyMs` the next
 * one goes out at once again.
 */
export function createRepeatGate(everyMs = 5_000) {
  const kinds = new Map<string, { held: number }>();
  return (kind: string, emit: (repeats: number) => void) => {
    const seen = kinds.get(kind);
    if (seen) {
      seen.held++;
      return;
    }
    const state = { held: 0 };
    kinds.set(kind, state);
    emit(0);
    const tick = () => {
      if (state.held === 0) {
        kinds.delete(kind);
        return;
      }
      const held = state.held;
      state.held = 0;
      emit(held);
      setTimeout(tick, everyMs).unref();
    };
    setTimeout(tick, everyMs).unref();
  };
}

/** "+380501234567" → "+38050*****67": enough to tell calls apart, not to dial. */
export function maskPhone(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  if (phone.length <= 6) return "***";
  return phone.slice(0, 6) + "*".repeat(Math.max(0, phone.length - 8)) + phone.slice(-2);
}

/**
 * An error as log fields a person can debug from: its class, message and the top of its
 * stack, with what must never reach a log taken out — Bot API tokens (they sit in
 * Telegram URLs), secrets after "token="/"password=", e-mail addresses and phone numbers.
 */
export function describeError(error: unknown): { error: string; message: string; stack?: string } {
  const e = error instanceof Error ? error : new Error(typeof error === "string" ? error : (JSON.stringify(error) ?? String(error)));
  const stack = e.stack?.split("\n").slice(1, 8).join("\n");
  return { error: e.name, message: redact(e.message).slice(0, 500), ...(stack ? { stack: redact(stack) } : {}) };
}

// Our record ids are UUIDs; their digit runs are not phone numbers and must stay readable.
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

export function redact(text: string): string {
  const ids: string[] = [];
  const kept = text.replace(UUID, (id) => `\uE000${ids.push(id) - 1}\uE000`);
  return kept
    .replace(/bot\d{5,}:[A-Za-z0-9_-]{20,}/g, "bot<token>")
    .replace(/\b(token|secret|password|auth(?:orization)?)([=:]\s*)[^\s&"',;]+/gi, "$1$2<redacted>")
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, "<e-mail>")
    .replace(/\+?\d[\d\s()-]{8,}\d/g, (m) => maskPhone(m.replace(/[\s()-]/g, "")) ?? "<phone>")
    .replace(/\uE000(\d+)\uE000/g, (_, i: string) => ids[Number(i)] ?? "");
}
