import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { seedCalendar } from "#app/domain/calendar/seed-calendar.server.ts";
import { parseIsoInstant, toKyivIso } from "#app/domain/calendar/kyiv-time.ts";
import { extendStatutoryTerm } from "#app/domain/deadlines/extend-statutory-term.server.ts";
import { scheduleDeadlines } from "#app/domain/deadlines/schedule-deadlines.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";
import { createCategory } from "#tests/factories/org.ts";

const at = (iso: string) => parseIsoInstant(iso)!;
// Monday 2 March 2026: one month ends Thursday 2 April; 45 days end Thursday 16 April.
const RECEIVED = at("2026-03-02T10:00:00+02:00");
const NOW = at("2026-03-20T12:00:00+02:00");

let headId: string;
let departmentId: string;
let categoryId: string;
/** The head of the department executing the appeal. */
let head: { id: string; role: "DEPARTMENT_HEAD"; departmentId: string };

async function appealRequest(options: { reachable: boolean; isAppeal?: boolean }) {
  const db = getDb();
  const citizen = await db.citizen.create({ data: { fullName: "Олена Коваль", residence: "Слов'янськ" } });
  if (options.reachable) {
    await db.channelIdentity.create({ data: { citizenId: citizen.id, channel: "TELEGRAM", externalId: String(Math.floor(Math.random() * 1e9)) } });
  }
  const request = await db.request.create({
    data: {
      number: `SLV-T-${randomUUID()}`,
      accessTokenHash: randomUUID(),
      channel: "TELEGRAM",
      description: "Прошу відремонтувати дах",
      receivedAt: RECEIVED,
      citizenId: citizen.id,
      isAppeal: options.isAppeal ?? true,
      status: "IN_PROGRESS",
      departmentId,
      // Categorised (no operational term of its own): only the statutory clock runs.
      categoryId,
    },
  });
  if (options.isAppeal ?? true) {
    await db.appeal.create({
      data: { requestId: request.id, kind: "APPLICATION", receiptForm: "TELEGRAM", fullName: "Олена Коваль", residence: "Слов'янськ", contact: "@olena" },
    });
  }
  await db.$transaction((tx) => scheduleDeadlines({ tx, requestId: request.id, now: RECEIVED }));
  return request;
}

async function statutory(requestId: string) {
  return getDb().deadline.findFirstOrThrow({ where: { requestId, kind: "STATUTORY", active: true } });
}

beforeAll(async () => {
  await seedCalendar({ years: [2026] });
  departmentId = (await getDb().department.create({ data: { code: "roofs", nameUk: "Покрівлі", nameEn: "Roofs" } })).id;
  categoryId = (await createCategory({ code: "roofs.leak", departmentId, slaAmount: null, slaUnit: null })).id;
  headId = (await getDb().staffUser.create({ data: { email: "head@test.local", name: "Голова", role: "DEPARTMENT_HEAD", departmentId } })).id;
  head = { id: headId, role: "DEPARTMENT_HEAD", departmentId };
});

