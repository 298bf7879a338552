// A notification is sent at most once. The attempt is committed (SENDING) before the
// provider hears of it; a send that ends without an answer is found out about, never
// repeated blindly: Twilio's Messages list says whether it went out, Telegram cannot say,
// so it is left UNCERTAIN for staff. Definite refusals fail as before, and a connection
// that was never made is retried. Real senders and clients; msw answers as Telegram and
// Twilio do, and a closed local port refuses connections for real.
import { randomUUID } from "node:crypto";
import net from "node:net";
import { http } from "msw";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Channel } from "#app/generated/prisma/enums.ts";
import { createTelegramClient } from "#integrations/telegram/client.ts";
import { createTwilioClient } from "#integrations/twilio/client.ts";
import { createTwilioSender } from "#app/channels/phone/create-twilio-sender.server.ts";
import { createTelegramSender } from "#app/channels/telegram/create-telegram-sender.server.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { NOT_FOUND_AFTER_MS, SEND_RECOVER_AFTER_MS, sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { PermanentSendError, registerSender, resetSenders, RetryableSendError } from "#app/domain/notifications/senders.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { loader as requestPageLoader } from "#app/routes/staff+/requests.$id.tsx";
import { action as statusAction } from "#app/routes/webhooks+/twilio.status.ts";
import { signInAs } from "#tests/factories/staff-session.ts";
import { server } from "#tests/mocks/server.ts";
import { createTelegramApi, TELEGRAM_API_ROOT } from "#tests/mocks/telegram.ts";
import { createTwilioApi } from "#tests/mocks/twilio.ts";
import { TWILIO, twilioRequest } from "#tests/fixtures/twilio/webhooks.ts";

const TOKEN = "123456:AT-MOST-ONCE";
const tg = createTelegramApi();
const tw = createTwilioApi();
let seq = 0;

beforeEach(() => {
  server.use(...tg.handlers, ...tw.handlers);
  tg.clear();
  tw.clear();
});
afterEach(() => resetSenders());
afterAll(async () => {
  delete process.env.PUBLIC_BASE_URL;
  delete process.env.TWILIO_AUTH_TOKEN;
  resetEnvForTests();
  await closeTelegramRedis();
});

function useTelegram(apiRoot = TELEGRAM_API_ROOT) {
  registerSender(createTelegramSender({ client: createTelegramClient({ token: TOKEN, apiRoot }) }));
}

function useTwilio(apiBaseUrl?: string) {
  // The status callback route checks signatures over the public URL with the account's token.
  process.env.PUBLIC_BASE_URL = TWILIO.publicBaseUrl;
  process.env.TWILIO_AUTH_TOKEN = TWILIO.authToken;
  resetEnvForTests();
  const client = createTwilioClient({ accountSid: TWILIO.accountSid, authToken: TWILIO.authToken, from: TWILIO.phoneNumber, apiBaseUrl });
  registerSender(createTwilioSender({ client, publicBaseUrl: TWILIO.publicBaseUrl }));
}

async function recordOne(channel: Channel) {
  const db = getDb();
  const address = channel === "SMS" ? `+38050${String(1_000_000 + ++seq).slice(-7)}` : String(700_000_000 + ++seq);
  const citizen = await db.citizen.create({ data: { language: "uk", identities: { create: { channel, externalId: address } } } });
  const request = await db.request.create({
    data: {
      number: `SLV-2026-${String(++seq).padStart(6, "0")}`,
      channel,
      citizenId: citizen.id,
      description: "Не працює ліфт",
      accessTokenHash: randomUUID(),
    },
  });
  const [row] = await db.$transaction((tx) => recordNotifications({ tx, requestId: request.id, template: "received", eventKey: `test:${randomUUID()}` }));
  if (!row) throw new Error("expected one notification to be recorded");
  return { id: row.id, address, request };
}

const row = (id: string) => getDb().notification.findUniqueOrThrow({ where: { id }, include: { message: true } });
const later = (ms: number) => new Date(Date.now() + ms);

