import type { Tx } from "#app/utils/db.server.ts";

/** SLV-2026-000123: one gapless-enough counter per year, safe under concurrent submits. */
export async function nextPublicNumber(options: { tx: Tx; year: number }): Promise<string> {
  const rows = await options.tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "RequestNumberCounter" (year, last) VALUES (${options.year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = "RequestNumberCounter".last + 1
    RETURNING last`;
  const n = rows[0]!.last;
  return `SLV-${options.year}-${String(n).padStart(6, "0")}`;
}

export const PUBLIC_NUMBER_RE = /^SLV-(\d{4})-(\d{6,})$/;
