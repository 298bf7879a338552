// Twilio SMS end to end: signed webhooks (library's own signature function), the intake
// step as the worker runs it, the notifications worker sending through the Twilio REST
// API (answered by msw, which records what was sent), and delivery status callbacks.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { resetSenders } from "#app/domain/notifications/senders.server.ts";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { countSmsSegments } from "#integrations/twilio/segments.ts";
import { action as smsAction } from "#app/routes/webhooks+/twilio.sms.ts";
import { action as statusAction } from "#app/routes/webhooks+/twilio.status.ts";
import { loader as metricsLoader } from "#app/routes/metrics.ts";
import { createCategory } from "#tests/factories/org.ts";
import { server } from "#tests/mocks/server.ts";
import { createTwilioApi } from "#tests/mocks/twilio.ts";
import { findAll, parseXml } from "#tests/fixtures/twilio/twiml.ts";
import { sid, smsParams, TWILIO, twilioRequest } from "#tests/fixtures/twilio/webhooks.ts";

const api = createTwilioApi();
const db = () => getDb();
let phoneSeq = 0;
const newPhone = () => `+38050${String(Date.now()).slice(-5)}${String(++phoneSeq).padStart(2, "0")}`;

beforeAll(() => {
  process.env.TWILIO_ACCOUNT_SID = TWILIO.accountSid;
  process.env.TWILIO_AUTH_TOKEN = TWILIO.authToken;
  process.env.TWILIO_PHONE_NUMBER = TWILIO.phoneNumber;
  process.env.PUBLIC_BASE_URL = TWILIO.publicBaseUrl;
  resetEnvForTests();
  registerPhoneChannel({ twilio: TWILIO });
});
beforeEach(() => {
  server.use(...api.handlers);
  api.clear();
});
afterAll(() => {
  for (const k of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER", "PUBLIC_BASE_URL"]) delete process.env[k];
  resetEnvForTests();
  resetSenders();
});

const post = (request: Request) => smsAction({ request, params: {}, context: {} });
const postStatus = (request: Request) => statusAction({ request, params: {}, context: {} });

async function sendSms(options: { from: string; body: string; messageSid?: string; media?: { url: string; contentType: string }[] }) {
  const params = smsParams(options);
  const res = await post(twilioRequest({ path: "/webhooks/twilio/sms", params }));
  expect(res.status).toBe(200);
  const twiml = parseXml(await res.text());
  const event = await db().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: params.MessageSid } } });
  return { params, twiml, event };
}

/** What the intake worker, then the notifications worker, would do. */
async function runWorkers(inboundEventId?: string) {
  if (inboundEventId) await processInboundEvent({ inboundEventId });
  const due = await db().notification.findMany({ where: { status: "PENDING" }, select: { id: true } });
  for (const n of due) await sendNotification({ notificationId: n.id }).catch(() => undefined);
}

async function refused(request: Request) {
  try {
    await post(request);
    throw new Error("expected a 403");
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    return e.status;
  }
}

