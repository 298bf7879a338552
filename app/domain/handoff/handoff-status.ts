import type { HandoffStatus } from "#app/generated/prisma/enums.ts";

// A hand-off's own statuses (not the request's: see app/domain/requests/status-machine.ts).
// Pure: no database, safe in the browser.

/**
 * Decided: the provider has given its answer on the hand-off. It is over: no order id is
 * recorded any more, no outcome is recorded by hand, the provider is no longer polled, and
 * the request it came from is closed.
 */
export const HANDOFF_DECIDED_STATUSES = [
  "CLOSED", // the service was provided
  "REJECTED", // the provider refused it
] as const satisfies readonly HandoffStatus[];

/** What a provider (or an operator, for one without status tracking) decided. */
export type HandoffDecision = (typeof HANDOFF_DECIDED_STATUSES)[number];

export function isHandoffDecided(status: string): status is HandoffDecision {
  return (HANDOFF_DECIDED_STATUSES as readonly string[]).includes(status);
}
