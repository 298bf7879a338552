// Follow-up of a hand-off to iGov: the order id (Luhn-checked) from the citizen or staff,
// then polling that maps iGov's status into our timeline, once per change.
import { beforeAll, beforeEach, expect, test } from "vitest";
import { makeOrderId } from "#integrations/igov/index.ts";
import { checkHandoffStatus } from "#app/domain/handoff/check-handoff-status.server.ts";
import { handOffRequest } from "#app/domain/handoff/hand-off-request.server.ts";
import { pollHandoffs } from "#app/domain/handoff/poll-handoffs.server.ts";
import { recordHandoffOrder } from "#app/domain/handoff/record-handoff-order.server.ts";
import { syncCatalogue } from "#app/domain/handoff/sync-catalogue.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { action as trackAction, loader as trackLoader } from "#app/routes/track.$token.tsx";
import { action as requestAction } from "#app/routes/staff+/requests.$id.tsx";
import { loader as failingLoader } from "#app/routes/staff+/handoffs.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createCategory } from "#tests/factories/org.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";
import { signInAs } from "#tests/factories/staff-session.ts";
import { args, BASE, formPost, requestFrom, settle } from "./handoff-helpers.ts";

let igov: ReturnType<typeof createIgovApi>;
let seq = 1000;
const freshOrderId = () => makeOrderId(0, `88625${++seq}`);
const corrupt = (id: string) => id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);

beforeAll(async () => {
  const api = createIgovApi();
  server.use(...api.handlers);
  await syncCatalogue({});
  const service = await getDb().adminService.findUniqueOrThrow({ where: { provider_externalId: { provider: "IGOV", externalId: "176" } } });
  await createCategory({ code: "admin.registration", isAdminService: true, adminServiceId: service.id });
});

beforeEach(() => {
  igov = createIgovApi();
  server.use(...igov.handlers);
});

async function handedOff(door: "TELEGRAM" | "SMS" | "WEB" = "TELEGRAM") {
  const r = await requestFrom(door, "admin.registration");
  const h = await handOffRequest({ requestId: r.request.id, actor: { type: "SYSTEM" } });
  return { ...r, handoffId: h.handoffId };
}

async function handoffTexts(requestId: string) {
  const rows = await getDb().notification.findMany({ where: { requestId, template: { startsWith: "handoff" } }, orderBy: { createdAt: "asc" } });
  for (const r of rows) await sendNotification({ notificationId: r.id });
  const sent = await getDb().notification.findMany({
    where: { requestId, template: { startsWith: "handoff" } },
    include: { message: true },
    orderBy: { createdAt: "asc" },
  });
  return sent.map((n) => ({ template: n.template, channel: n.channel, text: n.message?.body ?? "" }));
}

test("a bad order id is refused by its check digit, on the tracking page and the staff page, before storing", async () => {
  const r = await handedOff("WEB");
  const good = freshOrderId();
  const bad = corrupt(good);

  await expect(recordHandoffOrder({ token: r.accessToken, orderId: bad })).rejects.toMatchObject({
    code: "VALIDATION",
    field: "orderId",
    status: 400,
    details: { reason: "checkDigit" },
  });

  const res = await settle(trackAction(args(formPost(`${BASE}/track/${r.accessToken}`, "", { intent: "order", orderId: bad }), { token: r.accessToken })));
  const body = res as unknown as { data: { errors: { orderId: string } }; init: { status: number } };
  expect(body.init.status).toBe(400);
  expect(body.data.errors.orderId).toMatch(/контрольна цифра/);

  const { cookie } = await signInAs("OPERATOR");
  const staffRes = await settle(
    requestAction(args(formPost(`${BASE}/staff/requests/${r.request.id}`, cookie, { intent: "handoff-order", orderId: bad }), { id: r.request.id })),
  );
  expect((staffRes as unknown as { init: { status: number } }).init.status).toBe(400);
  expect((await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).orderId).toBeNull();
  expect(igov.count("order")).toBe(0);

  // The good one, from the citizen's tracking page.
  const ok = await settle(trackAction(args(formPost(`${BASE}/track/${r.accessToken}`, "", { intent: "order", orderId: good }), { token: r.accessToken })));
  expect((ok as Response).status).toBe(302);
  expect(await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).toMatchObject({ orderId: good, status: "SUBMITTED" });
  const view = (await trackLoader(args(new Request(`${BASE}/track/${r.accessToken}`), { token: r.accessToken }))) as unknown as {
    data: { view: { handoff: { orderId: string; link: string }; events: { type: string }[] } };
  };
  expect(view.data.view.handoff).toMatchObject({
    orderId: good,
    link: expect.stringContaining("/service/176/general?sID_UA_Region=1400000000&sID_UA_City=1414100000"),
  });
  expect(view.data.view.events.map((e) => e.type)).toEqual(expect.arrayContaining(["handed-off", "handoff-order"]));
});

