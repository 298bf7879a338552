import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, test } from "vitest";
import type { Channel } from "#app/generated/prisma/enums.ts";
import { listSandboxMessages } from "#app/domain/notifications/list-sandbox-messages.server.ts";
import { recordNotifications, type NotificationTemplate } from "#app/domain/notifications/record-notifications.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { PermanentSendError, registerSender, resetSenders, RetryableSendError, type Sender } from "#app/domain/notifications/senders.server.ts";
import { getDb } from "#app/utils/db.server.ts";

let seq = 0;

async function createCitizenWithRequest(
  options: {
    channel?: Channel;
    address?: string;
    language?: string;
    optedOut?: boolean;
  } = {},
) {
  const db = getDb();
  const channel = options.channel ?? "TELEGRAM";
  const citizen = await db.citizen.create({
    data: {
      language: options.language ?? "uk",
      identities: {
        create: { channel, externalId: options.address ?? String(100_000_000 + ++seq), optedOut: options.optedOut ?? false },
      },
    },
    include: { identities: true },
  });
  const number = `SLV-2026-${String(++seq).padStart(6, "0")}`;
  const request = await db.request.create({
    data: { number, channel, citizenId: citizen.id, description: "Немає гарячої води", accessTokenHash: randomUUID() },
  });
  const identity = citizen.identities[0];
  if (!identity) throw new Error("the citizen was created without a channel identity");
  return { citizen, identity, request };
}

async function record(options: { requestId: string; template?: NotificationTemplate; params?: Record<string, string | number | null>; eventKey?: string }) {
  return getDb().$transaction((tx) =>
    recordNotifications({
      tx,
      requestId: options.requestId,
      template: options.template ?? "received",
      params: options.params,
      eventKey: options.eventKey ?? `test:${randomUUID()}`,
    }),
  );
}

async function recordOne(options: Parameters<typeof record>[0]) {
  const [row] = await record(options);
  if (!row) throw new Error("expected one notification to be recorded");
  return row;
}

function fakeSender(channel: Channel, send: Sender["send"]): Sender & { calls: number } {
  const sender = {
    channel,
    calls: 0,
    async send(msg: Parameters<Sender["send"]>[0]) {
      sender.calls++;
      return send(msg);
    },
  };
  return sender;
}

afterEach(() => resetSenders());

