import type { RequestStatus } from "#app/generated/prisma/enums.ts";

// The request lifecycle. Anything not listed is refused with INVALID_TRANSITION.
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

export const OPEN_STATUSES: readonly RequestStatus[] = ["NEW", "ASSIGNED", "IN_PROGRESS", "WAITING_CITIZEN", "RETURNED"];
export const FINAL_STATUSES: readonly RequestStatus[] = ["CLOSED", "REJECTED", "MERGED"];

export function canTransition(from: RequestStatus, to: RequestStatus) {
  return TRANSITIONS[from].includes(to);
}
