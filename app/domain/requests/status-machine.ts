import type { RequestStatus } from "#app/generated/prisma/enums.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import type { Tx } from "#app/utils/db.server.ts";
import { AppError, type ErrorKey, type TextRef } from "#app/utils/errors.ts";
// The type the console reads, from the domain rather than the database client.
export type { RequestStatus };

// The request lifecycle (docs/decisions/004-statuses.md): the table of moves, the named
// groups of statuses every use case asks about, and the one guarded write of a status.

// Anything not listed is refused with INVALID_TRANSITION.
export const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  NEW: ["ASSIGNED", "IN_PROGRESS", "REJECTED", "MERGED", "HANDED_OFF"],
  ASSIGNED: ["ASSIGNED", "IN_PROGRESS", "WAITING_CITIZEN", "RESOLVED", "RETURNED", "REJECTED", "MERGED", "HANDED_OFF"],
  IN_PROGRESS: ["ASSIGNED", "WAITING_CITIZEN", "RESOLVED", "RETURNED", "REJECTED", "MERGED", "HANDED_OFF"],
  WAITING_CITIZEN: ["IN_PROGRESS", "RESOLVED", "REJECTED", "MERGED"],
  RETURNED: ["ASSIGNED", "REJECTED", "MERGED", "HANDED_OFF"],
  // "not resolved" from the citizen (or a failed confirmation call) sends it back for rework.
  RESOLVED: ["CLOSED", "IN_PROGRESS"],
  HANDED_OFF: ["CLOSED"],
  CLOSED: [],
  REJECTED: [],
  MERGED: [],
};

export const ALL_STATUSES = Object.keys(TRANSITIONS) as readonly RequestStatus[];

/**
 * In work: the city still owes an answer. Only these are in the queues, can change category
 * or be followed ("this is my problem too"), and count as load on the dashboard.
 */
export const OPEN_STATUSES: readonly RequestStatus[] = ["NEW", "ASSIGNED", "IN_PROGRESS", "WAITING_CITIZEN", "RETURNED"];

/**
 * Settled: everything that is not open — answered (RESOLVED), closed, refused, merged or
 * handed off to another service. The clocks stop, deadlines no longer warn, a term cannot
 * be extended, and a due date is no longer promised to the citizen.
 */
export const SETTLED_STATUSES: readonly RequestStatus[] = ALL_STATUSES.filter((s) => !OPEN_STATUSES.includes(s));

/**
 * Final: no move leads out of it (CLOSED, REJECTED, MERGED). The conversation is over: the
 * citizen can no longer add words or photos, nothing merges into it.
 *
 * Why this is narrower than SETTLED: after RESOLVED the citizen may still answer "not
 * resolved" (respond-to-resolution reopens it) and may send details or photos with that
 * (they are recorded, they do not reopen it by themselves); a HANDED_OFF request waits
 * for the provider's outcome and the citizen may still add to it meanwhile.
 */
export const FINAL_STATUSES: readonly RequestStatus[] = ALL_STATUSES.filter((s) => TRANSITIONS[s].length === 0);

/** The city has answered (resolved, or closed after that): the answer can be rated; a new appeal of the same kind is a repeated one. */
export const ANSWERED_STATUSES: readonly RequestStatus[] = ["RESOLVED", "CLOSED"];

export const isOpen = (status: RequestStatus) => OPEN_STATUSES.includes(status);
export const isSettled = (status: RequestStatus) => SETTLED_STATUSES.includes(status);
export const isFinal = (status: RequestStatus) => FINAL_STATUSES.includes(status);
export const isAnswered = (status: RequestStatus) => ANSWERED_STATUSES.includes(status);

export function canTransition(from: RequestStatus, to: RequestStatus) {
  return TRANSITIONS[from].includes(to);
}

/** A status's name, translated with the error that mentions it. */
export const statusRef = (status: RequestStatus): TextRef => ({ key: `console:status.${status}` });

/** Throws INVALID_TRANSITION (params: status; details: from, to) unless the table allows the move. */
export function assertTransition(from: RequestStatus, to: RequestStatus, refusal: ErrorKey = "errors:request.invalidTransition") {
  if (!canTransition(from, to)) throw new AppError("INVALID_TRANSITION", refusal, { params: { status: statusRef(from) }, details: { from, to } });
}

/** The lifecycle timestamps a move sets: resolvedAt on resolving (cleared on reopening), closedAt on closing. */
export function lifecycleStamps(from: RequestStatus, to: RequestStatus, now: Date): { resolvedAt?: Date | null; closedAt?: Date } {
  return {
    ...(to === "RESOLVED" ? { resolvedAt: now } : {}),
    ...(from === "RESOLVED" && to === "IN_PROGRESS" ? { resolvedAt: null } : {}),
    ...(to === "CLOSED" ? { closedAt: now } : {}),
  };
}

/**
 * The one write of a request's status. Refuses a move the table does not allow
 * (INVALID_TRANSITION) and writes only while the status is still `from`, the one the caller
 * read (CONFLICT otherwise), so two people acting at once cannot both win. Sets the
 * lifecycle timestamps; `data` carries the other columns written with the move.
 */
export async function writeStatusWithin(options: {
  tx: Tx;
  requestId: string;
  from: RequestStatus;
  to: RequestStatus;
  now: Date;
  data?: Omit<Prisma.RequestUncheckedUpdateManyInput, "status">;
  /** The INVALID_TRANSITION text (with a {status} placeholder), when the caller has a better one. */
  refusal?: ErrorKey;
}) {
  const { tx, requestId, from, to, now } = options;
  assertTransition(from, to, options.refusal);
  const updated = await tx.request.updateMany({
    where: { id: requestId, status: from },
    data: { ...options.data, ...lifecycleStamps(from, to, now), status: to },
  });
  if (updated.count !== 1) throw new AppError("CONFLICT", "errors:request.changedMeanwhile");
}
