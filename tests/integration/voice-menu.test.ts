// The hotline as a caller meets it, through signed Twilio webhooks: every prompt in a
// Ukrainian voice Twilio has; the emergency numbers before anything else; speech understood
// by whole words; a silent caller let go after three offers of the menu; a caller with a
// withheld number told the request number on the call; and "status" starting from the
// requests of the number that calls.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apologyTwiml } from "#app/channels/phone/answer-twilio-webhook.server.ts";
import { answerMalformedVoice } from "#app/channels/phone/answer-malformed-webhook.server.ts";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv, resetEnvForTests } from "#app/utils/env.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { UK_UA_VOICES } from "#integrations/twilio/voices.ts";
import { VoiceParamsSchema } from "#integrations/twilio/schemas.ts";
import { findAll, parseXml, type XmlNode } from "#tests/fixtures/twilio/twiml.ts";
import { sid, TWILIO } from "#tests/fixtures/twilio/webhooks.ts";
import { callHotline, spoken, voiceStep } from "./voice-helpers.ts";

const db = () => getDb();
const CALLER = "+380671112299";
const ALL_DAY = "1-7 00:00-23:59";
const NEVER = "1-1 00:00-00:01";

function setEnv(values: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}

beforeAll(() => {
  setEnv({
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    PUBLIC_BASE_URL: TWILIO.publicBaseUrl,
    VOICE_QUEUE_MAX_WAIT_SECONDS: "60",
    HOTLINE_HOURS: ALL_DAY,
  });
  registerPhoneChannel({});
});
afterAll(() => {
  setEnv({
    TWILIO_ACCOUNT_SID: undefined,
    TWILIO_AUTH_TOKEN: undefined,
    PUBLIC_BASE_URL: undefined,
    VOICE_QUEUE_MAX_WAIT_SECONDS: undefined,
    HOTLINE_HOURS: undefined,
    VOICE_TTS_VOICE: undefined,
  });
});

