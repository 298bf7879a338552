import { getDb } from "#app/utils/db.server.ts";

/**
 * SLV-2026-000123: one counter per Kyiv year. Taken in its own short statement, outside the
 * submit transaction: holding the counter row's lock for a whole submit would serialise
 * every intake in the city behind one row. The price is a rare gap in the numbers when a
 * submit fails after taking one, which is harmless (numbers are identifiers, not counts).
 */
export async function nextPublicNumber(options: { year: number }): Promise<string> {
  const rows = await getDb().$queryRaw<{ last: number }[]>`
    INSERT INTO "RequestNumberCounter" (year, last) VALUES (${options.year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = "RequestNumberCounter".last + 1
    RETURNING last`;
  const n = rows[0]!.last;
  return `SLV-${options.year}-${String(n).padStart(6, "0")}`;
}

export const PUBLIC_NUMBER_RE = /^SLV-(\d{4})-(\d{6,})$/;
