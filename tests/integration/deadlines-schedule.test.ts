import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { seedCalendar } from "#app/domain/calendar/seed-calendar.server.ts";
import { setCalendarRegime } from "#app/domain/calendar/set-calendar-regime.server.ts";
import { parseIsoInstant, toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { markDeadlinesMet } from "#app/domain/deadlines/mark-deadlines-met.server.ts";
import { scheduleDeadlines } from "#app/domain/deadlines/schedule-deadlines.server.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { getDb } from "#app/utils/db.server.ts";

const at = (iso: string) => parseIsoInstant(iso)!;

async function createCategory(data: Partial<Prisma.CategoryUncheckedCreateInput> = {}) {
  const code = `cat-${randomUUID().slice(0, 8)}`;
  return getDb().category.create({ data: { code, nameUk: `Категорія ${code}`, nameEn: `Category ${code}`, ...data } });
}

async function createRequest(data: Partial<Prisma.RequestUncheckedCreateInput> & { receivedAt: Date }) {
  return getDb().request.create({
    data: { number: `SLV-T-${randomUUID()}`, accessTokenHash: randomUUID(), channel: "WEB", description: "Немає води", ...data },
  });
}

async function schedule(requestId: string, now?: Date) {
  return getDb().$transaction((tx) => scheduleDeadlines({ tx, requestId, now }));
}

beforeAll(async () => {
  await seedCalendar({ years: [2026, 2027] });
  // Peace returns in this test database from 2027, so both regimes can be seen.
  await setCalendarRegime({ regime: "PEACETIME", effectiveFrom: "2027-01-01" });
});

describe("scheduleDeadlines", () => {
  test("a service request gets its category's SLA, counted from receipt, and the request shows it", async () => {
    const category = await createCategory({ slaAmount: 7, slaUnit: "CALENDAR_DAYS" });
    // Monday 17 August 2026 + 7 days = Monday 24 August, a working day under martial law.
    const request = await createRequest({ receivedAt: at("2026-08-17T10:00:00+03:00"), categoryId: category.id });

    const deadlines = await schedule(request.id);

    expect(deadlines).toHaveLength(1);
    const [sla] = deadlines;
    expect(sla).toMatchObject({ kind: "SLA", label: "sla", active: true, warned: false, breached: false });
    expect(toKyivIso(sla!.dueAt)).toBe("2026-08-24T23:59:59.999+03:00");
    expect(sla!.startedAt.toISOString()).toBe(request.receivedAt.toISOString());
    // Warned at three quarters of the term by default.
    const span = sla!.dueAt.getTime() - sla!.startedAt.getTime();
    expect(sla!.warnAt.getTime()).toBe(sla!.startedAt.getTime() + Math.round(0.75 * span));

    const after = await getDb().request.findUniqueOrThrow({ where: { id: request.id } });
    expect(after.dueAt?.toISOString()).toBe(sla!.dueAt.toISOString());

    const event = await getDb().requestEvent.findFirstOrThrow({ where: { requestId: request.id, type: "deadlines-set" } });
    expect(event).toMatchObject({ actorType: "SYSTEM", isPublic: true });
    expect(event.data).toMatchObject({ regime: "MARTIAL_LAW", deadlines: [{ kind: "SLA", label: "sla", dueAt: "2026-08-24T23:59:59.999+03:00" }] });
  });

  test("the regime in force at receipt decides: the same term in peacetime skips Independence Day", async () => {
    const category = await createCategory({ slaAmount: 7, slaUnit: "CALENDAR_DAYS" });
    // Tuesday 17 August 2027 + 7 = Tuesday 24 August 2027, a holiday in peacetime.
    const request = await createRequest({ receivedAt: at("2027-08-17T10:00:00+03:00"), categoryId: category.id });
    const [sla] = await schedule(request.id);
    expect(toKyivIso(sla!.dueAt)).toBe("2027-08-25T23:59:59.999+03:00");
  });

  test("an appeal gets the statutory term as well, and the request's due date is the earlier one", async () => {
    const category = await createCategory({ slaAmount: 2, slaUnit: "HOURS", statutoryApplies: true, statutoryTerm: "MONTH_1" });
    const request = await createRequest({ receivedAt: at("2026-03-02T10:00:00+02:00"), categoryId: category.id, isAppeal: true });
    await getDb().appeal.create({
      data: {
        requestId: request.id,
        kind: "APPLICATION",
        receiptForm: "WEB",
        fullName: "Іван Петренко",
        residence: "Слов'янськ",
        contact: "+380501234567",
        statutoryTerm: "DAYS_15",
      },
    });

    const deadlines = await schedule(request.id);

    const byKind = Object.fromEntries(deadlines.map((d) => [d.kind, d]));
    expect(byKind.SLA!.dueAt.toISOString()).toBe("2026-03-02T10:00:00.000Z");
    // The appeal's own term (15 days) wins over the category's month: 17 March 2026, Tuesday.
    expect(byKind.STATUTORY).toMatchObject({ label: "appeal-15d" });
    expect(toKyivIso(byKind.STATUTORY!.dueAt)).toBe("2026-03-17T23:59:59.999+02:00");
    const after = await getDb().request.findUniqueOrThrow({ where: { id: request.id } });
    expect(after.dueAt?.toISOString()).toBe("2026-03-02T10:00:00.000Z");
  });

  test("a category under the law without an appeal row gets its statutory month", async () => {
    const category = await createCategory({ statutoryApplies: true });
    const request = await createRequest({ receivedAt: at("2026-01-31T12:00:00+02:00"), categoryId: category.id });
    const deadlines = await schedule(request.id);
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]).toMatchObject({ kind: "STATUTORY", label: "appeal-1m" });
    // 28 February 2026 is a Saturday.
    expect(toKyivIso(deadlines[0]!.dueAt)).toBe("2026-03-02T23:59:59.999+02:00");
  });

  test("the warning share is a city setting", async () => {
    const setWarnShare = (value: number) =>
      getDb().setting.upsert({ where: { key: "deadlines.warnShare" }, create: { key: "deadlines.warnShare", value }, update: { value } });
    await setWarnShare(0.5);
    try {
      const category = await createCategory({ slaAmount: 10, slaUnit: "HOURS" });
      const request = await createRequest({ receivedAt: at("2026-05-05T08:00:00Z"), categoryId: category.id });
      const [sla] = await schedule(request.id);
      expect(sla!.warnAt.toISOString()).toBe("2026-05-05T13:00:00.000Z");
    } finally {
      await getDb().setting.delete({ where: { key: "deadlines.warnShare" } });
    }
  });

  test("re-classification retires the old deadlines and leaves exactly one active set", async () => {
    const slow = await createCategory({ slaAmount: 7, slaUnit: "CALENDAR_DAYS" });
    const urgent = await createCategory({ slaAmount: 2, slaUnit: "HOURS" });
    const request = await createRequest({ receivedAt: at("2026-06-01T09:00:00+03:00"), categoryId: slow.id });
    const [first] = await schedule(request.id);

    await getDb().request.update({ where: { id: request.id }, data: { categoryId: urgent.id } });
    const [second] = await schedule(request.id);

    expect(second!.id).not.toBe(first!.id);
    expect(second!.dueAt.toISOString()).toBe("2026-06-01T08:00:00.000Z");
    const rows = await getDb().deadline.findMany({ where: { requestId: request.id } });
    expect(rows.filter((d) => d.active).map((d) => d.id)).toEqual([second!.id]);
    expect(rows.find((d) => d.id === first!.id)).toMatchObject({ active: false, metAt: null });
    const after = await getDb().request.findUniqueOrThrow({ where: { id: request.id } });
    expect(after.dueAt?.toISOString()).toBe("2026-06-01T08:00:00.000Z");
  });

  test("re-routing with the same term does not warn or escalate the same term again", async () => {
    const category = await createCategory({ slaAmount: 1, slaUnit: "HOURS" });
    const request = await createRequest({ receivedAt: at("2026-06-01T09:00:00+03:00"), categoryId: category.id });
    const [first] = await schedule(request.id);
    await getDb().deadline.update({ where: { id: first!.id }, data: { warned: true, warnedAt: new Date(), breached: true, breachedAt: new Date() } });

    const [second] = await schedule(request.id);
    expect(second).toMatchObject({ warned: true, breached: true, active: true });
  });

  test("a request with no category and no appeal gets only the contact centre's term to categorise it", async () => {
    // Monday 09:00 Kyiv: two working hours, so 11:00 (tests/integration/triage-clock.test.ts has the rest).
    const request = await createRequest({ receivedAt: at("2026-06-01T09:00:00+03:00") });
    const deadlines = await schedule(request.id);
    expect(deadlines.map((d) => [d.kind, d.label, toKyivIso(d.dueAt)])).toEqual([["TRIAGE", "triage", "2026-06-01T11:00:00.000+03:00"]]);
  });
});

describe("markDeadlinesMet", () => {
  test("resolving stops every running clock and clears the request's due date", async () => {
    const category = await createCategory({ slaAmount: 3, slaUnit: "WORKING_DAYS", statutoryApplies: true });
    const request = await createRequest({ receivedAt: at("2026-06-01T09:00:00+03:00"), categoryId: category.id });
    await schedule(request.id);
    const resolvedAt = at("2026-06-02T15:00:00+03:00");

    const { count } = await getDb().$transaction((tx) => markDeadlinesMet({ tx, requestId: request.id, at: resolvedAt }));

    expect(count).toBe(2);
    const rows = await getDb().deadline.findMany({ where: { requestId: request.id } });
    expect(rows.every((d) => !d.active && d.metAt?.toISOString() === resolvedAt.toISOString())).toBe(true);
    expect((await getDb().request.findUniqueOrThrow({ where: { id: request.id } })).dueAt).toBeNull();
  });
});