/** A loopback port nobody listens on: connecting to it is refused at once. */
async function closedPort() {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe("the attempt is recorded first", () => {
  test("the row is SENDING, with its attempt and start time, when the provider is called", async () => {
    useTelegram();
    const { id } = await recordOne("TELEGRAM");
    let seen: { status: string; attempts: number; lastAttemptAt: Date | null } | undefined;
    // Looks at the committed row while Telegram has the request, then lets the fake answer.
    server.use(
      http.post(`${TELEGRAM_API_ROOT}/:bot/sendMessage`, async () => {
        seen = await getDb().notification.findUniqueOrThrow({ where: { id }, select: { status: true, attempts: true, lastAttemptAt: true } });
      }),
    );
    const started = new Date();

    expect((await sendNotification({ notificationId: id, now: started })).outcome).toBe("sent");

    expect(seen).toEqual({ status: "SENDING", attempts: 1, lastAttemptAt: started });
    expect((await row(id)).status).toBe("SENT");
  });
});

describe("Telegram", () => {
  test("a send whose answer was lost is UNCERTAIN and never sent again", async () => {
    useTelegram();
    const { id, address } = await recordOne("TELEGRAM");
    tg.dropNextAnswers(1); // Telegram delivers it; the connection drops before its answer

    expect(await sendNotification({ notificationId: id })).toEqual({ outcome: "uncertain" });

    const n = await row(id);
    expect(n).toMatchObject({ status: "UNCERTAIN", attempts: 1, messageId: null });
    // Every later run, however late, leaves it alone.
    for (const ms of [0, SEND_RECOVER_AFTER_MS + 1, 24 * 3600_000]) {
      expect(await sendNotification({ notificationId: id, now: later(ms) })).toEqual({ outcome: "noop", status: "UNCERTAIN" });
    }
    expect(tg.sent(address)).toHaveLength(1);
  });

  test("a send interrupted mid-way (found still SENDING) is UNCERTAIN, not sent again", async () => {
    useTelegram();
    const { id, address } = await recordOne("TELEGRAM");
    // What a worker killed while Telegram had the request leaves behind.
    const startedAt = new Date(Date.now() - SEND_RECOVER_AFTER_MS - 1000);
    await getDb().notification.update({
      where: { id },
      data: { status: "SENDING", attempts: 1, lastAttemptAt: startedAt, nextAttemptAt: new Date(startedAt.getTime() + SEND_RECOVER_AFTER_MS) },
    });

    expect(await sendNotification({ notificationId: id })).toEqual({ outcome: "uncertain" });
    expect(await row(id)).toMatchObject({ status: "UNCERTAIN", attempts: 1 });
    expect(tg.sent(address)).toHaveLength(0);
  });

  test("a row still within its send time is left to the run that holds it", async () => {
    useTelegram();
    const { id, address } = await recordOne("TELEGRAM");
    const startedAt = new Date();
    const dueAt = new Date(startedAt.getTime() + SEND_RECOVER_AFTER_MS);
    await getDb().notification.update({ where: { id }, data: { status: "SENDING", attempts: 1, lastAttemptAt: startedAt, nextAttemptAt: dueAt } });

    expect(await sendNotification({ notificationId: id })).toEqual({ outcome: "not-due", nextAttemptAt: dueAt });
    expect((await row(id)).status).toBe("SENDING");
    expect(tg.sent(address)).toHaveLength(0);
  });

  test("403 (the bot is blocked) still fails for good and marks the chat", async () => {
    useTelegram();
    const { id, address } = await recordOne("TELEGRAM");
    tg.blockedChats.add(address);

    await expect(sendNotification({ notificationId: id })).rejects.toBeInstanceOf(PermanentSendError);

    expect(await row(id)).toMatchObject({ status: "FAILED" });
    expect((await getDb().channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "TELEGRAM", externalId: address } } })).blocked).toBe(
      true,
    );
    expect(tg.sent(address)).toHaveLength(1);
  });

  test("a connection refused before Telegram had the request is retried, then sent once", async () => {
    useTelegram(`http://127.0.0.1:${await closedPort()}`);
    const { id, address } = await recordOne("TELEGRAM");

    const error = await sendNotification({ notificationId: id }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableSendError);
    const waiting = await row(id);
    expect(waiting).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(waiting.lastError).toContain("network");

    useTelegram(); // Telegram is reachable again
    expect((await sendNotification({ notificationId: id, now: waiting.nextAttemptAt })).outcome).toBe("sent");
    expect(tg.sent(address)).toHaveLength(1);
  });
});

