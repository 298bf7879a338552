// Who is behind a phone, chat or e-mail is decided only by proof (findCitizenByContact):
// a typed contact never changes, joins or reveals an existing citizen; following a request
// needs the code sent to the contact; a status by SMS or phone is told only to the number
// whose citizen filed (or follows) the request. Real Postgres and Redis; signed Twilio
// webhooks; the outbox's sandbox sender for codes.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { findCitizenByContact } from "#app/domain/citizens/find-citizen-by-contact.server.ts";
import { confirmFollowRequest, startFollowRequest } from "#app/domain/tracking/follow-request.server.ts";
import { reportProblem } from "#app/domain/intake/report-problem.server.ts";
import { revealCitizenContact } from "#app/domain/requests/reveal-citizen-contact.server.ts";
import { askCitizen } from "#app/domain/requests/ask-citizen.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { ensurePhoneCitizen } from "#app/domain/citizens/ensure-phone-citizen.server.ts";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { routeRequest } from "#app/domain/requests/route-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { action as smsAction } from "#app/routes/webhooks+/twilio.sms.ts";
import { action as voiceAction } from "#app/routes/webhooks+/twilio.voice.ts";
import { action as stepAction } from "#app/routes/webhooks+/twilio.voice.$step.ts";
import { createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";
import { findAll, parseXml } from "#tests/fixtures/twilio/twiml.ts";
import { sid, smsParams, TWILIO, twilioRequest, voiceParams } from "#tests/fixtures/twilio/webhooks.ts";

const db = () => getDb();
let seq = 0;
const newPhone = () => `+38063${String(Date.now()).slice(-5)}${String(++seq).padStart(2, "0")}`;

beforeAll(async () => {
  // Signed webhooks; no Twilio credentials for sending, so texts go to the sandbox outbox.
  process.env.TWILIO_AUTH_TOKEN = TWILIO.authToken;
  process.env.PUBLIC_BASE_URL = TWILIO.publicBaseUrl;
  resetEnvForTests();
  registerPhoneChannel({});
  await createSmallCity();
});
afterAll(() => {
  for (const k of ["TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"]) delete process.env[k];
  resetEnvForTests();
});

/** A citizen who texted from `phone` (proved it), with a name, an e-mail and one request. */
async function textedBefore(phone: string) {
  const r = await submitRequest({
    channel: "SMS",
    externalId: sid("SM"),
    description: "Не працює ліфт у під'їзді",
    citizen: { phone, identity: { channel: "SMS", externalId: phone } },
  });
  const request = await db().request.findUniqueOrThrow({ where: { id: r.request.id } });
  const citizen = await db().citizen.update({
    where: { id: request.citizenId! },
    data: { fullName: "Ганна Коваль", email: "hanna@example.com", residence: "вул. Центральна, 3" },
    include: { identities: true },
  });
  return { request, citizen };
}

async function codeSentTo(address: string) {
  const n = await db().notification.findFirstOrThrow({ where: { address, template: "verificationCode" }, orderBy: { createdAt: "desc" } });
  const sent = await sendNotification({ notificationId: n.id });
  const body = (await db().message.findUniqueOrThrow({ where: { id: (sent as { messageId: string }).messageId } })).body;
  return body.match(/\b(\d{6})\b/)![1]!;
}

describe("an unproven contact never rewrites or joins a citizen", () => {
  test("a web report naming an existing citizen's phone and e-mail leaves them as they were; staff can still call back", async () => {
    const phone = newPhone();
    const owner = await textedBefore(phone);
    const result = await reportProblem({
      idempotencyKey: `web-${phone}`,
      categoryCode: "roads.pothole",
      answers: {},
      description: "Яма на дорозі біля школи",
      lat: POINTS.centre.lat,
      lon: POINTS.centre.lon,
      contact: { fullName: "Хтось Інший", phone: phone.replace("+38", ""), email: "HANNA@example.com" },
      photos: [],
      language: "uk",
    });
    if (result.kind !== "submitted") throw new Error(`expected the report accepted, got ${result.kind}`);
    // The form accepts; the routing worker links the citizen moments later.
    await routeRequest({ requestId: result.id });
    const request = await db().request.findFirstOrThrow({ where: { channel: "WEB", externalId: `web-${phone}` } });

    const after = await db().citizen.findUniqueOrThrow({ where: { id: owner.citizen.id }, include: { identities: true } });
    expect(after).toMatchObject({ fullName: "Ганна Коваль", email: "hanna@example.com", residence: "вул. Центральна, 3", phone });
    expect(after.identities.map((i) => [i.channel, i.externalId])).toEqual([["SMS", phone]]);
    expect(request.citizenId).not.toBe(owner.citizen.id);
    expect(await db().request.count({ where: { citizenId: owner.citizen.id } })).toBe(1);
    // The report's own citizen keeps what was typed, without claiming it (no identities).
    const own = await db().citizen.findUniqueOrThrow({ where: { id: request.citizenId! }, include: { identities: true } });
    expect(own).toMatchObject({ fullName: "Хтось Інший", phone, email: "hanna@example.com" });
    expect(own.identities).toEqual([]);
    // Staff see the typed contact on the request ("show contact", audited) to call back.
    const operator = await createStaff({ role: "OPERATOR" });
    const shown = await revealCitizenContact({ actor: { id: operator.id, role: "OPERATOR", departmentId: null }, requestId: request.id });
    expect(shown.citizen).toMatchObject({ phone, fullName: "Хтось Інший" });
    // A later text from the number is still its owner's.
    const later = await submitRequest({
      channel: "SMS",
      externalId: sid("SM"),
      description: "Ліфт знову стоїть",
      citizen: { phone, identity: { channel: "SMS", externalId: phone } },
    });
    expect((await db().request.findUniqueOrThrow({ where: { id: later.request.id } })).citizenId).toBe(owner.citizen.id);
  });

  test("two web reports with the same typed phone do not share a citizen (one cannot rename the other)", async () => {
    const phone = newPhone();
    const contact = (fullName: string) => ({ fullName, phone });
    const a = await submitRequest({ channel: "WEB", description: "Перша заявка з форми", citizen: contact("Перший Автор") });
    const b = await submitRequest({ channel: "WEB", description: "Друга заявка з форми", citizen: contact("Другий Автор") });
    const [ra, rb] = await Promise.all([a, b].map((r) => db().request.findUniqueOrThrow({ where: { id: r.request.id }, include: { citizen: true } })));
    expect(ra!.citizenId).not.toBe(rb!.citizenId);
    expect(ra!.citizen!.fullName).toBe("Перший Автор");
    expect(await findCitizenByContact({ address: { channel: "SMS", externalId: phone }, proven: true })).toBeNull();
    expect(await findCitizenByContact({ address: { channel: "SMS", externalId: phone }, proven: false })).toBeNull();
  });

  test("an identity kept from before proofs (unverified) leads nowhere and passes to whoever proves the number", async () => {
    const phone = newPhone();
    const typed = await db().citizen.create({ data: { phone, fullName: "Набрав Хтось", identities: { create: { channel: "SMS", externalId: phone } } } });
    expect(await findCitizenByContact({ address: { channel: "SMS", externalId: phone }, proven: true })).toBeNull();
    const { citizenId } = await ensurePhoneCitizen({ phone });
    expect(citizenId).not.toBe(typed.id);
    const identity = await db().channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: phone } } });
    expect(identity).toMatchObject({ citizenId });
    expect(identity.verifiedAt).not.toBeNull();
    expect((await db().citizen.findUniqueOrThrow({ where: { id: typed.id } })).fullName).toBe("Набрав Хтось");
  });
});

