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