describe("sendNotification with the sandbox sender", () => {
  test("stores the Ukrainian text with the request number as a sandbox message and marks the row SENT", async () => {
    const { request, citizen, identity } = await createCitizenWithRequest();
    const row = await recordOne({ requestId: request.id, params: { dueDate: "12.03.2026" } });

    const result = await sendNotification({ notificationId: row.id });

    expect(result.outcome).toBe("sent");
    const n = await getDb().notification.findUniqueOrThrow({ where: { id: row.id }, include: { message: true } });
    expect(n.status).toBe("SENT");
    expect(n.sentAt).not.toBeNull();
    expect(n.message).toMatchObject({
      sandbox: true,
      direction: "OUT",
      deliveryStatus: "SENT",
      channel: "TELEGRAM",
      address: identity.externalId,
      requestId: request.id,
      citizenId: citizen.id,
    });
    expect(n.message?.body).toBe(`Заявку ${request.number} зареєстровано. Орієнтовний строк: 12.03.2026.`);
  });

  test("speaks English to a citizen whose language is en, with translated status names", async () => {
    const { request } = await createCitizenWithRequest({ language: "en" });
    const row = await recordOne({ requestId: request.id, template: "statusChanged", params: { status: "IN_PROGRESS" } });

    await sendNotification({ notificationId: row.id });

    const { messages } = await listSandboxMessages({});
    const mine = messages.find((m) => m.requestNumber === request.number);
    expect(mine?.text).toBe(`Request ${request.number}: new status — "in progress".`);
  });

  test("a detail the caller did not have gives a shorter sentence, not one with a hole", async () => {
    const { request } = await createCitizenWithRequest();
    const row = await recordOne({ requestId: request.id, template: "received", params: { dueDate: null } });

    await sendNotification({ notificationId: row.id });

    const n = await getDb().notification.findUniqueOrThrow({ where: { id: row.id }, include: { message: true } });
    expect(n.message?.body).toBe(`Заявку ${request.number} зареєстровано. Повідомимо про зміни.`);
  });

  test("bilingual params pick the citizen's language", async () => {
    const { request } = await createCitizenWithRequest({ language: "en" });
    const row = await recordOne({
      requestId: request.id,
      template: "routed",
      params: { departmentUk: "КП «Словміськводоканал»", departmentEn: "Sloviansk Water Utility" },
    });
    await sendNotification({ notificationId: row.id });
    const n = await getDb().notification.findUniqueOrThrow({ where: { id: row.id }, include: { message: true } });
    expect(n.message?.body).toBe(`Request ${request.number} passed to: Sloviansk Water Utility.`);
  });

  test("sending twice, one after the other or at the same time, sends once", async () => {
    const { request } = await createCitizenWithRequest();
    const a = await recordOne({ requestId: request.id });
    const b = await recordOne({ requestId: request.id, template: "closed" });

    expect((await sendNotification({ notificationId: a.id })).outcome).toBe("sent");
    expect((await sendNotification({ notificationId: a.id })).outcome).toBe("noop");

    const results = await Promise.all([1, 2, 3, 4].map(() => sendNotification({ notificationId: b.id })));
    expect(results.filter((r) => r.outcome === "sent")).toHaveLength(1);

    expect(await getDb().message.count({ where: { requestId: request.id, direction: "OUT" } })).toBe(2);
  });

  test("a real sender's result becomes a non-sandbox message with the provider's id", async () => {
    const sender = fakeSender("TELEGRAM", async () => ({ externalId: "chat-42-msg-7" }));
    registerSender(sender);
    const { request } = await createCitizenWithRequest();
    const row = await recordOne({ requestId: request.id, template: "resolved", params: { answer: "Трубу замінено." } });

    await sendNotification({ notificationId: row.id });

    const n = await getDb().notification.findUniqueOrThrow({ where: { id: row.id }, include: { message: true } });
    expect(sender.calls).toBe(1);
    expect(n.status).toBe("SENT");
    expect(n.message).toMatchObject({ sandbox: false, externalId: "chat-42-msg-7" });
    expect(n.message?.body).toBe(`Заявку ${request.number} виконано. Відповідь: Трубу замінено.`);
  });
});

