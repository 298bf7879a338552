// The database goes away (a proxy in front of PostgreSQL is stopped) while an SMS is with
// Twilio: Twilio took the message, but the run could not record it. When the database is
// back, the send is found in Twilio's Messages list and marked SENT; the citizen gets one
// SMS, never two. Real sender and Twilio client; msw answers as Twilio does.
import { randomUUID } from "node:crypto";
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { createTwilioClient } from "#integrations/twilio/client.ts";
import { createTwilioSender } from "#app/channels/phone/create-twilio-sender.server.ts";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { NOT_FOUND_AFTER_MS, sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { registerSender, resetSenders } from "#app/domain/notifications/senders.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { server } from "#tests/mocks/server.ts";
import { createTwilioApi } from "#tests/mocks/twilio.ts";
import { TWILIO } from "#tests/fixtures/twilio/webhooks.ts";
import { proxyTheDatabase, type ProxiedDatabase } from "#tests/fixtures/postgres-proxy.ts";

const tw = createTwilioApi();
let proxy: ProxiedDatabase;
let seq = 0;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = TWILIO.publicBaseUrl;
  process.env.TWILIO_AUTH_TOKEN = TWILIO.authToken;
  proxy = await proxyTheDatabase();
});
beforeEach(() => {
  tw.clear();
  const client = createTwilioClient({ accountSid: TWILIO.accountSid, authToken: TWILIO.authToken, from: TWILIO.phoneNumber });
  registerSender(createTwilioSender({ client, publicBaseUrl: TWILIO.publicBaseUrl }));
});
afterEach(async () => {
  resetSenders();
  await proxy.start();
});
afterAll(async () => {
  delete process.env.PUBLIC_BASE_URL;
  delete process.env.TWILIO_AUTH_TOKEN;
  await proxy.restore();
});

async function recordSms() {
  const db = getDb();
  const address = `+38050${String(2_000_000 + ++seq).slice(-7)}`;
  const citizen = await db.citizen.create({ data: { language: "uk", identities: { create: { channel: "SMS", externalId: address } } } });
  const request = await db.request.create({
    data: {
      number: `SLV-2026-${String(900_000 + ++seq)}`,
      channel: "SMS",
      citizenId: citizen.id,
      description: "Не працює ліфт",
      accessTokenHash: randomUUID(),
    },
  });
  const [row] = await db.$transaction((tx) => recordNotifications({ tx, requestId: request.id, template: "received", eventKey: `test:${randomUUID()}` }));
  if (!row) throw new Error("expected one notification to be recorded");
  return { id: row.id, address };
}

/** Twilio creates (and lists) every message; the database may go away right when it has one. */
function twilioCutsTheDatabase(cut: boolean) {
  server.use(
    http.post("https://api.twilio.com/2010-04-01/Accounts/:sid/Messages.json", async ({ request, params }) => {
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      tw.calls.push({ url: request.url, accountSid: String(params.sid), form, authorization: request.headers.get("authorization") });
      const message = tw.accept(String(params.sid), form);
      if (cut) await proxy.stop();
      return HttpResponse.json(message, { status: 201 });
    }),
    ...tw.handlers,
  );
}

// Where the run is when the database goes away, Twilio having taken the message: before it
// recorded anything, or after it recorded Twilio's sid on the message but before the rest.
const cuts = [
  // Only Twilio's Messages list can tell.
  { when: "before the sid is recorded", asksTwilio: true, arm: () => twilioCutsTheDatabase(true) },
  {
    when: "after the sid is recorded",
    asksTwilio: false,
    arm: () => {
      twilioCutsTheDatabase(false);
      void proxy.stopOnQuery('UPDATE "public"."Message" SET "deliveryStatus"');
    },
  },
];

test.each(cuts)("an SMS Twilio took when the database went away ($when) is found when it is back, not sent again", async ({ asksTwilio, arm }) => {
  const { id, address } = await recordSms();
  arm();

  // The run cannot record that Twilio took it: the row stays SENDING.
  await expect(sendNotification({ notificationId: id })).rejects.toThrow();
  expect(tw.sentTo(address)).toHaveLength(1);

  await proxy.start();
  server.resetHandlers(...tw.handlers);
  const row = await getDb().notification.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ status: "SENDING", attempts: 1 });
  const startedAt = row.lastAttemptAt!;

  // Recovery runs as the outbox runs it: at the take-over time, then as late as it is told,
  // and past the window after which an unseen send counts as never made.
  let result = await sendNotification({ notificationId: id, now: row.nextAttemptAt });
  for (let i = 0; i < 5 && result.outcome === "not-due"; i++) result = await sendNotification({ notificationId: id, now: result.nextAttemptAt });
  const late = await sendNotification({ notificationId: id, now: new Date(startedAt.getTime() + NOT_FOUND_AFTER_MS + 1000) });

  expect(result).toMatchObject({ outcome: "sent", recovered: true });
  expect(late.outcome).toBe("noop");
  expect(tw.sentTo(address)).toHaveLength(1);
  expect(tw.listCalls.length > 0).toBe(asksTwilio);
  const n = await getDb().notification.findUniqueOrThrow({ where: { id }, include: { message: true } });
  expect(n).toMatchObject({ status: "SENT", attempts: 1 });
  expect(n.message?.externalId).toBe(tw.messages[0]!.sid);
});

test("the database going away while a send is prepared leaves it PENDING, sent once normally when it is back — never an attempt nobody can vouch for", async () => {
  const { id, address } = await recordSms();
  twilioCutsTheDatabase(false);
  // The last read before the attempt is recorded: whether the address opted out or blocked us.
  void proxy.stopOnQuery('FROM "public"."ChannelIdentity"');

  await expect(sendNotification({ notificationId: id })).rejects.toThrow();
  expect(tw.sentTo(address)).toHaveLength(0);

  await proxy.start();
  // Pooled connections the outage cut may still be handed out once each: let them fail here.
  for (let i = 0; i < 10; i++) {
    const ok = await getDb().$queryRaw`SELECT 1`.then(() => true).catch(() => false);
    if (ok) break;
  }
  const row = await getDb().notification.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ status: "PENDING", attempts: 0 });

  expect(await sendNotification({ notificationId: id })).toMatchObject({ outcome: "sent" });
  expect(tw.sentTo(address)).toHaveLength(1);
  expect(await getDb().notification.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", attempts: 1 });
});
