// Routing in sets makes the citizens of chats and numbers never seen before for the whole
// set at once. Every chat still has one citizen, proven by a verified identity, who learns
// what each of its requests says; two routing steps racing on the same new chat end with
// one citizen and both requests linked to it.
import { beforeEach, describe, expect, test } from "vitest";
import { recordNotificationsForMany } from "#app/domain/notifications/record-notifications.server.ts";
import { routeAccepted } from "#app/domain/requests/route-accepted.server.ts";
import { acceptRequest, submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getQueue } from "#app/jobs/queues.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";

beforeEach(async () => {
  await getDb().$executeRawUnsafe(
    `TRUNCATE "Notification","Message","RequestEvent","Deadline","Appeal","RequestCoExecutor","RequestFollower","StaffAlert","Request","ChannelIdentity","Citizen","RoutingRule","OutageCategory","Outage","Category","District","StaffUser","Department","RequestNumberCounter" CASCADE`,
  );
  await createSmallCity();
});

let delivery = 0;
function fromChat(chat: string, citizen: Record<string, unknown> = {}) {
  delivery++;
  return {
    channel: "TELEGRAM" as const,
    externalId: `update-${delivery}`,
    description: "Немає води у будинку з ранку",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { identity: { channel: "TELEGRAM" as const, externalId: chat }, ...citizen },
  };
}

async function citizenOfChat(chat: string) {
  return getDb().channelIdentity.findUniqueOrThrow({
    where: { channel_externalId: { channel: "TELEGRAM", externalId: chat } },
    select: { citizenId: true, verifiedAt: true, citizen: true },
  });
}

describe("new citizens in sets", () => {
  test("a set with several new chats, two requests from one of them, makes one citizen per chat with a verified identity", async () => {
    const a1 = await acceptRequest(fromChat("700001", { fullName: "Олена Петренко", language: "en" }));
    const b = await acceptRequest(fromChat("700002"));
    const a2 = await acceptRequest(fromChat("700001", { email: "Olena@Example.com", isBeneficiary: true, consent: true }));
    const sms = await acceptRequest({
      channel: "SMS",
      externalId: "SM-7001",
      description: "Прорив труби на вулиці",
      categoryCode: "water.no-water",
      location: POINTS.centre,
      citizen: { phone: "+380501110001", identity: { channel: "SMS", externalId: "+380501110001" } },
    });
    // A chat that already has its citizen keeps it.
    const before = await submitRequest(fromChat("700003", { fullName: "Іван" }));
    const c = await acceptRequest(fromChat("700003"));

    const routed = await routeAccepted({ limit: 50 });
    expect(routed.sort()).toEqual([a1.id, b.id, a2.id, sms.id, c.id].sort());

    const db = getDb();
    expect(await db.citizen.count()).toBe(4);
    const olena = await citizenOfChat("700001");
    expect(olena.verifiedAt).not.toBeNull();
    // What both requests taught, in their order: the name, then the e-mail (lower case), benefits, consent; nothing blanked out.
    expect(olena.citizen).toMatchObject({
      fullName: "Олена Петренко",
      email: "olena@example.com",
      isBeneficiary: true,
      language: "en",
      consentScope: "request-processing",
    });
    expect(olena.citizen.consentAt).not.toBeNull();
    const second = await citizenOfChat("700002");
    expect(second.verifiedAt).not.toBeNull();
    expect(second.citizenId).not.toBe(olena.citizenId);
    const texted = await db.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: "SMS", externalId: "+380501110001" } },
      select: { citizenId: true, verifiedAt: true, citizen: { select: { phone: true } } },
    });
    expect(texted.verifiedAt).not.toBeNull();
    expect(texted.citizen.phone).toBe("+380501110001");
    expect((await citizenOfChat("700003")).citizenId).toBe((await db.request.findUniqueOrThrow({ where: { id: before.request.id } })).citizenId);

    const requests = await db.request.findMany({
      where: { id: { in: routed } },
      select: { id: true, citizenId: true, isAnonymous: true, isBeneficiary: true },
    });
    const of = (id: string) => requests.find((r) => r.id === id)!;
    expect(of(a1.id).citizenId).toBe(olena.citizenId);
    expect(of(a2.id).citizenId).toBe(olena.citizenId);
    // The first request did not say so; the second did.
    expect(of(a1.id).isBeneficiary).toBe(false);
    expect(of(a2.id).isBeneficiary).toBe(true);
    expect(of(b.id).citizenId).toBe(second.citizenId);
    expect(of(sms.id).citizenId).toBe(texted.citizenId);
    expect(requests.every((r) => !r.isAnonymous)).toBe(true);
    // Each is told on its own chat that the request was received.
    const received = await db.notification.findMany({ where: { template: "received", requestId: { in: [a1.id, a2.id, b.id] } }, select: { address: true } });
    expect(received.map((n) => n.address).sort()).toEqual(["700001", "700001", "700002"]);
  });

  test("two routing steps racing on the same new chat end with one citizen and both requests linked to it", async () => {
    const pairs = [];
    for (let i = 0; i < 8; i++) {
      const chat = `71000${i}`;
      pairs.push({ chat, a: await acceptRequest(fromChat(chat, { fullName: `Мешканець ${i}` })), b: await acceptRequest(fromChat(chat)) });
    }
    for (const { a, b } of pairs) {
      const [x, y] = await Promise.all([routeAccepted({ first: a.id, limit: 1 }), routeAccepted({ first: b.id, limit: 1 })]);
      expect([...x, ...y].sort()).toEqual([a.id, b.id].sort());
    }
    const db = getDb();
    // No citizen without the chat that proves them, none twice.
    expect(await db.citizen.count()).toBe(pairs.length);
    for (const { chat, a, b } of pairs) {
      const owner = await citizenOfChat(chat);
      expect(owner.verifiedAt).not.toBeNull();
      const linked = await db.request.findMany({ where: { id: { in: [a.id, b.id] } }, select: { citizenId: true } });
      expect(linked.map((r) => r.citizenId)).toEqual([owner.citizenId, owner.citizenId]);
      expect(owner.citizen.fullName).toBe(`Мешканець ${chat.slice(-1)}`);
    }
  });
});