describe("failures", () => {
  test("a blocked bot fails the row, marks the identity blocked, and nothing more is recorded for it", async () => {
    registerSender(
      fakeSender("TELEGRAM", async () => {
        throw new PermanentSendError("blocked", "Forbidden: bot was blocked by the user");
      }),
    );
    const { request, identity } = await createCitizenWithRequest();
    const row = await recordOne({ requestId: request.id });

    await expect(sendNotification({ notificationId: row.id })).rejects.toBeInstanceOf(PermanentSendError);

    const n = await getDb().notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(n.status).toBe("FAILED");
    expect(n.lastError).toContain("blocked");
    const after = await getDb().channelIdentity.findUniqueOrThrow({ where: { id: identity.id } });
    expect(after.blocked).toBe(true);
    expect(after.blockedAt).not.toBeNull();

    expect(await record({ requestId: request.id, template: "closed" })).toEqual([]);
    // and a repeated job does not try again
    expect((await sendNotification({ notificationId: row.id })).outcome).toBe("noop");
  });

  test("an opted-out number is marked opted out", async () => {
    registerSender(
      fakeSender("SMS", async () => {
        throw new PermanentSendError("opted-out", "21610");
      }),
    );
    const { request, identity } = await createCitizenWithRequest({ channel: "SMS", address: "+380501112233" });
    const row = await recordOne({ requestId: request.id });
    await expect(sendNotification({ notificationId: row.id })).rejects.toBeInstanceOf(PermanentSendError);
    const after = await getDb().channelIdentity.findUniqueOrThrow({ where: { id: identity.id } });
    expect(after.optedOut).toBe(true);
    expect(after.optedOutAt).not.toBeNull();
  });

  test("a retryable error keeps the row PENDING until a later time, honouring retry-after", async () => {
    const sender = fakeSender("TELEGRAM", async () => {
      throw new RetryableSendError("Too Many Requests", 30_000);
    });
    registerSender(sender);
    const { request } = await createCitizenWithRequest();
    const row = await recordOne({ requestId: request.id });
    const now = new Date();

    const error = await sendNotification({ notificationId: row.id, now }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableSendError);
    const n = await getDb().notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(n.status).toBe("PENDING");
    expect(n.attempts).toBe(1);
    expect(n.nextAttemptAt.getTime()).toBe(now.getTime() + 30_000);
    expect((error as RetryableSendError).retryAt?.getTime()).toBe(n.nextAttemptAt.getTime());
    // not due yet: no second try
    expect((await sendNotification({ notificationId: row.id, now })).outcome).toBe("not-due");
    expect(sender.calls).toBe(1);
    expect(await getDb().message.count({ where: { requestId: request.id } })).toBe(0);
  });

  test("a refusal worth retrying is retried with growing backoff, then FAILED after the last attempt", async () => {
    const sender = fakeSender("TELEGRAM", async () => {
      throw new RetryableSendError("sendMessage: 502 Bad Gateway");
    });
    registerSender(sender);
    const { request } = await createCitizenWithRequest();
    const row = await recordOne({ requestId: request.id });

    let now = new Date();
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      const e = await sendNotification({ notificationId: row.id, now }).catch((err: unknown) => err);
      if (e instanceof PermanentSendError) break;
      expect(e).toBeInstanceOf(RetryableSendError);
      const n = await getDb().notification.findUniqueOrThrow({ where: { id: row.id } });
      delays.push(n.nextAttemptAt.getTime() - now.getTime());
      now = n.nextAttemptAt;
    }
    const n = await getDb().notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(n.status).toBe("FAILED");
    expect(sender.calls).toBe(8);
    expect(delays).toHaveLength(7);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]!);
  });

  test("an identity that opted out after the row was recorded is SKIPPED, not sent", async () => {
    const sender = fakeSender("TELEGRAM", async () => ({}));
    registerSender(sender);
    const { request, identity } = await createCitizenWithRequest();
    const row = await recordOne({ requestId: request.id });
    await getDb().channelIdentity.update({ where: { id: identity.id }, data: { optedOut: true, optedOutAt: new Date() } });

    const result = await sendNotification({ notificationId: row.id });

    expect(result).toEqual({ outcome: "skipped", reason: "opted-out" });
    expect((await getDb().notification.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("SKIPPED");
    expect(sender.calls).toBe(0);
  });
});

describe("sandbox outbox listing", () => {
  test("newest first, masked addresses, pages without gaps", async () => {
    const { request } = await createCitizenWithRequest({ channel: "SMS", address: "+380671234567" });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await recordOne({ requestId: request.id, template: "reopened" })).id);
    for (const id of ids) await sendNotification({ notificationId: id });

    const all: string[] = [];
    let before: string | undefined;
    let page;
    do {
      page = await listSandboxMessages({ limit: 2, before });
      all.push(...page.messages.map((m) => m.id));
      for (const m of page.messages) if (m.requestNumber === request.number) expect(m.maskedAddress).toBe("+38067*****67");
      before = page.nextBefore ?? undefined;
    } while (before);

    expect(new Set(all).size).toBe(all.length);
    const sandboxCount = await getDb().message.count({ where: { sandbox: true } });
    expect(all).toHaveLength(sandboxCount);
    const created = await getDb().message.findMany({ where: { id: { in: all } }, select: { id: true, createdAt: true } });
    const times = all.map((id) => created.find((c) => c.id === id)!.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});
