import { getDb, type Tx } from "#app/utils/db.server.ts";

/**
 * The date a citizen is told to expect: the earliest running term of the request other
 * than the contact centre's own term to categorise it, which is internal (two working
 * hours to sort a text is no promise of an answer). A request with only that term has no
 * date yet. `dueAt` is the request's column; a request known to have a category never
 * runs the triage term, so it needs no query.
 */
export async function citizenDueAt(options: { tx?: Tx; requestId: string; dueAt: Date | null; categorised?: boolean }): Promise<Date | null> {
  if (!options.dueAt || options.categorised) return options.dueAt;
  const db = options.tx ?? getDb();
  const first = await db.deadline.findFirst({
    where: { requestId: options.requestId, active: true, kind: { not: "TRIAGE" } },
    orderBy: { dueAt: "asc" },
    select: { dueAt: true },
  });
  return first?.dueAt ?? null;
}