describe("deadlines written for a set", () => {
  test("every routed request of a set has its terms, and those coming due get their wake-ups", async () => {
    // Received (as the door says) a day ago less twenty minutes: the 24-hour term comes due in twenty minutes.
    const receivedAt = new Date(Date.now() - 24 * 3_600_000 + 20 * 60_000);
    const accepted = [];
    for (let i = 0; i < 3; i++) accepted.push(await acceptRequest({ ...fromChat(`73000${i}`), receivedAt }));
    await routeAccepted({ limit: 50 });
    const deadlines = await getDb().deadline.findMany({ where: { requestId: { in: accepted.map((a) => a.id) } } });
    expect(deadlines).toHaveLength(3);
    for (const d of deadlines) {
      expect(d).toMatchObject({ kind: "SLA", label: "sla", active: true, warned: false, breached: false });
      expect(d.dueAt.getTime()).toBe(receivedAt.getTime() + 24 * 3_600_000);
      expect(await getQueue("deadlines").getJob(`dl-${d.id}-breach`)).toBeTruthy();
    }
  });
});

describe("notifications recorded for many", () => {
  test("the same changes recorded twice are not doubled, and new rows come back in the order given", async () => {
    const first = await submitRequest(fromChat("720001"));
    const second = await submitRequest(fromChat("720002"));
    const db = getDb();
    const before = await db.notification.count();
    const changes = [
      { requestId: second.request.id, template: "statusChanged" as const, params: { status: "IN_PROGRESS" }, eventKey: "status:test-2" },
      { requestId: first.request.id, template: "statusChanged" as const, params: { status: "IN_PROGRESS" }, eventKey: "status:test-1" },
    ];
    const made = await db.$transaction((tx) => recordNotificationsForMany({ tx, changes }));
    expect(made).toHaveLength(2);
    const rows = await db.notification.findMany({ where: { id: { in: made.map((m) => m.id) } }, select: { id: true, requestId: true, address: true } });
    expect(made.map((m) => rows.find((r) => r.id === m.id)!.requestId)).toEqual([second.request.id, first.request.id]);
    expect(made.map((m) => rows.find((r) => r.id === m.id)!.address)).toEqual(["720002", "720001"]);

    const again = await db.$transaction((tx) => recordNotificationsForMany({ tx, changes: [...changes, { ...changes[0]!, eventKey: "status:test-3" }] }));
    // Only the one change not recorded before is new.
    expect(again).toHaveLength(1);
    expect(await db.notification.count()).toBe(before + 3);
  });
});
