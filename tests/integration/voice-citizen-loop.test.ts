// The hotline for a caller in danger, and the voices it speaks in, through signed Twilio
// webhooks against the seeded Sloviansk city (its emergency categories and their advice):
// a caller who starts with the danger itself hears the emergency numbers and what to do
// now before anything else, then may leave the request; and the Ukrainian voices the
// hotline may use are exactly the ones Twilio lists for uk-UA.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { getEmergencyNotice } from "#app/domain/categories/emergency-notice.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { SAY_LANGUAGE, SPEECH_LANGUAGE, UK_UA_VOICES } from "#integrations/twilio/voices.ts";
import { seedOrganisation } from "#prisma/seed/seed-organisation.server.ts";
import { findAll, type XmlNode } from "#tests/fixtures/twilio/twiml.ts";
import { sid, TWILIO } from "#tests/fixtures/twilio/webhooks.ts";
import { callHotline, spoken, voiceStep } from "./voice-helpers.ts";

const db = () => getDb();
const CALLER = "+380671112377";
const ENV = {
  TWILIO_ACCOUNT_SID: TWILIO.accountSid,
  TWILIO_AUTH_TOKEN: TWILIO.authToken,
  PUBLIC_BASE_URL: TWILIO.publicBaseUrl,
  HOTLINE_HOURS: "1-7 00:00-23:59",
};

beforeAll(async () => {
  Object.assign(process.env, ENV);
  resetEnvForTests();
  registerPhoneChannel({});
  await seedOrganisation();
});
afterAll(() => {
  for (const k of Object.keys(ENV)) delete process.env[k];
  resetEnvForTests();
});

/** The caller rings and says `speech` at the menu: the menu's answer, and the call's menu path. */
async function sayAtMenu(speech: string, from = CALLER) {
  const callSid = sid("CA");
  const greeting = await callHotline(callSid, from);
  const action = findAll(greeting, "Gather")[0]!.attrs.action!;
  const { status, twiml } = await voiceStep(action, { callSid, from, extra: { SpeechResult: speech, Confidence: "0.9" } });
  expect(status).toBe(200);
  const call = await db().call.findUniqueOrThrow({ where: { callSid } });
  // After the greeting's own entry: what the caller's answer did.
  return { twiml: twiml!, said: spoken(twiml), menuPath: call.menuPath.filter((e) => e !== "greeting"), callSid };
}

const says = (twiml: XmlNode) => findAll(twiml, "Say").map((s) => ({ text: s.text, language: s.attrs.language, voice: s.attrs.voice }));

describe("a caller in danger", () => {
  test("«пахне газом у під'їзді» at the menu: the numbers and the gas advice at once, in the uk-UA voice, then the beep to describe it", async () => {
    const { twiml, said, menuPath } = await sayAtMenu("пахне газом у під'їзді на Шевченка п'ять");
    const heard = says(twiml);
    // The first thing said is the emergency numbers, then what to do now.
    expect(heard[0]!.text).toBe(t("uk", "common:emergency.short"));
    expect(heard[1]!.text).toContain("Негайно телефонуйте 104");
    expect(heard[1]!.text).toContain("вийдіть із приміщення");
    expect(said).toContain(t("uk", "common:emergency.after"));
    for (const s of heard) expect(s).toMatchObject({ language: "uk-UA", voice: "Google.uk-UA-Standard-A" });
    // Then the city still takes the report: the recording prompt and the Record verb, after the notice.
    const order = twiml.children.map((n) => n.name);
    expect(order.indexOf("Record")).toBeGreaterThan(order.indexOf("Say"));
    expect(said.indexOf(t("uk", "phone:voice.recordPrompt"))).toBeGreaterThan(said.indexOf("Негайно телефонуйте 104"));
    // Staff see on the call board why the call went this way.
    expect(menuPath).toEqual(["emergency:emergency.gas-smell", "1"]);
  });

  test("every emergency category said in the caller's words gives that category's notice", async () => {
    const categories = await db().category.findMany({
      where: { active: true, isEmergency: true, children: { none: {} } },
      select: { code: true, synonyms: true },
      orderBy: { code: "asc" },
    });
    expect(categories.length).toBeGreaterThanOrEqual(4);
    for (const c of categories) {
      const phrase = c.synonyms[0]!;
      const notice = (await getEmergencyNotice({ code: c.code, lang: "uk" }))!;
      const { said, menuPath } = await sayAtMenu(`${phrase} біля будинку`);
      expect(said.startsWith(t("uk", "common:emergency.short")), `${c.code}: «${phrase}»`).toBe(true);
      for (const advice of notice.advice) expect(said, c.code).toContain(advice);
      expect(menuPath[0], c.code).toBe(`emergency:${c.code}`);
    }
  });

  test("a caller who asks for an operator or a status while in danger hears the notice, then gets what was asked", async () => {
    const operator = await sayAtMenu("пахне газом, дайте оператора");
    expect(operator.said.startsWith(t("uk", "common:emergency.short"))).toBe(true);
    expect(findAll(operator.twiml, "Enqueue")).toHaveLength(1);
    expect(operator.menuPath).toEqual(["emergency:emergency.gas-smell", "0"]);
  });

  test("a withheld caller in danger hears the same notice", async () => {
    const { said } = await sayAtMenu("обірваний дріт іскрить біля під'їзду", "anonymous");
    expect(said.startsWith(t("uk", "common:emergency.short")), said).toBe(true);
    expect(said).toContain("Не наближайтеся до дроту");
  });

  test("ordinary requests and menu words get no notice", async () => {
    for (const phrase of ["хочу дізнатися статус заявки", "не горить ліхтар біля під'їзду", "заявка", "яма на дорозі", "оператора будь ласка"]) {
      const { said, menuPath } = await sayAtMenu(phrase);
      expect(said, phrase).not.toContain(t("uk", "common:emergency.short"));
      expect(
        menuPath.some((e) => e.startsWith("emergency")),
        phrase,
      ).toBe(false);
    }
    // A key press is a menu choice, never read as danger.
    const callSid = sid("CA");
    await callHotline(callSid, CALLER);
    const keyed = await voiceStep("/webhooks/twilio/voice/menu?tries=1", { callSid, from: CALLER, extra: { Digits: "1" } });
    expect(spoken(keyed.twiml)).not.toContain(t("uk", "common:emergency.short"));
  });
});