describe("signature checking", () => {
  test("only a request signed over the public URL with the right token and untouched body passes", async () => {
    const params = smsParams({ from: newPhone(), body: "Немає води на вулиці Шевченка" });
    const path = "/webhooks/twilio/sms";
    expect(await refused(twilioRequest({ path, params, tamper: { Body: "інший текст" } }))).toBe(403);
    // Signed for the internal Host (what a proxy forwards) instead of the public URL.
    expect(await refused(twilioRequest({ path, params, signUrl: `http://127.0.0.1:3000${path}` }))).toBe(403);
    // Signed for another path on the right host and port.
    expect(await refused(twilioRequest({ path, params, signUrl: `${TWILIO.publicBaseUrl}/webhooks/twilio/voice` }))).toBe(403);
    expect(await refused(twilioRequest({ path, params, token: "another-token" }))).toBe(403);
    expect(await refused(twilioRequest({ path, params, unsigned: true }))).toBe(403);
    expect(await db().inboundEvent.count({ where: { externalId: params.MessageSid } })).toBe(0);

    const ok = await post(twilioRequest({ path, params }));
    expect(ok.status).toBe(200);
    expect(await db().inboundEvent.count({ where: { externalId: params.MessageSid } })).toBe(1);

    const metrics = await (await metricsLoader()).text();
    expect(metrics).toMatch(/twilio_webhook_rejected_total\{hook="sms",reason="invalid"\} 4/);
    expect(metrics).toMatch(/twilio_webhook_rejected_total\{hook="sms",reason="missing"\} 1/);
    expect(metrics).toContain("# TYPE twilio_webhook_rejected_total counter");
    // Node's own metrics come with them (memory is what an operator watches first).
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  test("a URL with a query string is checked with its query", async () => {
    const path = "/webhooks/twilio/status?mid=00000000-0000-0000-0000-000000000000";
    const params = { MessageSid: sid("SM"), MessageStatus: "delivered", AccountSid: TWILIO.accountSid };
    expect((await postStatus(twilioRequest({ path, params }))).status).toBe(204);
    const withoutQuery = twilioRequest({ path, params, signUrl: `${TWILIO.publicBaseUrl}/webhooks/twilio/status` });
    await expect(postStatus(withoutQuery)).rejects.toMatchObject({ status: 403 });
  });
});

describe("inbound SMS", () => {
  test("becomes a routed request and the citizen gets its number by SMS, through Twilio with a status callback", async () => {
    const phone = newPhone();
    const { twiml, event } = await sendSms({ from: phone, body: "Третій день немає води в будинку на Шевченка 12" });
    expect(twiml.name).toBe("Response");
    expect(twiml.children).toHaveLength(0); // nothing said during the webhook
    await runWorkers(event.id);

    const request = await db().request.findUniqueOrThrow({
      where: { channel_externalId: { channel: "SMS", externalId: event.externalId } },
      include: { citizen: true, messages: true },
    });
    expect(request.routed).toBe(true);
    expect(request.citizen?.phone).toBe(phone);
    expect(request.messages.find((m) => m.direction === "IN")?.body).toContain("немає води");

    const sent = api.sentTo(phone);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.From).toBe(TWILIO.phoneNumber);
    expect(sent[0]!.Body).toContain(request.number);
    expect(countSmsSegments(sent[0]!.Body!).segments).toBeLessThanOrEqual(2);
    const out = await db().message.findFirstOrThrow({ where: { requestId: request.id, direction: "OUT" }, include: { notification: true } });
    expect(sent[0]!.StatusCallback).toBe(`${TWILIO.publicBaseUrl}/webhooks/twilio/status?n=${out.notification!.id}&mid=${out.id}`);
    expect(out.externalId).toMatch(/^SM/);
    expect(api.calls[0]!.authorization).toBe("Basic " + Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString("base64"));
  });

  test("the same MessageSid delivered three times gives one request and one SMS back", async () => {
    const phone = newPhone();
    const messageSid = sid("SM");
    const first = await sendSms({ from: phone, body: "Не вивезли сміття, баки переповнені", messageSid });
    await sendSms({ from: phone, body: "Не вивезли сміття, баки переповнені", messageSid });
    await runWorkers(first.event.id);
    await sendSms({ from: phone, body: "Не вивезли сміття, баки переповнені", messageSid });
    await runWorkers(first.event.id);
    expect(await db().inboundEvent.count({ where: { externalId: messageSid } })).toBe(1);
    expect(await db().request.count({ where: { channel: "SMS", externalId: messageSid } })).toBe(1);
    expect(api.sentTo(phone)).toHaveLength(1);
  });

  test("MMS media become attachments waiting for the worker's download; a follow-up within the window joins the request", async () => {
    const phone = newPhone();
    const media = [
      {
        url: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/MM${sid("SM").slice(2)}/Media/ME${sid("SM").slice(2)}`,
        contentType: "image/jpeg",
      },
    ];
    const first = await sendSms({ from: phone, body: "Яма на дорозі біля зупинки", media });
    await runWorkers(first.event.id);
    const request = await db().request.findFirstOrThrow({ where: { externalId: first.params.MessageSid }, include: { attachments: true } });
    // The download itself: security-phone-media.test.ts.
    expect(request.attachments).toMatchObject([{ kind: "photo", mimeType: "image/jpeg", storageKey: `twilio:${media[0]!.url}`, size: 0 }]);

    const second = await sendSms({ from: phone, body: "Забув: біля будинку 5" });
    await runWorkers(second.event.id);
    expect(await db().request.count({ where: { citizenId: request.citizenId } })).toBe(1);
    const events = await db().requestEvent.findMany({ where: { requestId: request.id, type: "citizen-info" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.isPublic).toBe(true);
  });

  test("an answer to a staff question goes to the waiting request, which moves back to IN_PROGRESS", async () => {
    const phone = newPhone();
    const first = await sendSms({ from: phone, body: "Не горить ліхтар біля під'їзду" });
    await runWorkers(first.event.id);
    const request = await db().request.findFirstOrThrow({ where: { externalId: first.params.MessageSid } });
    await transitionRequest({ requestId: request.id, to: "IN_PROGRESS", actor: { type: "SYSTEM" } }).catch(() => undefined);
    await transitionRequest({ requestId: request.id, to: "WAITING_CITIZEN", actor: { type: "SYSTEM" }, question: "Уточніть номер під'їзду" });
    // Outside the conversation window, yet it is the answer.
    await db().message.updateMany({ where: { address: phone }, data: { createdAt: new Date(Date.now() - 3 * 3600_000) } });
    const answer = await sendSms({ from: phone, body: "Під'їзд 3" });
    await runWorkers(answer.event.id);
    expect((await db().request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("IN_PROGRESS");
    expect(await db().request.count({ where: { citizenId: request.citizenId } })).toBe(1);
  });

  test("СТАТУС with a number (any case, Latin lookalikes) answers the status and due date", async () => {
    const phone = newPhone();
    const first = await sendSms({ from: phone, body: "Нет отопления, батареи холодные" });
    await runWorkers(first.event.id);
    const request = await db().request.findFirstOrThrow({ where: { externalId: first.params.MessageSid } });
    // Categorised, with a term of its own (a request still waiting for a category has no date to tell).
    const category = await createCategory({ code: `heating.cold-${request.id.slice(0, 8)}` });
    const due = new Date("2030-05-12T20:59:00Z");
    await db().deadline.updateMany({ where: { requestId: request.id, kind: "TRIAGE" }, data: { active: false, metAt: new Date() } });
    await db().deadline.create({ data: { requestId: request.id, kind: "SLA", label: "sla", startedAt: request.receivedAt, dueAt: due, warnAt: due } });
    await db().request.update({ where: { id: request.id }, data: { categoryId: category.id, dueAt: due } });
    api.clear();
    // "CТAТУС" mixes Latin C and A with Cyrillic letters.
    const { twiml, event } = await sendSms({ from: phone, body: `CТAТУС ${request.number}` });
    expect(findAll(twiml, "Message")).toHaveLength(0);
    await runWorkers(event.id);
    const sent = api.sentTo(phone);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.Body).toContain(request.number);
    expect(sent[0]!.Body).toContain("нова");
    expect(sent[0]!.Body).toContain("12.05.2030");
    expect(await db().request.count({ where: { citizenId: request.citizenId } })).toBe(1);

    // Answered in the citizen's language (they wrote in Cyrillic), not the keyword's alphabet.
    const unknown = await sendSms({ from: phone, body: "status 999999" });
    expect(findAll(unknown.twiml, "Message")[0]!.text).toMatch(/не знайдено/);
  });

  test("STOP opts the number out: a later notification sends nothing; START brings it back; HELP answers", async () => {
    const phone = newPhone();
    const first = await sendSms({ from: phone, body: "Зламалась гойдалка на майданчику" });
    await runWorkers(first.event.id);
    const request = await db().request.findFirstOrThrow({ where: { externalId: first.params.MessageSid } });
    api.clear();

    // A notification already in the outbox when STOP arrives…
    await transitionRequest({ requestId: request.id, to: "IN_PROGRESS", actor: { type: "SYSTEM" } });
    const stop = await sendSms({ from: phone, body: "стоп" });
    expect(findAll(stop.twiml, "Message")[0]!.text).toContain("СТАРТ");
    // …and one recorded after it.
    await transitionRequest({ requestId: request.id, to: "WAITING_CITIZEN", actor: { type: "SYSTEM" }, question: "Де саме?" });
    await runWorkers();
    expect(api.sentTo(phone)).toHaveLength(0);
    expect(
      await db().notification.count({ where: { requestId: request.id, status: { in: ["PENDING", "SENT"] }, createdAt: { gt: stop.event.receivedAt } } }),
    ).toBe(0);

    const start = await sendSms({ from: phone, body: "START" });
    expect(findAll(start.twiml, "Message")[0]!.text).toMatch(/знову ввімкнено/);
    expect((await db().channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: phone } } })).optedOut).toBe(false);
    const help = await sendSms({ from: phone, body: "Допомога" });
    expect(findAll(help.twiml, "Message")[0]!.text).toContain("СТАТУС");
  });

  test("Twilio's 21610 on send marks the number opted out and is not retried", async () => {
    const phone = newPhone();
    api.optedOut.add(phone);
    const first = await sendSms({ from: phone, body: "Впало дерево на дорогу" });
    await processInboundEvent({ inboundEventId: first.event.id });
    const n = await db().notification.findFirstOrThrow({ where: { address: phone } });
    await expect(sendNotification({ notificationId: n.id })).rejects.toMatchObject({ name: "PermanentSendError", reason: "opted-out" });
    expect((await db().notification.findUniqueOrThrow({ where: { id: n.id } })).status).toBe("FAILED");
    expect((await db().channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: phone } } })).optedOut).toBe(true);
    expect(api.sentTo(phone)).toHaveLength(1);
  });
});

describe("delivery status callbacks", () => {
  test("arrive out of order and leave the final status; 21610 in a callback opts the number out", async () => {
    const phone = newPhone();
    const first = await sendSms({ from: phone, body: "Не працює світлофор на перехресті" });
    await runWorkers(first.event.id);
    const out = await db().message.findFirstOrThrow({ where: { address: phone, direction: "OUT" } });
    const path = `/webhooks/twilio/status?mid=${out.id}`;
    const cb = (status: string, extra: Record<string, string> = {}) =>
      postStatus(twilioRequest({ path, params: { MessageSid: out.externalId!, MessageStatus: status, AccountSid: TWILIO.accountSid, To: phone, ...extra } }));
    expect((await cb("delivered")).status).toBe(204);
    await cb("sent");
    await cb("queued");
    expect((await db().message.findUniqueOrThrow({ where: { id: out.id } })).deliveryStatus).toBe("DELIVERED");
    await cb("failed");
    expect((await db().message.findUniqueOrThrow({ where: { id: out.id } })).deliveryStatus).toBe("DELIVERED");

    const second = await sendSms({
      from: phone,
      body: "status " + (await db().request.findFirstOrThrow({ where: { externalId: first.params.MessageSid } })).number,
    });
    await runWorkers(second.event.id);
    const reply = await db().message.findFirstOrThrow({ where: { address: phone, direction: "OUT", NOT: { id: out.id } } });
    await postStatus(
      twilioRequest({
        path: `/webhooks/twilio/status?mid=${reply.id}`,
        params: { MessageSid: reply.externalId!, MessageStatus: "undelivered", ErrorCode: "21610", AccountSid: TWILIO.accountSid },
      }),
    );
    await postStatus(
      twilioRequest({
        path: `/webhooks/twilio/status?mid=${reply.id}`,
        params: { MessageSid: reply.externalId!, MessageStatus: "sent", AccountSid: TWILIO.accountSid },
      }),
    );
    expect(await db().message.findUniqueOrThrow({ where: { id: reply.id } })).toMatchObject({ deliveryStatus: "UNDELIVERED", errorCode: "21610" });
    expect((await db().channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: phone } } })).optedOut).toBe(true);
  });
});