test("polling: question → closed, the citizen notified at each step, once; polling stops", async () => {
  const r = await handedOff("TELEGRAM");
  const orderId = freshOrderId();
  const t0 = new Date(Date.now() + 1000);
  await recordHandoffOrder({ token: r.accessToken, orderId, now: t0 });

  igov.state.orders.set(orderId, 1);
  let poll = await pollHandoffs({ now: t0 });
  expect(poll.results.find((x) => x.handoffId === r.handoffId)).toMatchObject({ outcome: "changed", status: "IN_PROGRESS" });

  const t1 = new Date(t0.getTime() + 31 * 60_000);
  igov.state.orders.set(orderId, 3);
  poll = await pollHandoffs({ now: t1 });
  expect(poll.results.find((x) => x.handoffId === r.handoffId)).toMatchObject({ outcome: "changed", status: "QUESTION" });
  // The same status again, checked directly: no new event, no new message.
  expect(await checkHandoffStatus({ handoffId: r.handoffId, now: new Date(t1.getTime() + 1000) })).toMatchObject({ outcome: "unchanged" });

  const t2 = new Date(t1.getTime() + 31 * 60_000);
  igov.state.orders.set(orderId, 8);
  poll = await pollHandoffs({ now: t2 });
  expect(poll.results.find((x) => x.handoffId === r.handoffId)).toMatchObject({ outcome: "closed", status: "CLOSED" });

  const request = await getDb().request.findUniqueOrThrow({ where: { id: r.request.id }, include: { handoff: true, events: { orderBy: { id: "asc" } } } });
  expect(request.status).toBe("CLOSED");
  expect(request.closedAt).not.toBeNull();
  expect(request.handoff).toMatchObject({ status: "CLOSED", providerStatus: "8", outcome: "Заявка виконана", nextCheckAt: null });
  expect(request.events.filter((e) => e.type.startsWith("handoff")).map((e) => e.type)).toEqual([
    "handoff-order",
    "handoff-status",
    "handoff-status",
    "handoff-closed",
  ]);
  expect(request.events.at(-1)).toMatchObject({ fromStatus: "HANDED_OFF", toStatus: "CLOSED", isPublic: true });

  const texts = await handoffTexts(r.request.id);
  expect(texts.map((x) => x.template)).toEqual(["handoffSent", "handoffQuestion", "handoffClosed"]);
  expect(texts.every((x) => x.channel === "TELEGRAM")).toBe(true);
  expect(texts[1]!.text).toContain(orderId);
  expect(texts[2]!.text).toContain("Заявка виконана");

  // Closed: the next runs leave it alone.
  const after = await pollHandoffs({ now: new Date(t2.getTime() + 24 * 3600_000) });
  expect(after.results.map((x) => x.handoffId)).not.toContain(r.handoffId);
});