const recording = () => {
  const recordingSid = sid("RE");
  return {
    RecordingSid: recordingSid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Recordings/${recordingSid}`,
    RecordingDuration: "12",
  };
};

/** Every TwiML answer a caller can meet: each step, each menu branch, in and out of hours, the apologies. */
async function walkEveryStep(): Promise<{ where: string; twiml: XmlNode }[]> {
  const out: { where: string; twiml: XmlNode }[] = [];
  const keep = (where: string, twiml: XmlNode | null) => {
    if (twiml) out.push({ where, twiml });
  };
  const { request } = await submitRequest({
    channel: "SMS",
    externalId: sid("SM"),
    description: "Не горить ліхтар біля під'їзду",
    citizen: { phone: CALLER, identity: { channel: "SMS", externalId: CALLER } },
  });
  for (const from of [CALLER, "anonymous"]) {
    const callSid = sid("CA");
    const c = { callSid, from };
    keep(`incoming ${from}`, await callHotline(callSid, from));
    keep("main", (await voiceStep("/webhooks/twilio/voice/main", c)).twiml);
    for (const tries of ["1", "2", "3"]) keep(`main?tries=${tries}`, (await voiceStep(`/webhooks/twilio/voice/main?tries=${tries}`, c)).twiml);
    for (const Digits of ["1", "2", "3", "0", "9"]) keep(`menu ${Digits}`, (await voiceStep("/webhooks/twilio/voice/menu", { ...c, extra: { Digits } })).twiml);
    keep("menu speech", (await voiceStep("/webhooks/twilio/voice/menu", { ...c, extra: { SpeechResult: "статус" } })).twiml);
    keep("menu empty", (await voiceStep("/webhooks/twilio/voice/menu?tries=3", c)).twiml);
    setEnv({ HOTLINE_HOURS: NEVER });
    keep("menu 0 after hours", (await voiceStep("/webhooks/twilio/voice/menu", { ...c, extra: { Digits: "0" } })).twiml);
    setEnv({ HOTLINE_HOURS: ALL_DAY });
    keep("status found", (await voiceStep("/webhooks/twilio/voice/status", { ...c, extra: { Digits: request.number.replace(/\D/g, "") } })).twiml);
    keep("status not found", (await voiceStep("/webhooks/twilio/voice/status", { ...c, extra: { Digits: "1" } })).twiml);
    keep("queue-wait", (await voiceStep("/webhooks/twilio/voice/queue-wait", { ...c, extra: { QueuePosition: "2", QueueTime: "5" } })).twiml);
    keep("queue-wait late", (await voiceStep("/webhooks/twilio/voice/queue-wait", { ...c, extra: { QueuePosition: "2", QueueTime: "600" } })).twiml);
    keep("queue-done leave", (await voiceStep("/webhooks/twilio/voice/queue-done", { ...c, extra: { QueueResult: "leave" } })).twiml);
    keep("queue-done bridged", (await voiceStep("/webhooks/twilio/voice/queue-done", { ...c, extra: { QueueResult: "bridged" } })).twiml);
    keep("callback yes", (await voiceStep("/webhooks/twilio/voice/callback?reason=long-wait", { ...c, extra: { Digits: "1" } })).twiml);
    keep("callback no", (await voiceStep("/webhooks/twilio/voice/callback?reason=after-hours", { ...c, extra: { Digits: "2" } })).twiml);
    keep("recorded", (await voiceStep("/webhooks/twilio/voice/recorded", { ...c, extra: recording() })).twiml);
    keep("recorded nothing", (await voiceStep("/webhooks/twilio/voice/recorded", c)).twiml);
  }
  for (const recorded of [true, false])
    for (const callback of [true, false]) keep(`apology ${recorded} ${callback}`, parseXml(apologyTwiml({ recorded, callback })));
  const broken = VoiceParamsSchema.safeParse({ CallSid: "nope" });
  if (!broken.success) keep("malformed", parseXml(answerMalformedVoice({ hook: "voice", error: broken.error })));
  return out;
}

describe("voices", () => {
  test("every prompt of every step is spoken in uk-UA by a Twilio uk-UA voice, and speech is recognised as uk-UA", async () => {
    const answers = await walkEveryStep();
    const says = answers.flatMap(({ where, twiml }) =>
      findAll(twiml, "Say").map((s): { where: string; language?: string; voice?: string } => ({ where, language: s.attrs.language, voice: s.attrs.voice })),
    );
    expect(says.length).toBeGreaterThan(40);
    const wrong = says.filter((s) => s.language !== "uk-UA" || !(UK_UA_VOICES as readonly string[]).includes(s.voice ?? ""));
    expect(wrong).toEqual([]);
    expect(new Set(says.map((s) => s.voice))).toEqual(new Set(["Google.uk-UA-Standard-A"]));
    const speech = answers.flatMap(({ where, twiml }) =>
      findAll(twiml, "Gather")
        .filter((g) => g.attrs.input?.includes("speech"))
        .map((g) => ({ where, language: g.attrs.language })),
    );
    expect(speech.length).toBeGreaterThan(0);
    expect(speech.filter((g) => g.language !== "uk-UA")).toEqual([]);
  });

  test("VOICE_TTS_VOICE chooses among the uk-UA voices; any other voice is refused at start", async () => {
    setEnv({ VOICE_TTS_VOICE: "Google.uk-UA-Wavenet-A" });
    try {
      const twiml = await callHotline(sid("CA"), CALLER);
      expect(new Set(findAll(twiml, "Say").map((s) => s.attrs.voice))).toEqual(new Set(["Google.uk-UA-Wavenet-A"]));
      for (const voice of ["Polly.Tatyana", "alice", "Google.ru-RU-Standard-A"]) {
        setEnv({ VOICE_TTS_VOICE: voice });
        expect(() => getEnv()).toThrow(/VOICE_TTS_VOICE/);
      }
    } finally {
      setEnv({ VOICE_TTS_VOICE: undefined });
    }
  });
});

describe("life safety", () => {
  test("the greeting names the emergency numbers before the menu, in full, not inside the menu a key press cuts short", async () => {
    const twiml = await callHotline(sid("CA"), CALLER);
    const firstGather = twiml.children.findIndex((n) => n.name === "Gather");
    const before = twiml.children.slice(0, firstGather).filter((n) => n.name === "Say");
    const heardFirst = before.map((s) => s.text).join(" ");
    expect(heardFirst).toContain(t("uk", "common:emergency.short"));
    for (const n of ["101", "102", "103", "104", "112"]) expect(heardFirst).toContain(n);
    // Nothing in the menu stands between a caller in danger and the numbers (no "press 9 for emergencies" queue).
    expect(spoken(findAll(twiml, "Gather")[0]!)).not.toMatch(/аварі|екстрен|загроз/i);
  });

  test("outside operators' hours the caller hears the emergency numbers too", async () => {
    setEnv({ HOTLINE_HOURS: NEVER });
    try {
      const callSid = sid("CA");
      await callHotline(callSid, CALLER);
      const menu = await voiceStep("/webhooks/twilio/voice/menu", { callSid, from: CALLER, extra: { Digits: "0" } });
      expect(spoken(menu.twiml)).toContain(t("uk", "common:emergency.short"));
    } finally {
      setEnv({ HOTLINE_HOURS: ALL_DAY });
    }
  });
});

describe("speech", () => {
  test.each([
    ["хочу дізнатися статус заявки", "status"],
    ["статус", "status"],
    ["який стан моєї заявки", "status"],
    ["заява", "record"],
    ["хочу залишити заявку про відключення світла", "record"],
    ["оператора будь ласка", "operator"],
    ["відключення світла", "outages"],
    ["хочу встановити лічильник", "not understood"],
    ["два", "status"],
  ])("«%s» → %s", async (phrase, expected) => {
    const callSid = sid("CA");
    await callHotline(callSid, CALLER);
    const { twiml } = await voiceStep("/webhooks/twilio/voice/menu", { callSid, from: CALLER, extra: { SpeechResult: phrase } });
    const got = findAll(twiml!, "Record").length
      ? "record"
      : findAll(twiml!, "Enqueue").length
        ? "operator"
        : findAll(twiml!, "Gather").some((g) => g.attrs.action === "/webhooks/twilio/voice/status")
          ? "status"
          : spoken(twiml).includes(t("uk", "phone:voice.outagesNone"))
            ? "outages"
            : spoken(twiml).includes(t("uk", "phone:voice.notUnderstood"))
              ? "not understood"
              : `something else: ${spoken(twiml)}`;
    expect(got).toBe(expected);
  });
});

describe("a silent caller", () => {
  test("is offered the menu three times at most, then hears goodbye and the call ends", async () => {
    const callSid = sid("CA");
    let twiml: XmlNode | null = await callHotline(callSid, CALLER);
    let offers = 0;
    for (let hops = 0; hops < 10 && twiml; hops++) {
      if (findAll(twiml, "Gather").some((g) => g.attrs.action?.startsWith("/webhooks/twilio/voice/menu"))) offers += 1;
      // The caller says nothing: Twilio passes over the Gather to the verb after it.
      const redirect: XmlNode | undefined = twiml.children.find((n) => n.name === "Redirect");
      if (!redirect) break;
      twiml = (await voiceStep(redirect.text, { callSid, from: CALLER })).twiml;
    }
    expect(offers).toBe(3);
    expect(findAll(twiml!, "Hangup")).toHaveLength(1);
    expect(spoken(twiml)).toContain(t("uk", "phone:voice.goodbye"));
    expect((await db().call.findUniqueOrThrow({ where: { callSid } })).menuPath).toContain("no-input");
  });

  test("speech nobody understands counts too: three tries, then goodbye", async () => {
    const callSid = sid("CA");
    const first = await callHotline(callSid, CALLER);
    let action = findAll(first, "Gather")[0]!.attrs.action!;
    let last: XmlNode | null = null;
    for (let i = 0; i < 5; i++) {
      last = (await voiceStep(action, { callSid, from: CALLER, extra: { SpeechResult: "ммм" } })).twiml;
      const redirect = last!.children.find((n) => n.name === "Redirect");
      if (!redirect) break;
      const next = (await voiceStep(redirect.text, { callSid, from: CALLER })).twiml!;
      action = findAll(next, "Gather")[0]!.attrs.action!;
    }
    expect(findAll(last!, "Hangup")).toHaveLength(1);
    expect((await db().call.findUniqueOrThrow({ where: { callSid } })).menuPath.filter((e) => e === "?")).toHaveLength(3);
  });
});

describe("a withheld number", () => {
  test.each(["anonymous", "+266696687", "Anonymous", "", "client:alice"])(
    "From %j: hears the request number after recording, and that no SMS can reach them",
    async (from) => {
      const callSid = sid("CA");
      await callHotline(callSid, from);
      await voiceStep("/webhooks/twilio/voice/menu", { callSid, from, extra: { Digits: "1" } });
      const { twiml } = await voiceStep("/webhooks/twilio/voice/recorded", { callSid, from, extra: recording() });
      const call = await db().call.findUniqueOrThrow({ where: { callSid }, include: { request: true } });
      expect(call.request).not.toBeNull();
      expect(call.request!.citizenId).toBeNull();
      const m = call.request!.number.match(/^SLV-(\d{4})-0*(\d+)$/)!;
      const said = spoken(twiml);
      expect(said).toContain(`${m[1]} ${m[2]!.split("").join(" ")}`);
      expect(said).toContain(t("uk", "phone:voice.noSmsWithheld"));
      expect(said).not.toContain(t("uk", "phone:voice.recorded"));
      // The intake worker finds the recording already taken: still one request, one recording.
      for (const e of await db().inboundEvent.findMany({ where: { channel: "VOICE", processedAt: null } })) await processInboundEvent({ inboundEventId: e.id });
      expect(await db().request.count({ where: { externalId: callSid } })).toBe(1);
      expect(await db().attachment.count({ where: { requestId: call.request!.id, kind: "recording" } })).toBe(1);
    },
  );

  test("asking for a status is pointed to an operator (statuses are told only to the number that made the request)", async () => {
    const callSid = sid("CA");
    await callHotline(callSid, "anonymous");
    const { twiml } = await voiceStep("/webhooks/twilio/voice/menu", { callSid, from: "anonymous", extra: { Digits: "2" } });
    expect(spoken(twiml)).toContain(t("uk", "phone:voice.statusWithheld"));
    expect(findAll(twiml!, "Gather")).toEqual([]);
  });

  test("is not offered a call back nobody could make", async () => {
    setEnv({ HOTLINE_HOURS: NEVER });
    try {
      const callSid = sid("CA");
      await callHotline(callSid, "+266696687");
      const menu = await voiceStep("/webhooks/twilio/voice/menu", { callSid, from: "+266696687", extra: { Digits: "0" } });
      expect(findAll(menu.twiml!, "Gather").filter((g) => g.attrs.action?.includes("/callback"))).toEqual([]);
      expect(findAll(menu.twiml!, "Hangup")).toHaveLength(1);
    } finally {
      setEnv({ HOTLINE_HOURS: ALL_DAY });
    }
  });

  test("a known caller still gets the number by SMS, as before", async () => {
    const callSid = sid("CA");
    await callHotline(callSid, CALLER);
    await voiceStep("/webhooks/twilio/voice/menu", { callSid, from: CALLER, extra: { Digits: "1" } });
    const { twiml } = await voiceStep("/webhooks/twilio/voice/recorded", { callSid, from: CALLER, extra: recording() });
    expect(spoken(twiml)).toContain(t("uk", "phone:voice.recorded"));
  });
});

describe("status by the number that calls", () => {
  test("a caller with open requests hears the newest ones first, then may key in another number", async () => {
    const phone = "+380501230077";
    const mine = [];
    for (const description of ["Яма на дорозі біля школи", "Не вивозять сміття з двору", "Не працює ліфт у під'їзді"]) {
      mine.push(
        (await submitRequest({ channel: "SMS", externalId: sid("SM"), description, citizen: { phone, identity: { channel: "SMS", externalId: phone } } }))
          .request,
      );
    }
    const callSid = sid("CA");
    await callHotline(callSid, phone);
    const { twiml } = await voiceStep("/webhooks/twilio/voice/menu", { callSid, from: phone, extra: { SpeechResult: "хочу дізнатися статус заявки" } });
    const said = spoken(twiml);
    const spokenNo = (n: string) => {
      const m = n.match(/^SLV-(\d{4})-0*(\d+)$/)!;
      return `${m[1]} ${m[2]!.split("").join(" ")}`;
    };
    // Newest first.
    expect(said.indexOf(spokenNo(mine[2]!.number))).toBeGreaterThanOrEqual(0);
    expect(said.indexOf(spokenNo(mine[2]!.number))).toBeLessThan(said.indexOf(spokenNo(mine[1]!.number)));
    const gather = findAll(twiml!, "Gather")[0]!;
    expect(gather.attrs.action).toBe("/webhooks/twilio/voice/status");
    // Read before the prompt to key in a number.
    const order = twiml!.children.map((n) => n.name);
    expect(order.indexOf("Say")).toBeLessThan(order.indexOf("Gather"));
  });

  test("a caller with none is asked for the number at once", async () => {
    const callSid = sid("CA");
    await callHotline(callSid, "+380501230078");
    const { twiml } = await voiceStep("/webhooks/twilio/voice/menu", { callSid, from: "+380501230078", extra: { Digits: "2" } });
    expect(twiml!.children[0]!.name).toBe("Gather");
    expect(spoken(twiml)).toContain(t("uk", "phone:voice.statusPrompt"));
  });
});
