// The contact centre's term to categorise a request counts its working hours only.
import { describe, expect, it } from "vitest";
import { createWorkCalendar } from "#app/domain/calendar/terms.ts";
import { parseIsoInstant, toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { triageDueAt } from "#app/domain/deadlines/triage-term.ts";

const at = (iso: string) => parseIsoInstant(iso)!;
const hours = { minutes: 120, dayStartHour: 8, dayEndHour: 18 };
const due = (received: string, options: Partial<typeof hours> = {}, calendar = createWorkCalendar({})) =>
  toKyivIso(triageDueAt({ receivedAt: at(received), calendar, hours: { ...hours, ...options } }));

describe("triageDueAt", () => {
  it("adds the minutes within the working day", () => {
    expect(due("2026-08-19T10:00:00+03:00")).toBe("2026-08-19T12:00:00.000+03:00");
  });

  it("starts counting when the centre opens, for a text sent at night", () => {
    expect(due("2026-08-19T02:13:00+03:00")).toBe("2026-08-19T10:00:00.000+03:00");
    expect(due("2026-08-18T23:00:00+03:00")).toBe("2026-08-19T10:00:00.000+03:00");
  });

  it("carries what is left of the day over the weekend and over a day off in the calendar", () => {
    expect(due("2026-10-09T17:30:00+03:00")).toBe("2026-10-12T09:30:00.000+03:00");
    const holiday = createWorkCalendar({ exceptions: [{ date: "2026-10-12", isWorking: false }] });
    expect(due("2026-10-09T17:30:00+03:00", {}, holiday)).toBe("2026-10-13T09:30:00.000+03:00");
    // A working Saturday counts.
    const workingSaturday = createWorkCalendar({ exceptions: [{ date: "2026-10-10", isWorking: true }] });
    expect(due("2026-10-09T17:30:00+03:00", {}, workingSaturday)).toBe("2026-10-10T09:30:00.000+03:00");
  });

  it("counts exact hours across the change to winter time", () => {
    // Kyiv goes from +03:00 to +02:00 on Sunday 25 October 2026; a round-the-clock centre
    // (0–24) counting 4 hours from 01:00 summer time ends at 04:00 winter time.
    expect(
      due(
        "2026-10-25T01:00:00+03:00",
        { minutes: 240, dayStartHour: 0, dayEndHour: 24 },
        createWorkCalendar({ exceptions: [{ date: "2026-10-25", isWorking: true }] }),
      ),
    ).toBe("2026-10-25T04:00:00.000+02:00");
  });

  it("reads nonsense hours as the whole day rather than never coming due", () => {
    expect(due("2026-08-19T20:00:00+03:00", { dayStartHour: 18, dayEndHour: 8 })).toBe("2026-08-19T22:00:00.000+03:00");
  });
});
