// The voice hotline: TwiML parsed as XML (verbs, uk-UA, next URLs), menu 1 → a request
// holding the recording (its speech-to-text: voice-transcription.test.ts), menu 2 reads a
// status, menu 0 after the wait → a callback task; every call logged with its menu path and
// duration. Voices, speech intents, silence, withheld numbers: voice-menu.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { action as voiceAction } from "#app/routes/webhooks+/twilio.voice.ts";
import { action as stepAction } from "#app/routes/webhooks+/twilio.voice.$step.ts";
import { t } from "#app/utils/i18n.server.ts";
import { findAll, parseXml, type XmlNode } from "#tests/fixtures/twilio/twiml.ts";
import { sid, TWILIO, twilioRequest, voiceParams } from "#tests/fixtures/twilio/webhooks.ts";

const db = () => getDb();
const CALLER = "+380671112233";

beforeAll(() => {
  process.env.TWILIO_ACCOUNT_SID = TWILIO.accountSid;
  process.env.TWILIO_AUTH_TOKEN = TWILIO.authToken;
  process.env.PUBLIC_BASE_URL = TWILIO.publicBaseUrl;
  process.env.VOICE_QUEUE_MAX_WAIT_SECONDS = "60";
  process.env.HOTLINE_HOURS = "1-7 00:00-23:59";
  resetEnvForTests();
  registerPhoneChannel({});
});
afterAll(() => {
  for (const k of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL", "VOICE_QUEUE_MAX_WAIT_SECONDS", "HOTLINE_HOURS"]) delete process.env[k];
  resetEnvForTests();
});

async function call(callSid: string): Promise<XmlNode> {
  const res = await voiceAction({
    request: twilioRequest({ path: "/webhooks/twilio/voice", params: voiceParams({ callSid, from: CALLER }) }),
    params: {},
    context: {},
  });
  expect(res.headers.get("content-type")).toContain("text/xml");
  return parseXml(await res.text());
}

/** Follows a TwiML URL (as Twilio would: POST to the public base + that path). */
async function step(path: string, callSid: string, extra: Record<string, string> = {}): Promise<{ status: number; twiml: XmlNode | null }> {
  const stepName = new URL(path, "http://x").pathname.split("/").pop()!;
  const res = await stepAction({
    request: twilioRequest({ path, params: voiceParams({ callSid, from: CALLER, extra }) }),
    params: { step: stepName },
    context: {},
  });
  return { status: res.status, twiml: res.status === 200 ? parseXml(await res.text()) : null };
}

describe("voice hotline", () => {
  test("greets in Ukrainian with the recording notice and offers the menu by keypad and speech", async () => {
    const callSid = sid("CA");
    const twiml = await call(callSid);
    expect(twiml.name).toBe("Response");
    const says = findAll(twiml, "Say");
    expect(says.every((s) => s.attrs.language === "uk-UA")).toBe(true);
    expect(says[0]!.text).toMatch(/може записуватися/);
    const gather = findAll(twiml, "Gather")[0]!;
    expect(gather.attrs).toMatchObject({ input: "dtmf speech", language: "uk-UA", action: "/webhooks/twilio/voice/menu?tries=1", numDigits: "1" });
    expect(findAll(twiml, "Redirect")[0]!.text).toBe("/webhooks/twilio/voice/main?tries=1");
    const logged = await db().call.findUniqueOrThrow({ where: { callSid } });
    expect(logged).toMatchObject({ fromNumber: CALLER, menuPath: ["greeting"] });
  });

  test("refuses an unsigned step with 403", async () => {
    const request = twilioRequest({ path: "/webhooks/twilio/voice/menu", params: voiceParams({ callSid: sid("CA"), from: CALLER }), unsigned: true });
    await expect(stepAction({ request, params: { step: "menu" }, context: {} })).rejects.toMatchObject({ status: 403 });
  });

  test("menu 1 ends with a request holding the recording, once, though Twilio reports it twice (no category, text to come)", async () => {
    const callSid = sid("CA");
    await call(callSid);
    const menu = await step("/webhooks/twilio/voice/menu", callSid, { SpeechResult: "хочу залишити заявку" });
    const record = findAll(menu.twiml!, "Record")[0]!;
    expect(record.attrs).toMatchObject({ action: "/webhooks/twilio/voice/recorded", recordingStatusCallback: "/webhooks/twilio/voice/recording-status" });
    // Twilio's transcription is English-only: not asked for (speech-to-text is ours).
    expect(record.attrs.transcribe).toBeUndefined();
    expect(record.attrs.transcribeCallback).toBeUndefined();
    const recordingSid = sid("RE");
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Recordings/${recordingSid}`;
    const rec = { RecordingSid: recordingSid, RecordingUrl: recordingUrl, RecordingDuration: "17" };
    const done = await step("/webhooks/twilio/voice/recorded", callSid, rec);
    expect(findAll(done.twiml!, "Hangup")).toHaveLength(1);
    expect((await step("/webhooks/twilio/voice/recording-status", callSid, { ...rec, RecordingStatus: "completed" })).status).toBe(204);
    expect((await step("/webhooks/twilio/voice/call-status", callSid, { CallStatus: "completed", CallDuration: "95" })).status).toBe(204);

    // The intake worker takes the recorded events (recording once, though it came twice).
    const events = await db().inboundEvent.findMany({ where: { channel: "VOICE", processedAt: null }, orderBy: { receivedAt: "asc" } });
    expect(events.filter((e) => e.externalId === recordingSid)).toHaveLength(1);
    for (const e of events) await processInboundEvent({ inboundEventId: e.id });

    const logged = await db().call.findUniqueOrThrow({ where: { callSid }, include: { request: { include: { attachments: true } } } });
    expect(logged).toMatchObject({ menuPath: ["greeting", "1", "recorded"], recordingSid, recordingSecs: 17, durationSecs: 95, status: "COMPLETED" });
    const request = logged.request!;
    expect(request).toMatchObject({ channel: "VOICE", externalId: callSid, categoryId: null, routed: true });
    expect(request.description).toBe(t("uk", "phone:voice.placeholderDescription"));
    // Waiting for the worker's download (security-phone-media.test.ts), then for speech-to-text.
    expect(request.attachments).toMatchObject([{ kind: "recording", storageKey: `twilio:${recordingUrl}`, transcript: null, transcribedAt: null }]);
  });

  test("menu 2 reads the status of a request keyed in by its digits", async () => {
    // The caller's own request (texted from the number that calls); strangers' are not read out.
    const { request } = await submitRequest({
      channel: "SMS",
      externalId: sid("SM"),
      description: "Яма на дорозі біля школи",
      citizen: { phone: CALLER, identity: { channel: "SMS", externalId: CALLER } },
    });
    const callSid = sid("CA");
    await call(callSid);
    const menu = await step("/webhooks/twilio/voice/menu", callSid, { Digits: "2" });
    const gather = findAll(menu.twiml!, "Gather")[0]!;
    expect(gather.attrs).toMatchObject({ action: "/webhooks/twilio/voice/status", finishOnKey: "#" });
    const digits = request.number.replace(/\D/g, "");
    const answer = await step("/webhooks/twilio/voice/status", callSid, { Digits: digits });
    const said = findAll(answer.twiml!, "Say")
      .map((s) => s.text)
      .join(" ");
    expect(said).toMatch(/Заявка \d{4} [\d ]+: нова/);
    expect(findAll(answer.twiml!, "Say")[0]!.attrs.language).toBe("uk-UA");
    expect((await db().call.findUniqueOrThrow({ where: { callSid } })).menuPath).toEqual(["greeting", "2", "status-read"]);
  });

  test("menu 3 reads current outages", async () => {
    await db().outage.create({
      data: { kind: "OUTAGE", titleUk: "Немає води на Черевківці", causeUk: "Ремонт водогону", startsAt: new Date(Date.now() - 3600_000) },
    });
    const callSid = sid("CA");
    await call(callSid);
    const menu = await step("/webhooks/twilio/voice/menu", callSid, { Digits: "3" });
    expect(
      findAll(menu.twiml!, "Say")
        .map((s) => s.text)
        .join(" "),
    ).toContain("Ремонт водогону");
  });

  test("menu 0: queued with position announcements; after the wait a callback is offered and a task created", async () => {
    const callSid = sid("CA");
    await call(callSid);
    const menu = await step("/webhooks/twilio/voice/menu", callSid, { Digits: "0" });
    const enqueue = findAll(menu.twiml!, "Enqueue")[0]!;
    expect(enqueue.attrs).toMatchObject({ waitUrl: "/webhooks/twilio/voice/queue-wait", action: "/webhooks/twilio/voice/queue-done" });
    expect(enqueue.text).toBe("hotline");
    expect((await db().call.findUniqueOrThrow({ where: { callSid } })).status).toBe("QUEUED");

    const early = await step("/webhooks/twilio/voice/queue-wait", callSid, { QueuePosition: "2", QueueTime: "20" });
    expect(findAll(early.twiml!, "Say")[0]!.text).toContain("2");
    const late = await step("/webhooks/twilio/voice/queue-wait", callSid, { QueuePosition: "1", QueueTime: "61" });
    expect(findAll(late.twiml!, "Leave")).toHaveLength(1);
    const left = await step("/webhooks/twilio/voice/queue-done", callSid, { QueueResult: "leave" });
    const offer = findAll(left.twiml!, "Gather")[0]!;
    expect(offer.attrs.action).toBe("/webhooks/twilio/voice/callback?reason=long-wait");
    const yes = await step(offer.attrs.action!, callSid, { Digits: "1" });
    expect(findAll(yes.twiml!, "Hangup")).toHaveLength(1);
    await step(offer.attrs.action!, callSid, { Digits: "1" });
    const tasks = await db().callbackTask.findMany({ where: { call: { callSid } } });
    expect(tasks).toMatchObject([{ phone: CALLER, reason: "long-wait", status: "OPEN" }]);
  });

  test("menu 0 outside working hours offers a callback at once", async () => {
    process.env.HOTLINE_HOURS = "1-1 00:00-00:01";
    resetEnvForTests();
    try {
      const callSid = sid("CA");
      await call(callSid);
      const menu = await step("/webhooks/twilio/voice/menu", callSid, { Digits: "0" });
      expect(findAll(menu.twiml!, "Enqueue")).toHaveLength(0);
      const offer = findAll(menu.twiml!, "Gather")[0]!;
      expect(offer.attrs.action).toBe("/webhooks/twilio/voice/callback?reason=after-hours");
      await step(offer.attrs.action!, callSid, { Digits: "1" });
      expect(await db().callbackTask.count({ where: { call: { callSid }, reason: "after-hours" } })).toBe(1);
    } finally {
      process.env.HOTLINE_HOURS = "1-7 00:00-23:59";
      resetEnvForTests();
    }
  });
});