describe("a request number as the caller heard it", () => {
  test("the number read out («2026 1 2») keyed back as heard, or as written, finds the caller's own request", async () => {
    const phone = "+380501230199";
    const { request } = await submitRequest({
      channel: "SMS",
      externalId: sid("SM"),
      description: "Не вивозять сміття з двору",
      citizen: { phone, identity: { channel: "SMS", externalId: phone } },
    });
    const m = request.number.match(/^SLV-(\d{4})-0*(\d+)$/)!;
    for (const keyed of [`${m[1]}${m[2]}`, request.number.replace(/\D/g, "")]) {
      const callSid = sid("CA");
      await callHotline(callSid, phone);
      const { twiml } = await voiceStep("/webhooks/twilio/voice/status", { callSid, from: phone, extra: { Digits: keyed } });
      expect(spoken(twiml), keyed).toContain(`${m[1]} ${m[2]!.split("").join(" ")}`);
      expect(spoken(twiml), keyed).not.toContain(t("uk", "phone:voice.statusNotFound"));
    }
    // Someone else's number learns nothing, however it is keyed.
    const stranger = sid("CA");
    await callHotline(stranger, "+380501230198");
    const { twiml } = await voiceStep("/webhooks/twilio/voice/status", { callSid: stranger, from: "+380501230198", extra: { Digits: `${m[1]}${m[2]}` } });
    expect(spoken(twiml)).toBe(t("uk", "phone:voice.statusNotFound"));
  });
});

describe("Twilio's Ukrainian voices", () => {
  // The helper library's TwiML types are generated from Twilio's TwiML definitions, the
  // same list as the "Text-to-Speech" voices table (twilio.com/docs/voice/twiml/say/text-speech):
  // its uk-UA entries are Google.uk-UA-Standard-A and Google.uk-UA-Wavenet-A.
  const require = createRequire(import.meta.url);
  const declarations = readFileSync(require.resolve("twilio/lib/twiml/VoiceResponse.d.ts"), "utf8");
  const union = (name: string) => {
    const m = declarations.match(new RegExp(`type ${name} = ([^;]+);`));
    expect(m, name).toBeTruthy();
    return [...m![1]!.matchAll(/"([^"]+)"/g)].map((x) => x[1]!);
  };

  test("the voices the hotline may speak in are exactly Twilio's uk-UA voices", () => {
    const twilioUkVoices = union("SayVoice").filter((v) => v.includes("uk-UA"));
    expect(twilioUkVoices.sort()).toEqual(["Google.uk-UA-Standard-A", "Google.uk-UA-Wavenet-A"]);
    expect([...UK_UA_VOICES].sort()).toEqual(twilioUkVoices);
  });

  test("uk-UA is a language Twilio speaks (<Say>) and recognises (<Gather>)", () => {
    expect(union("SayLanguage")).toContain(SAY_LANGUAGE);
    expect(union("GatherLanguage")).toContain(SPEECH_LANGUAGE);
  });
});
