import { describe, expect, test } from "vitest";
import { isOutageInForce, outageInForceWhere } from "#app/domain/outages/outage-in-force.ts";

const at = new Date("2026-11-26T10:00:00Z");
const h = (n: number) => new Date(at.getTime() + n * 3_600_000);

describe("an outage in force", () => {
  test("started and not ended; a passed planned end does not end it", () => {
    expect(isOutageInForce({ startsAt: h(-1), endedAt: null }, at)).toBe(true);
    expect(isOutageInForce({ startsAt: h(-3), endedAt: null, plannedEndAt: h(-1) }, at)).toBe(true);
    expect(isOutageInForce({ startsAt: h(1), endedAt: null }, at)).toBe(false);
    expect(isOutageInForce({ startsAt: h(-3), endedAt: h(-1) }, at)).toBe(false);
    expect(isOutageInForce({ startsAt: h(-3), endedAt: at }, at)).toBe(false);
    expect(isOutageInForce({ startsAt: h(-3), endedAt: h(1) }, at)).toBe(true);
  });

  test("widened to what is coming, narrowed to within its planned end", () => {
    expect(isOutageInForce({ startsAt: h(30), endedAt: null }, at, { startingBy: "any" })).toBe(true);
    expect(isOutageInForce({ startsAt: h(30), endedAt: null }, at, { startingBy: h(24) })).toBe(false);
    expect(isOutageInForce({ startsAt: h(-3), endedAt: null, plannedEndAt: h(-1) }, at, { withinPlannedEnd: true })).toBe(false);
    expect(isOutageInForce({ startsAt: h(-3), endedAt: null, plannedEndAt: null }, at, { withinPlannedEnd: true })).toBe(true);
  });

  test("the database filter says the same", () => {
    expect(outageInForceWhere(at)).toEqual({ startsAt: { lte: at }, AND: [{ OR: [{ endedAt: null }, { endedAt: { gt: at } }] }] });
    expect(outageInForceWhere(at, { startingBy: "any" })).toEqual({ AND: [{ OR: [{ endedAt: null }, { endedAt: { gt: at } }] }] });
    expect(outageInForceWhere(at, { startingBy: h(168), withinPlannedEnd: true })).toEqual({
      startsAt: { lte: h(168) },
      AND: [{ OR: [{ endedAt: null }, { endedAt: { gt: at } }] }, { OR: [{ plannedEndAt: null }, { plannedEndAt: { gte: at } }] }],
    });
  });
});