describe("following a request needs the code sent to the contact", () => {
  async function openRequest() {
    return submitRequest({
      channel: "WEB",
      externalId: sid("SM"),
      description: "Не горить ліхтар біля будинку",
      categoryCode: "roads.pothole",
      location: POINTS.centre,
      citizen: { fullName: "Автор Заявки", phone: newPhone() },
    });
  }

  test("by phone: a code by SMS; only the right one records the follower, joined to the citizen who proved the number", async () => {
    const phone = newPhone();
    const owner = await textedBefore(phone);
    const target = await openRequest();
    const started = await startFollowRequest({
      requestNumber: target.request.number,
      contact: { phone, fullName: "Інше Ім'я" },
      language: "uk",
      clientAddress: "203.0.113.5",
    });
    expect(started.channel).toBe("SMS");
    expect(await db().requestFollower.count({ where: { requestId: target.request.id } })).toBe(0);
    const code = await codeSentTo(phone);
    await expect(confirmFollowRequest({ verificationId: started.verificationId, code: code === "000000" ? "111111" : "000000" })).rejects.toMatchObject({
      code: "VALIDATION",
      details: { reason: "wrong", attemptsLeft: 4 },
    });
    const done = await confirmFollowRequest({ verificationId: started.verificationId, code });
    expect(done).toEqual({ number: target.request.number, alreadyFollowing: false });
    const follower = await db().requestFollower.findFirstOrThrow({ where: { requestId: target.request.id } });
    expect(follower).toMatchObject({ citizenId: owner.citizen.id, channel: "SMS" });
    // Proof of the number does not let the follow form rename its owner.
    expect((await db().citizen.findUniqueOrThrow({ where: { id: owner.citizen.id } })).fullName).toBe("Ганна Коваль");
    await expect(confirmFollowRequest({ verificationId: started.verificationId, code })).rejects.toMatchObject({
      code: "CONFLICT",
      details: { reason: "expired" },
    });
  });

  test("codes are paced per number and per client address", async () => {
    const target = await openRequest();
    const phone = newPhone();
    for (let i = 0; i < 3; i++) await startFollowRequest({ requestNumber: target.request.number, contact: { phone }, clientAddress: `198.51.100.${i}` });
    await expect(startFollowRequest({ requestNumber: target.request.number, contact: { phone }, clientAddress: "198.51.100.9" })).rejects.toMatchObject({
      code: "CONFLICT",
      field: "followNumber",
      details: { reason: "rate-limited" },
    });
    const address = "192.0.2.77";
    for (let i = 0; i < 10; i++) await startFollowRequest({ requestNumber: target.request.number, contact: { phone: newPhone() }, clientAddress: address });
    await expect(startFollowRequest({ requestNumber: target.request.number, contact: { phone: newPhone() }, clientAddress: address })).rejects.toMatchObject({
      details: { reason: "rate-limited" },
    });
    expect(await db().requestFollower.count({ where: { requestId: target.request.id } })).toBe(0);
  });
});

