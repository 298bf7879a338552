import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { isAccessTokenFor } from "#app/domain/requests/access-token.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";

beforeEach(async () => {
  const db = getDb();
  // Each test starts from an empty organisation in this file's own database.
  await db.$executeRawUnsafe(
    `TRUNCATE "Notification","Message","RequestEvent","Deadline","Appeal","RequestCoExecutor","RequestFollower","StaffAlert","Request","ChannelIdentity","Citizen","RoutingRule","OutageCategory","Outage","Category","District","StaffUser","Department","RequestNumberCounter" CASCADE`,
  );
  await createSmallCity();
});

describe("submitRequest", () => {
  test("the same delivery twice gives one request, with the same number and tracking token", async () => {
    const input = {
      channel: "TELEGRAM" as const,
      externalId: "update-1001",
      description: "Немає води у будинку з ранку",
      categoryCode: "water.no-water",
      location: POINTS.centre,
      citizen: { identity: { channel: "TELEGRAM" as const, externalId: "555001" } },
    };
    const first = await submitRequest(input);
    const second = await submitRequest(input);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.request.id).toBe(first.request.id);
    expect(second.request.number).toBe(first.request.number);
    expect(second.accessToken).toBe(first.accessToken);
    expect(await getDb().request.count()).toBe(1);
    expect(await getDb().notification.count({ where: { template: "received" } })).toBe(1);
  });

  test("concurrent duplicate deliveries still give one request", async () => {
    const input = { channel: "SMS" as const, externalId: "SM0001", description: "Прорив труби на вулиці", citizen: { phone: "0501234567" } };
    const results = await Promise.all([submitRequest(input), submitRequest(input), submitRequest(input)]);
    expect(new Set(results.map((r) => r.request.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await getDb().request.count()).toBe(1);
  });

  test("numbers requests SLV-<year>-<6 digits> in order and stores only a hash of the token", async () => {
    const a = await submitRequest({ channel: "WEB", description: "Яма на дорозі біля школи", receivedAt: new Date("2026-03-01T10:00:00Z") });
    const b = await submitRequest({ channel: "WEB", description: "Ще одна яма на дорозі", receivedAt: new Date("2026-03-01T11:00:00Z") });
    // One sequence per year: consecutive, never reused (the table being emptied does not rewind it).
    expect(a.request.number).toMatch(/^SLV-2026-\d{6}$/);
    expect(Number(b.request.number.slice(-6))).toBe(Number(a.request.number.slice(-6)) + 1);
    const row = await getDb().request.findUniqueOrThrow({ where: { id: a.request.id } });
    expect(row.accessTokenHash).not.toContain(a.accessToken);
    expect(isAccessTokenFor({ token: a.accessToken, accessTokenHash: row.accessTokenHash })).toBe(true);
    expect(isAccessTokenFor({ token: b.accessToken, accessTokenHash: row.accessTokenHash })).toBe(false);
  });

  test("numbers taken at once by many submits are all different, and the first of a year continues an older counter", async () => {
    // A database numbered by the counter row before numbers came from a sequence: the year's sequence starts after it.
    await getDb().requestNumberCounter.create({ data: { year: 2031, last: 41 } });
    const many = await Promise.all(
      Array.from({ length: 12 }, (_, i) => submitRequest({ channel: "WEB", description: `Заявка номер ${i}`, receivedAt: new Date("2031-05-05T09:00:00Z") })),
    );
    const numbers = many.map((r) => r.request.number).sort();
    expect(new Set(numbers).size).toBe(12);
    expect(numbers[0]).toBe("SLV-2031-000042");
    expect(numbers[11]).toBe("SLV-2031-000053");
  });

  test("the year of the number is the Kyiv year of receipt", async () => {
    // 31 Dec 2026 23:30 UTC is already 1 Jan 2027 in Kyiv.
    const r = await submitRequest({ channel: "WEB", description: "Новорічна заявка", receivedAt: new Date("2026-12-31T23:30:00Z") });
    expect(r.request.number).toBe("SLV-2027-000001");
  });

  test("an appeal without the legal fields is refused, naming every missing one", async () => {
    const err = await submitRequest({
      channel: "WEB",
      description: "Прошу надати матеріальну допомогу",
      categoryCode: "social.aid",
      citizen: { fullName: "Петренко Олена Іванівна" },
      appeal: { kind: "APPLICATION" },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("VALIDATION");
    expect(err.details.missing).toEqual(["citizen.residence", "citizen.contact"]);
    expect(err.message).toMatch(/residence/);
    expect(await getDb().request.count()).toBe(0);
  });

  test("a complete appeal keeps its legal facets and links the citizen by phone across channels", async () => {
    // The operator who took the call vouches for the caller's number; the later SMS comes from it.
    const first = await submitRequest({
      channel: "PHONE_OPERATOR",
      actor: { type: "STAFF", id: randomUUID() },
      description: "Скарга на роботу служби",
      categoryCode: "social.aid",
      citizen: { fullName: "Коваль Іван Петрович", residence: "вул. Центральна, 1, Слов'янськ", phone: "+380 50 123 45 67" },
      appeal: { kind: "COMPLAINT" },
    });
    const second = await submitRequest({
      channel: "SMS",
      externalId: "SM-2",
      description: "Ще питання",
      citizen: { phone: "0501234567", identity: { channel: "SMS", externalId: "+380501234567" } },
    });
    const db = getDb();
    const appeal = await db.appeal.findUniqueOrThrow({ where: { requestId: first.request.id } });
    expect(appeal).toMatchObject({ kind: "COMPLAINT", receiptForm: "PHONE_OPERATOR", fullName: "Коваль Іван Петрович", contact: "+380501234567" });
    const [r1, r2] = await Promise.all([
      db.request.findUniqueOrThrow({ where: { id: first.request.id } }),
      db.request.findUniqueOrThrow({ where: { id: second.request.id } }),
    ]);
    expect(r1.citizenId).toBeTruthy();
    expect(r2.citizenId).toBe(r1.citizenId);
    expect(r1.isAppeal).toBe(true);
  });

  test("bad input gets a clear validation error, not a crash", async () => {
    await expect(submitRequest({ channel: "WEB", description: "" })).rejects.toMatchObject({ code: "VALIDATION", field: "description" });
    await expect(submitRequest({ channel: "WEB", description: "Щось зламалось", categoryCode: "no-such" })).rejects.toMatchObject({
      code: "VALIDATION",
      field: "categoryCode",
    });
    await expect(submitRequest({ channel: "WEB", description: "Щось зламалось", citizen: { phone: "call me" } })).rejects.toMatchObject({
      code: "VALIDATION",
      field: "citizen.phone",
    });
    await expect(submitRequest({ channel: "WEB", description: "Щось зламалось", location: { lat: 123, lon: 37 } })).rejects.toMatchObject({
      code: "VALIDATION",
      field: "location.lat",
    });
  });

  test("a repeated appeal on an already decided question is flagged for the operator", async () => {
    const citizen = { fullName: "Іваненко Марія", residence: "Слов'янськ", phone: "0671112233" };
    const first = await submitRequest({ channel: "WEB", description: "Прошу допомогу", categoryCode: "social.aid", citizen, appeal: { kind: "APPLICATION" } });
    await getDb().request.update({ where: { id: first.request.id }, data: { status: "CLOSED" } });
    const again = await submitRequest({
      channel: "WEB",
      description: "Знову прошу допомогу",
      categoryCode: "social.aid",
      citizen,
      appeal: { kind: "APPLICATION" },
    });
    expect(again.request.receiptType).toBe("REPEATED");
    const appeal = await getDb().appeal.findUniqueOrThrow({ where: { requestId: again.request.id } });
    expect(appeal.isRepeated).toBe(true);
    expect(appeal.linkedRequestIds).toEqual([first.request.id]);
  });

  test("the citizen's 'received' notice goes to the channel they used, with the number", async () => {
    const r = await submitRequest({
      channel: "TELEGRAM",
      externalId: "u-77",
      description: "Не горить ліхтар",
      citizen: { identity: { channel: "TELEGRAM", externalId: "9001" }, phone: "0509998877" },
    });
    const notes = await getDb().notification.findMany({ where: { requestId: r.request.id } });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ channel: "TELEGRAM", address: "9001", template: "received", status: "PENDING" });
    expect((notes[0]!.params as { number: string }).number).toBe(r.request.number);
  });

  test("an anonymous request is kept, flagged anonymous, and notifies no one", async () => {
    const r = await submitRequest({ channel: "WEB", description: "Сміття біля під'їзду" });
    expect(r.request.isAnonymous).toBe(true);
    expect(await getDb().notification.count()).toBe(0);
  });

  test("a beneficiary stays first in line on later requests from the same phone", async () => {
    await submitRequest({
      channel: "PHONE_OPERATOR",
      actor: { type: "STAFF", id: randomUUID() },
      description: "Потрібна допомога з дахом",
      citizen: { phone: "0931112233", isBeneficiary: true },
    });
    const later = await submitRequest({
      channel: "SMS",
      externalId: "SM-ben",
      description: "Знову тече дах",
      citizen: { phone: "+380931112233", identity: { channel: "SMS", externalId: "+380931112233" } },
    });
    const row = await getDb().request.findUniqueOrThrow({ where: { id: later.request.id } });
    expect(row.isBeneficiary).toBe(true);
    const other = await submitRequest({ channel: "SMS", externalId: "SM-nb", description: "Тече дах", citizen: { phone: "+380931112299" } });
    expect((await getDb().request.findUniqueOrThrow({ where: { id: other.request.id } })).isBeneficiary).toBe(false);
  });
});