describe("extendStatutoryTerm", () => {
  test("an appeal starts with one month", async () => {
    const request = await appealRequest({ reachable: true });
    const d = await statutory(request.id);
    expect(d.label).toBe("appeal-1m");
    expect(toKyivIso(d.dueAt)).toBe("2026-04-02T23:59:59.999+03:00");
  });

  test("beyond 45 days from receipt is refused, naming the field and the last allowed date", async () => {
    const request = await appealRequest({ reachable: true });
    const attempt = extendStatutoryTerm({
      requestId: request.id,
      actor: head,
      until: at("2026-04-17T12:00:00+03:00"),
      reason: "Потрібна експертиза",
      now: NOW,
    });
    await expect(attempt).rejects.toMatchObject({ code: "VALIDATION", field: "until" });
    expect(toUserError(await attempt.catch((e: unknown) => e), "uk").message).toMatch(/45 днів.*16\.04\.2026/);
    expect(toKyivIso((await statutory(request.id)).dueAt)).toBe("2026-04-02T23:59:59.999+03:00");
    expect(await getDb().notification.count({ where: { requestId: request.id } })).toBe(0);
  });

  test("the English message names the cap date too", async () => {
    const request = await appealRequest({ reachable: true });
    const refused = await extendStatutoryTerm({ requestId: request.id, actor: head, until: at("2026-05-01T12:00:00+03:00"), reason: "x", now: NOW }).catch(
      (e: unknown) => e,
    );
    expect(toUserError(refused, "en").message).toMatch(/45 days.*16\.04\.2026/);
    // The log line is English whatever the reader's language.
    expect((refused as Error).message).toMatch(/45 days.*16\.04\.2026/);
  });

  test("a date not later than the current term is refused", async () => {
    const request = await appealRequest({ reachable: true });
    await expect(
      extendStatutoryTerm({ requestId: request.id, actor: head, until: at("2026-04-02T09:00:00+03:00"), reason: "x", now: NOW }),
    ).rejects.toMatchObject({ code: "VALIDATION", field: "until" });
  });

  test("a citizen who cannot be notified blocks the extension", async () => {
    const request = await appealRequest({ reachable: false });
    await expect(
      extendStatutoryTerm({ requestId: request.id, actor: head, until: at("2026-04-15T12:00:00+03:00"), reason: "Потрібна експертиза", now: NOW }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const appeal = await getDb().appeal.findUniqueOrThrow({ where: { requestId: request.id } });
    expect(appeal.extendedUntil).toBeNull();
    expect(toKyivIso((await statutory(request.id)).dueAt)).toBe("2026-04-02T23:59:59.999+03:00");
  });

  test("only the centre or the head of the executing department may extend", async () => {
    const request = await appealRequest({ reachable: true });
    const until = at("2026-04-15T12:00:00+03:00");
    const other = (await getDb().department.create({ data: { code: "parks", nameUk: "Парки", nameEn: "Parks" } })).id;
    await expect(
      extendStatutoryTerm({ actor: { id: headId, role: "DEPARTMENT_HEAD", departmentId: other }, requestId: request.id, until, reason: "x", now: NOW }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      extendStatutoryTerm({ actor: { id: headId, role: "DEPARTMENT_OFFICER", departmentId }, requestId: request.id, until, reason: "x", now: NOW }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("a service request that is not an appeal cannot be extended", async () => {
    const request = await appealRequest({ reachable: true, isAppeal: false });
    await expect(
      extendStatutoryTerm({ requestId: request.id, actor: head, until: at("2026-04-15T12:00:00+03:00"), reason: "x", now: NOW }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("with a reachable citizen the notice is recorded and the due date moves to the end of the chosen day", async () => {
    const request = await appealRequest({ reachable: true });
    const result = await extendStatutoryTerm({
      requestId: request.id,
      actor: head,
      until: at("2026-04-15T10:00:00+03:00"),
      reason: "Потрібна експертиза покрівлі",
      now: NOW,
    });

    expect(toKyivIso(result.until)).toBe("2026-04-15T23:59:59.999+03:00");
    const notice = await getDb().notification.findFirstOrThrow({ where: { requestId: request.id } });
    expect(notice).toMatchObject({ template: "extended", channel: "TELEGRAM", status: "PENDING" });
    expect(notice.params).toMatchObject({ until: "15.04.2026", number: request.number });
    expect(result.notificationIds).toEqual([notice.id]);

    const appeal = await getDb().appeal.findUniqueOrThrow({ where: { requestId: request.id } });
    expect(appeal.extensionNoticeId).toBe(notice.id);
    expect(appeal.extensionReason).toBe("Потрібна експертиза покрівлі");
    expect(appeal.extendedUntil?.toISOString()).toBe(result.until.toISOString());

    const d = await statutory(request.id);
    expect(d.label).toBe("appeal-extended");
    expect(toKyivIso(d.dueAt)).toBe("2026-04-15T23:59:59.999+03:00");
    expect((await getDb().request.findUniqueOrThrow({ where: { id: request.id } })).dueAt?.toISOString()).toBe(d.dueAt.toISOString());
    expect(await getDb().deadline.count({ where: { requestId: request.id, active: false, label: "appeal-1m" } })).toBe(1);

    const event = await getDb().requestEvent.findFirstOrThrow({ where: { requestId: request.id, type: "term-extended" } });
    expect(event).toMatchObject({ isPublic: true, actorType: "STAFF", actorId: headId });
    expect(event.data).toMatchObject({ until: "2026-04-15T23:59:59.999+03:00", previousDueAt: "2026-04-02T23:59:59.999+03:00" });
    // The reason is free text: it stays off the public timeline.
    expect(JSON.stringify(event.data)).not.toContain("експертиза");

    // A second extension up to the cap itself is allowed and sends a second notice.
    await extendStatutoryTerm({ requestId: request.id, actor: head, until: at("2026-04-16T08:00:00+03:00"), reason: "Ще одна", now: NOW });
    expect(await getDb().notification.count({ where: { requestId: request.id, template: "extended" } })).toBe(2);
    expect(toKyivIso((await statutory(request.id)).dueAt)).toBe("2026-04-16T23:59:59.999+03:00");
  });
});
