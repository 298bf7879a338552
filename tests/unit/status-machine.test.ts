import { describe, expect, test } from "vitest";
import {
  ANSWERED_STATUSES,
  assertTransition,
  canTransition,
  FINAL_STATUSES,
  isFinal,
  isSettled,
  lifecycleStamps,
  OPEN_STATUSES,
  ALL_STATUSES,
  SETTLED_STATUSES,
} from "#app/domain/requests/status-machine.ts";
import { AppError } from "#app/utils/errors.ts";

describe("status groups", () => {
  test("open and settled split every status in two", () => {
    expect([...OPEN_STATUSES, ...SETTLED_STATUSES].sort()).toEqual([...ALL_STATUSES].sort());
    expect(OPEN_STATUSES.filter((s) => SETTLED_STATUSES.includes(s))).toEqual([]);
    expect([...SETTLED_STATUSES].sort()).toEqual(["CLOSED", "HANDED_OFF", "MERGED", "REJECTED", "RESOLVED"]);
  });

  test("final means no move leads out, and stays narrower than settled", () => {
    expect([...FINAL_STATUSES].sort()).toEqual(["CLOSED", "MERGED", "REJECTED"]);
    for (const s of FINAL_STATUSES) expect(isSettled(s)).toBe(true);
    // A resolved request still takes the citizen's "not resolved"; a handed-off one waits for the provider.
    expect(isFinal("RESOLVED")).toBe(false);
    expect(isFinal("HANDED_OFF")).toBe(false);
  });

  test("answered is resolved or closed", () => {
    expect([...ANSWERED_STATUSES].sort()).toEqual(["CLOSED", "RESOLVED"]);
  });
});

describe("moves", () => {
  test("the table allows and refuses", () => {
    expect(canTransition("RESOLVED", "IN_PROGRESS")).toBe(true);
    expect(canTransition("CLOSED", "IN_PROGRESS")).toBe(false);
    expect(() => assertTransition("NEW", "ASSIGNED")).not.toThrow();
    try {
      assertTransition("CLOSED", "IN_PROGRESS", "errors:request.cannotAssign");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("INVALID_TRANSITION");
      expect((e as AppError).key).toBe("errors:request.cannotAssign");
      expect((e as AppError).params).toEqual({ status: { key: "console:status.CLOSED" } });
      expect((e as AppError).details).toEqual({ from: "CLOSED", to: "IN_PROGRESS" });
    }
  });

  test("lifecycle timestamps", () => {
    const now = new Date("2026-03-10T10:00:00Z");
    expect(lifecycleStamps("IN_PROGRESS", "RESOLVED", now)).toEqual({ resolvedAt: now });
    expect(lifecycleStamps("RESOLVED", "IN_PROGRESS", now)).toEqual({ resolvedAt: null });
    expect(lifecycleStamps("RESOLVED", "CLOSED", now)).toEqual({ closedAt: now });
    expect(lifecycleStamps("HANDED_OFF", "CLOSED", now)).toEqual({ closedAt: now });
    expect(lifecycleStamps("NEW", "ASSIGNED", now)).toEqual({});
  });
});