test("rejected by iGov closes our request with outcome rejected", async () => {
  const r = await handedOff("SMS");
  const orderId = freshOrderId();
  const now = new Date(Date.now() + 1000);
  await recordHandoffOrder({ token: r.accessToken, orderId, now });
  igov.state.orders.set(orderId, 9);
  expect(await checkHandoffStatus({ handoffId: r.handoffId, now })).toMatchObject({ outcome: "closed", status: "REJECTED" });
  const req = await getDb().request.findUniqueOrThrow({ where: { id: r.request.id }, include: { handoff: true } });
  expect(req.status).toBe("CLOSED");
  expect(req.handoff).toMatchObject({ status: "REJECTED", outcome: "Заявка відхилена" });
  const texts = await handoffTexts(r.request.id);
  expect(texts.map((x) => x.template)).toEqual(["handoffSent", "handoffRejected"]);
  expect(texts[1]).toMatchObject({ channel: "SMS" });
});

test("provider outage: retried with backoff, FAILING for operators, no duplicate messages", async () => {
  const r = await handedOff("TELEGRAM");
  const orderId = freshOrderId();
  let now = new Date(Date.now() + 1000);
  await recordHandoffOrder({ token: r.accessToken, orderId, now });
  igov.state.orders.set(orderId, 3);
  igov.state.down = true;

  const delays: number[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await checkHandoffStatus({ handoffId: r.handoffId, now });
    expect(res.outcome).toBe("failed");
    const h = await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } });
    delays.push(h.nextCheckAt!.getTime() - now.getTime());
    now = h.nextCheckAt!;
  }
  expect(delays[1]).toBeGreaterThan(delays[0]!);
  expect(delays[2]).toBeGreaterThan(delays[1]!);
  expect(await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).toMatchObject({ status: "FAILING", failures: 3 });

  // Operators see it in the failing list.
  const { cookie } = await signInAs("OPERATOR");
  const list = (await failingLoader(args(new Request(`${BASE}/staff/handoffs`, { headers: { Cookie: cookie } })))) as {
    handoffs: { id: string; failures: number }[];
  };
  expect(list.handoffs.find((h) => h.id === r.handoffId)).toMatchObject({ failures: 3 });

  // Not due yet: the scheduled poll does not hammer a provider that is down.
  const calls = igov.count("order");
  await pollHandoffs({ now: new Date(now.getTime() - 1000) });
  expect(igov.count("order")).toBe(calls);

  // Back up: the question is recorded once, even when two pollers race.
  igov.state.down = false;
  const [a, b] = await Promise.all([checkHandoffStatus({ handoffId: r.handoffId, now }), checkHandoffStatus({ handoffId: r.handoffId, now })]);
  expect([a.outcome, b.outcome].sort()).toEqual(["changed", "unchanged"]);
  expect(await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).toMatchObject({ status: "QUESTION", failures: 0, lastError: null });
  const texts = await handoffTexts(r.request.id);
  expect(texts.map((x) => x.template)).toEqual(["handoffSent", "handoffQuestion"]);
});

test("an order iGov never finds is given up after HANDOFF_POLL_GIVE_UP_DAYS (UNKNOWN)", async () => {
  const r = await handedOff("TELEGRAM");
  const orderId = freshOrderId();
  const t0 = new Date(Date.now() + 1000);
  await recordHandoffOrder({ token: r.accessToken, orderId, now: t0 });
  expect(await checkHandoffStatus({ handoffId: r.handoffId, now: t0 })).toMatchObject({ outcome: "not-found" });
  const later = new Date(t0.getTime() + 15 * 86_400_000);
  expect(await checkHandoffStatus({ handoffId: r.handoffId, now: later })).toMatchObject({ outcome: "gave-up", status: "UNKNOWN" });
  expect(await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).toMatchObject({ status: "UNKNOWN", nextCheckAt: null });
  expect((await getDb().request.findUniqueOrThrow({ where: { id: r.request.id } })).status).toBe("HANDED_OFF");
});