test("staff see an UNCERTAIN notification, with what it means, on the request page", async () => {
  useTelegram();
  const { id, request } = await recordOne("TELEGRAM");
  tg.dropNextAnswers(1);
  await sendNotification({ notificationId: id });
  const operator = await signInAs("OPERATOR");

  const page = (await requestPageLoader({
    request: new Request(`http://localhost:3000/staff/requests/${request.id}`, { headers: operator.headers }),
    params: { id: request.id },
    context: {},
  })) as { notifications: { id: string; status: string; channel: string; template: string }[] };

  expect(page.notifications).toEqual([expect.objectContaining({ id, status: "UNCERTAIN", channel: "TELEGRAM", template: "received" })]);
  expect(t("uk", "console:notifications.status.UNCERTAIN")).toBe("невідомо, чи дійшло");
  expect(t("en", "console:notifications.status.UNCERTAIN")).toBe("may not have arrived");
  expect(t("uk", "console:notifications.uncertainHint")).toContain("Повторно його не надсилали");
});

describe("Twilio", () => {
  test("a send whose answer was lost is found in the Messages list and marked SENT with its sid, not sent again", async () => {
    useTwilio();
    const { id, address } = await recordOne("SMS");
    tw.answerNext("accept-then-drop"); // Twilio creates the message; its answer never arrives

    const first = await sendNotification({ notificationId: id });
    expect(first.outcome).toBe("not-due"); // the provider will be asked shortly
    expect((await row(id)).status).toBe("SENDING");

    const due = (await row(id)).nextAttemptAt;
    const result = await sendNotification({ notificationId: id, now: due });

    expect(result).toMatchObject({ outcome: "sent", recovered: true });
    const n = await row(id);
    expect(n.status).toBe("SENT");
    expect(n.message?.externalId).toBe(tw.messages[0]!.sid);
    expect(n.message?.deliveryStatus).toBe("QUEUED");
    expect(tw.sentTo(address)).toHaveLength(1);
    // Asked by recipient and our number; once without a date (queued messages have none) and once from the day on.
    expect(tw.listCalls.map((q) => [q.get("To"), q.get("From"), q.has("DateSent>")])).toEqual(
      expect.arrayContaining([
        [address, TWILIO.phoneNumber, false],
        [address, TWILIO.phoneNumber, true],
      ]),
    );
  });

  test("a send interrupted before Twilio had it is sent again once Twilio has no record of it after the window", async () => {
    useTwilio();
    const { id, address } = await recordOne("SMS");
    tw.answerNext("drop"); // the connection fails after it was made; Twilio never had the request

    await sendNotification({ notificationId: id });
    const startedAt = (await row(id)).lastAttemptAt!;

    // Looked up soon after: not there yet, so looked up again when the window closes.
    const early = await sendNotification({ notificationId: id, now: (await row(id)).nextAttemptAt });
    expect(early).toEqual({ outcome: "not-due", nextAttemptAt: new Date(startedAt.getTime() + NOT_FOUND_AFTER_MS) });
    expect(tw.sentTo(address)).toHaveLength(1);

    const result = await sendNotification({ notificationId: id, now: new Date(startedAt.getTime() + NOT_FOUND_AFTER_MS) });

    expect(result.outcome).toBe("sent");
    const n = await row(id);
    expect(n).toMatchObject({ status: "SENT", attempts: 2 });
    expect(tw.messages).toHaveLength(1); // one SMS reached the citizen
    expect(n.message?.externalId).toBe(tw.messages[0]!.sid);
  });

  test("the status callback carries our notification id and records the sid and status, settling a send without an answer", async () => {
    useTwilio();
    const { id } = await recordOne("SMS");
    tw.answerNext("accept-then-drop");
    await sendNotification({ notificationId: id });
    const sent = tw.calls[0]!.form;
    const pendingMessage = await getDb().message.findFirstOrThrow({ where: { externalId: `pending-${id}` } });
    expect(sent.StatusCallback).toBe(`${TWILIO.publicBaseUrl}/webhooks/twilio/status?n=${id}&mid=${pendingMessage.id}`);
    const callbackUrl = new URL(sent.StatusCallback!);

    const res = await statusAction({
      request: twilioRequest({
        path: `${callbackUrl.pathname}${callbackUrl.search}`,
        params: { MessageSid: tw.messages[0]!.sid, MessageStatus: "sent", AccountSid: TWILIO.accountSid, To: sent.To!, From: sent.From! },
      }),
      params: {},
      context: {},
    });

    expect(res.status).toBe(204);
    const n = await row(id);
    expect(n.status).toBe("SENT");
    expect(n.message).toMatchObject({ id: pendingMessage.id, externalId: tw.messages[0]!.sid, deliveryStatus: "SENT" });
    // A later run has nothing left to do.
    expect((await sendNotification({ notificationId: id, now: later(NOT_FOUND_AFTER_MS) })).outcome).toBe("noop");
    expect(tw.calls).toHaveLength(1);
  });

  test("a status callback with only our notification id finds its message", async () => {
    useTwilio();
    const { id } = await recordOne("SMS");
    await sendNotification({ notificationId: id });
    const sid = tw.messages[0]!.sid;

    const res = await statusAction({
      request: twilioRequest({
        path: `/webhooks/twilio/status?n=${id}`,
        params: { MessageSid: sid, MessageStatus: "delivered", AccountSid: TWILIO.accountSid },
      }),
      params: {},
      context: {},
    });

    expect(res.status).toBe(204);
    expect((await row(id)).message).toMatchObject({ externalId: sid, deliveryStatus: "DELIVERED" });
  });

  test("a 400 refusal still fails for good, sent once", async () => {
    useTwilio();
    const { id, address } = await recordOne("SMS");
    tw.answerNext({ status: 400, code: 21604, message: "A 'To' phone number is required." });

    await expect(sendNotification({ notificationId: id })).rejects.toBeInstanceOf(PermanentSendError);

    expect(await row(id)).toMatchObject({ status: "FAILED" });
    expect(tw.sentTo(address)).toHaveLength(1);
    expect(await sendNotification({ notificationId: id, now: later(3600_000) })).toEqual({ outcome: "noop", status: "FAILED" });
  });

  test("a connection refused before Twilio had the request is retried, then sent once", async () => {
    useTwilio(`http://127.0.0.1:${await closedPort()}`);
    const { id, address } = await recordOne("SMS");

    const error = await sendNotification({ notificationId: id }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableSendError);
    const waiting = await row(id);
    expect(waiting).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(waiting.lastError).toContain("ECONNREFUSED");

    useTwilio();
    expect((await sendNotification({ notificationId: id, now: waiting.nextAttemptAt })).outcome).toBe("sent");
    expect(tw.sentTo(address)).toHaveLength(1);
    expect(await getDb().message.count({ where: { address, direction: "OUT" } })).toBe(1);
  });
});

describe("the sandbox", () => {
  test("an interrupted sandbox send is simply sent again: it cannot make a second message", async () => {
    const { id, request } = await recordOne("TELEGRAM");
    await sendNotification({ notificationId: id });
    // As if the run had died after storing the sandbox message but before marking the row.
    await getDb().notification.update({
      where: { id },
      data: {
        status: "SENDING",
        messageId: null,
        sentAt: null,
        nextAttemptAt: new Date(Date.now() - 1),
        lastAttemptAt: new Date(Date.now() - SEND_RECOVER_AFTER_MS),
      },
    });

    expect((await sendNotification({ notificationId: id })).outcome).toBe("sent");

    expect((await row(id)).status).toBe("SENT");
    expect(await getDb().message.count({ where: { requestId: request.id, direction: "OUT" } })).toBe(1);
  });
});
