// Signed Twilio webhooks with malformed fields (what a buggy proxy, a replay tool or a
// changed Twilio payload could send): each gets 200 with valid TwiML — a polite message
// where a person is waiting — and nothing is written.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { action as smsAction } from "#app/routes/webhooks+/twilio.sms.ts";
import { action as voiceAction } from "#app/routes/webhooks+/twilio.voice.ts";
import { action as stepAction } from "#app/routes/webhooks+/twilio.voice.$step.ts";
import { findAll, parseXml, type XmlNode } from "#tests/fixtures/twilio/twiml.ts";
import { sid, smsParams, TWILIO, twilioRequest, voiceParams } from "#tests/fixtures/twilio/webhooks.ts";

const db = () => getDb();
const CALLER = "+380671119900";

beforeAll(() => {
  process.env.TWILIO_AUTH_TOKEN = TWILIO.authToken;
  process.env.PUBLIC_BASE_URL = TWILIO.publicBaseUrl;
  resetEnvForTests();
  registerPhoneChannel({});
});
afterAll(() => {
  for (const k of ["TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"]) delete process.env[k];
  resetEnvForTests();
});

async function twimlOf(res: Response): Promise<XmlNode> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/xml");
  const xml = parseXml(await res.text());
  expect(xml.name).toBe("Response");
  return xml;
}

const sms = (params: Record<string, string>) => smsAction({ request: twilioRequest({ path: "/webhooks/twilio/sms", params }), params: {}, context: {} });
const voice = (params: Record<string, string>) => voiceAction({ request: twilioRequest({ path: "/webhooks/twilio/voice", params }), params: {}, context: {} });
const step = (name: string, params: Record<string, string>) =>
  stepAction({ request: twilioRequest({ path: `/webhooks/twilio/voice/${name}`, params }), params: { step: name }, context: {} });

async function counts() {
  const d = db();
  return {
    events: await d.inboundEvent.count(),
    calls: await d.call.count(),
    requests: await d.request.count(),
    messages: await d.message.count(),
    citizens: await d.citizen.count(),
  };
}

describe("malformed SMS webhooks", () => {
  const cases: [string, (p: Record<string, string>) => Record<string, string>][] = [
    ["non-numeric NumMedia", (p) => ({ ...p, NumMedia: "abc" })],
    ["negative NumMedia", (p) => ({ ...p, NumMedia: "-1" })],
    ["short MessageSid", (p) => ({ ...p, MessageSid: "SM123" })],
    ["MessageSid not hex", (p) => ({ ...p, MessageSid: "SM" + "z".repeat(32) })],
    ["MessageSid with a path in it", (p) => ({ ...p, MessageSid: "SM/../../etc/passwd/000000000000000000" })],
    ["missing MessageSid", ({ MessageSid: _, ...p }) => p],
    ["missing From", ({ From: _, ...p }) => p],
  ];
  for (const [name, mutate] of cases) {
    test(`${name}: 200 with TwiML, nothing recorded`, async () => {
      const before = await counts();
      const params = mutate(smsParams({ from: CALLER, body: "Немає світла у під'їзді" }));
      const twiml = await twimlOf(await sms(params));
      expect(findAll(twiml, "Message").length).toBeLessThanOrEqual(1);
      expect(await counts()).toEqual(before);
    });
  }

  test("a malformed SMS from a real number is told politely to try again, in Ukrainian", async () => {
    const twiml = await twimlOf(await sms({ ...smsParams({ from: CALLER, body: "Привіт" }), NumMedia: "x" }));
    expect(findAll(twiml, "Message")[0]?.text).toMatch(/ще раз/);
  });
});

describe("malformed voice webhooks", () => {
  test("a call with a short or malformed CallSid is answered politely and hung up; no call is logged", async () => {
    for (const callSid of ["CA1", "CA" + "g".repeat(32), ""]) {
      const before = await counts();
      const twiml = await twimlOf(await voice(voiceParams({ callSid, from: CALLER })));
      expect(findAll(twiml, "Say")[0]?.attrs.language).toBe("uk-UA");
      expect(findAll(twiml, "Hangup")).toHaveLength(1);
      expect(await counts()).toEqual(before);
    }
    const { CallSid: _, ...noSid } = voiceParams({ callSid: sid("CA"), from: CALLER });
    await twimlOf(await voice(noSid));
  });

  test("a step without CallSid gets TwiML, not an empty 204 or a 5xx", async () => {
    const { CallSid: _, ...noSid } = voiceParams({ callSid: sid("CA"), from: CALLER, extra: { Digits: "1" } });
    await twimlOf(await step("menu", noSid));
  });

  test("non-numeric CallDuration on the status callback changes nothing", async () => {
    const callSid = sid("CA");
    await twimlOf(await voice(voiceParams({ callSid, from: CALLER })));
    const before = await db().call.findUniqueOrThrow({ where: { callSid } });
    await twimlOf(await step("call-status", voiceParams({ callSid, from: CALLER, extra: { CallStatus: "completed", CallDuration: "12s" } })));
    const after = await db().call.findUniqueOrThrow({ where: { callSid } });
    expect(after).toMatchObject({ status: before.status, endedAt: null, durationSecs: null });
  });

  test("durations too large for any real call (an integer overflow in the database) change nothing and never 5xx", async () => {
    const callSid = sid("CA");
    await twimlOf(await voice(voiceParams({ callSid, from: CALLER })));
    const before = await db().call.findUniqueOrThrow({ where: { callSid } });
    await twimlOf(await step("call-status", voiceParams({ callSid, from: CALLER, extra: { CallStatus: "completed", CallDuration: "99999999999" } })));
    const recordingSid = sid("RE");
    const extra = {
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Recordings/${recordingSid}`,
      RecordingDuration: "99999999999",
      RecordingStatus: "completed",
    };
    await twimlOf(await step("recording-status", voiceParams({ callSid, from: CALLER, extra })));
    const after = await db().call.findUniqueOrThrow({ where: { callSid } });
    expect(after).toMatchObject({ status: before.status, endedAt: null, durationSecs: null, recordingSid: null });
  });

  test("non-numeric RecordingDuration: no recording stored, no event, the caller hears a polite answer", async () => {
    const callSid = sid("CA");
    await twimlOf(await voice(voiceParams({ callSid, from: CALLER })));
    const before = await counts();
    const recordingSid = sid("RE");
    const extra = {
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Recordings/${recordingSid}`,
      RecordingDuration: "ten",
    };
    const twiml = await twimlOf(await step("recorded", voiceParams({ callSid, from: CALLER, extra })));
    expect(findAll(twiml, "Say").length).toBeGreaterThan(0);
    await twimlOf(await step("recording-status", voiceParams({ callSid, from: CALLER, extra: { ...extra, RecordingStatus: "completed" } })));
    expect(await counts()).toEqual(before);
    expect((await db().call.findUniqueOrThrow({ where: { callSid } })).recordingSid).toBeNull();
  });

  test("more than 40 digits at the status prompt: «not found» and back to the menu", async () => {
    const callSid = sid("CA");
    await twimlOf(await voice(voiceParams({ callSid, from: CALLER })));
    for (const digits of ["1".repeat(41), "2026".repeat(50), "9".repeat(5000)]) {
      const twiml = await twimlOf(await step("status", voiceParams({ callSid, from: CALLER, extra: { Digits: digits } })));
      expect(findAll(twiml, "Say")[0]?.text).toMatch(/не знайдено/);
      expect(findAll(twiml, "Redirect")[0]?.text).toBe("/webhooks/twilio/voice/main");
    }
  });
});