describe("a status by SMS or phone only for the asker's own requests", () => {
  async function sms(from: string, body: string) {
    const params = smsParams({ from, body });
    const res = await smsAction({ request: twilioRequest({ path: "/webhooks/twilio/sms", params }), params: {}, context: {} });
    expect(res.status).toBe(200);
    return { twiml: parseXml(await res.text()), messageSid: params.MessageSid };
  }

  test("SMS: a stranger's «Статус: … N» gets the same 'not found' as a number that does not exist; the owner gets the status", async () => {
    const owner = await textedBefore(newPhone());
    const stranger = newPhone();
    const seqNo = Number(owner.request.number.slice(-6));
    const asked = await sms(stranger, `Статус: моя заявка ${seqNo}`);
    expect(findAll(asked.twiml, "Message").map((m) => m.text)).toEqual([t("uk", "phone:sms.statusUnknown", { number: owner.request.number })]);
    const missing = await sms(stranger, "Статус: моя заявка 999999");
    const missingText = findAll(missing.twiml, "Message")[0]!.text;
    expect(missingText.replace(/SLV-\d{4}-\d{6}/, "N")).toBe(findAll(asked.twiml, "Message")[0]!.text.replace(/SLV-\d{4}-\d{6}/, "N"));
    expect(await db().notification.count({ where: { address: stranger } })).toBe(0);

    const own = await sms(owner.citizen.phone!, `Статус ${owner.request.number}`);
    expect(findAll(own.twiml, "Message")).toHaveLength(0);
    const reply = await db().notification.findFirstOrThrow({ where: { address: owner.citizen.phone!, template: "reply" } });
    expect(reply).toMatchObject({ requestId: owner.request.id, citizenId: owner.citizen.id });
  });

  test("an SMS from a number that was only typed before (an unverified identity) does not answer that record's question", async () => {
    const phone = newPhone();
    const typed = await db().citizen.create({ data: { phone, identities: { create: { channel: "SMS", externalId: phone } } } });
    const r = await submitRequest({ channel: "WEB", description: "Заявка, де хтось вказав цей номер" });
    await db().request.update({ where: { id: r.request.id }, data: { citizenId: typed.id, status: "WAITING_CITIZEN" } });
    const { messageSid } = await sms(phone, "Це відповідь на чуже питання");
    const event = await db().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: messageSid } } });
    const processed = await processInboundEvent({ inboundEventId: event.id });
    expect(processed.requestId).not.toBe(r.request.id);
    expect((await db().request.findUniqueOrThrow({ where: { id: r.request.id } })).status).toBe("WAITING_CITIZEN");
    expect((await db().request.findUniqueOrThrow({ where: { id: processed.requestId! } })).citizenId).not.toBe(typed.id);
  });

  test("an SMS answer to a question we texted to a typed number joins that request (the answer proves the number)", async () => {
    const phone = newPhone();
    const result = await reportProblem({
      idempotencyKey: `web-asked-${phone}`,
      categoryCode: "roads.pothole",
      answers: {},
      description: "Яма біля зупинки",
      lat: POINTS.centre.lat,
      lon: POINTS.centre.lon,
      contact: { fullName: "Марія", phone },
      photos: [],
      language: "uk",
    });
    if (result.kind !== "submitted") throw new Error(`expected the report accepted, got ${result.kind}`);
    // The form accepts; the routing worker links the citizen moments later.
    await routeRequest({ requestId: result.id });
    const request = await db().request.findFirstOrThrow({ where: { channel: "WEB", externalId: `web-asked-${phone}` } });
    const operator = await createStaff({ role: "OPERATOR" });
    const actor = { id: operator.id, role: "OPERATOR" as const, departmentId: null };
    await db().request.update({ where: { id: request.id }, data: { status: "IN_PROGRESS" } });
    await askCitizen({ actor, requestId: request.id, question: "Уточніть, будь ласка, номер будинку" });
    // The question goes out by SMS to the number the citizen typed.
    const question = await db().notification.findFirstOrThrow({ where: { requestId: request.id, address: phone }, orderBy: { createdAt: "desc" } });
    await sendNotification({ notificationId: question.id });

    const { messageSid } = await sms(phone, "Будинок 12, біля аптеки");
    const event = await db().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: messageSid } } });
    const processed = await processInboundEvent({ inboundEventId: event.id });
    expect(processed.requestId).toBe(request.id);
    expect((await db().request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("IN_PROGRESS");
    expect(await db().message.count({ where: { requestId: request.id, direction: "IN", body: "Будинок 12, біля аптеки" } })).toBe(1);
  });

  test("voice: a stranger keying in someone's number hears 'not found'; the owner hears the status", async () => {
    const owner = await textedBefore(newPhone());
    const digits = owner.request.number.replace(/\D/g, "");
    async function ask(from: string, keyed: string) {
      const callSid = sid("CA");
      await voiceAction({ request: twilioRequest({ path: "/webhooks/twilio/voice", params: voiceParams({ callSid, from }) }), params: {}, context: {} });
      const res = await stepAction({
        request: twilioRequest({ path: "/webhooks/twilio/voice/status", params: voiceParams({ callSid, from, extra: { Digits: keyed } }) }),
        params: { step: "status" },
        context: {},
      });
      return findAll(parseXml(await res.text()), "Say")
        .map((s) => s.text)
        .join(" ");
    }
    const stranger = await ask(newPhone(), digits);
    expect(stranger).toBe(t("uk", "phone:voice.statusNotFound"));
    expect(await ask(newPhone(), "2026999999")).toBe(stranger);
    expect(await ask(owner.citizen.phone!, digits)).toMatch(/Заявка \d{4} [\d ]+: нова/);
  });
});
