import type { Prisma } from "#app/generated/prisma/client.ts";

/**
 * When an outage (or planned works) is in force — the one rule. It is in force at `at`
 * once it has started (startsAt ≤ at) and until an administrator ends it (endedAt, if
 * set, is after `at`). Its planned end is a forecast, not the end: an outage past its
 * planned end is still in force until someone ends it.
 *
 * The options widen or narrow that for the places that need it:
 * - `startingBy`: also planned works that start by then (the admin list and the hotline
 *   announce what is coming); `"any"` takes every start.
 * - `withinPlannedEnd`: leave out those whose planned end has passed (the hotline does
 *   not announce an outage that should be over).
 */
export function outageInForceWhere(at: Date, options: { startingBy?: Date | "any"; withinPlannedEnd?: boolean } = {}): Prisma.OutageWhereInput {
  const startingBy = options.startingBy ?? at;
  return {
    ...(startingBy === "any" ? {} : { startsAt: { lte: startingBy } }),
    AND: [
      { OR: [{ endedAt: null }, { endedAt: { gt: at } }] },
      ...(options.withinPlannedEnd ? [{ OR: [{ plannedEndAt: null }, { plannedEndAt: { gte: at } }] }] : []),
    ],
  };
}

/** The same rule for one outage already read. */
export function isOutageInForce(
  outage: { startsAt: Date; endedAt: Date | null; plannedEndAt?: Date | null },
  at: Date,
  options: { startingBy?: Date | "any"; withinPlannedEnd?: boolean } = {},
): boolean {
  const startingBy = options.startingBy ?? at;
  if (startingBy !== "any" && outage.startsAt > startingBy) return false;
  if (outage.endedAt && outage.endedAt <= at) return false;
  if (options.withinPlannedEnd && outage.plannedEndAt && outage.plannedEndAt < at) return false;
  return true;
}
