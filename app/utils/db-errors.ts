// PostgreSQL refusing a value (not the database being down): an id that is not a UUID,
// a NUL or bad byte in text, an escape jsonb cannot hold, a number or date out of range.
// Doors validate first; this names the leftovers so they are treated as bad input (a 4xx,
// or an inbound delivery set aside) and never as a failure worth retrying.
import { Prisma } from "#app/generated/prisma/client.ts";

// SQLSTATE class 22 (data exception) and 54001 (statement too deeply nested).
const INVALID_INPUT_SQLSTATE = /^(22[0-9A-Z]{3}|54001)$/;
// Prisma's own codes for a value it or the driver could not use.
const INVALID_INPUT_PRISMA = new Set(["P2000", "P2006", "P2007", "P2020", "P2023", "P2033"]);

export function isInvalidInputError(e: unknown): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (INVALID_INPUT_PRISMA.has(e.code)) return true;
  const cause = (e.meta as { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } | undefined)?.driverAdapterError?.cause;
  const sqlState = String(cause?.originalCode ?? cause?.code ?? "");
  return INVALID_INPUT_SQLSTATE.test(sqlState);
}

// The database itself being away (stopped, restarting, unreachable, out of connections), as
// opposed to a query it refused: Prisma's connection codes, PostgreSQL's SQLSTATE classes 08
// (connection exception) and 57P (shutdown, starting up), too many connections, and the
// driver's own socket errors, which reach us as plain Errors. An overloaded database that cannot
// hand out a connection (P2024) or start a transaction in time (P2028, "Unable to start a
// transaction in the given time") is away for this request just the same.
const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// P2028 also names transaction misuse (a bug); only its timeouts are the database being away.
const UNAVAILABLE_TRANSACTION = /Unable to start a transaction in the given time|timeout for this transaction/i;
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-4]|53300)$/;
const UNAVAILABLE_SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|Can't reach database server|Server has closed the connection|timeout exceeded when trying to connect|Client has encountered a connection error/i;

export function isDatabaseUnavailableError(e: unknown): boolean {
  if (e instanceof Prisma.PrismaClientInitializationError) return true;
  if (e instanceof Prisma.PrismaClientKnownRequestError) {
    if (UNAVAILABLE_PRISMA.has(e.code)) return true;
    if (e.code === "P2028" && UNAVAILABLE_TRANSACTION.test(e.message)) return true;
    const cause = (e.meta as { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown; kind?: unknown } } } | undefined)?.driverAdapterError
      ?.cause;
    if (UNAVAILABLE_SQLSTATE.test(String(cause?.originalCode ?? cause?.code ?? ""))) return true;
    if (cause?.kind === "DatabaseNotReachable" || cause?.kind === "ConnectionClosed" || cause?.kind === "SocketTimeout" || cause?.kind === "TooManyConnections")
      return true;
  }
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string" && (UNAVAILABLE_SOCKET.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (UNAVAILABLE_MESSAGE.test(e.message)) return true;
  // AggregateError (every address refused) and errors wrapping the socket's.
  const inner = (e as { cause?: unknown; errors?: unknown[] }).cause ?? (e as { errors?: unknown[] }).errors?.[0];
  return inner !== undefined && inner !== e && isDatabaseUnavailableError(inner);
}
