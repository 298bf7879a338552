// What a caller says becomes the request's words: the hotline's recording (signed Twilio
// webhooks, the intake worker, the media download from Twilio faked with msw) and a
// Telegram voice note are transcribed once each by the speech-to-text provider (the
// sandbox, and Google's v1 REST API faked with msw), the placeholder description is
// replaced, the timeline says so, and a category is suggested for the operator.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Job } from "bullmq";
import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { fetchPendingPhoneMedia } from "#app/domain/attachments/fetch-phone-media.server.ts";
import { writeUpload } from "#app/domain/attachments/store-attachments.server.ts";
import { isAudioPlaceholder, transcribePendingAudio } from "#app/domain/attachments/transcribe-audio.server.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { sandboxSpeechWav } from "#integrations/speech/index.ts";
import { simulatePhone } from "#app/channels/phone/simulate-phone.server.ts";
import { createCategory, createStaff } from "#tests/factories/org.ts";
import { processMaintenanceJob } from "#workers/process-maintenance.ts";
import { sid, TWILIO } from "#tests/fixtures/twilio/webhooks.ts";
import { createGoogleSpeechApi } from "#tests/mocks/google-speech.ts";
import { server } from "#tests/mocks/server.ts";
import { callHotline, voiceStep } from "./voice-helpers.ts";

const db = () => getDb();
const CALLER = "+380671115566";
const uploadDir = mkdtempSync(path.join(tmpdir(), "slv-speech-"));
/** What each fake Twilio recording holds (by RecordingSid). */
const recordings = new Map<string, Buffer>();
let recordingFetches = 0;

const twilioRecordings = http.get("https://api.twilio.com/2010-04-01/Accounts/:account/Recordings/:re", ({ params }) => {
  recordingFetches += 1;
  const bytes = recordings.get(String(params.re));
  return bytes ? new HttpResponse(new Uint8Array(bytes), { headers: { "Content-Type": "audio/x-wav" } }) : new HttpResponse(null, { status: 404 });
});

function setEnv(values: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}

beforeAll(async () => {
  setEnv({
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    PUBLIC_BASE_URL: TWILIO.publicBaseUrl,
    UPLOAD_DIR: uploadDir,
    SPEECH_PROVIDER: "sandbox",
  });
  registerPhoneChannel({});
  await createCategory({ code: "water.no-water", synonyms: ["немає води", "не йде вода", "нет воды"] });
  await createCategory({ code: "roads.pothole", synonyms: ["яма на дорозі", "вибоїна"] });
});
beforeEach(() => server.use(twilioRecordings));
afterAll(() =>
  setEnv({ TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined, PUBLIC_BASE_URL: undefined, UPLOAD_DIR: undefined, SPEECH_PROVIDER: undefined }),
);

/** A call that leaves a recording saying `words`: menu 1, recorded, the status callback too; Twilio's events processed as the intake worker would. */
async function callAndRecord(words: string | null, options: { from?: string; concurrentIntake?: boolean } = {}) {
  const from = options.from ?? CALLER;
  const callSid = sid("CA");
  const recordingSid = sid("RE");
  recordings.set(recordingSid, sandboxSpeechWav(words ?? undefined));
  const rec = {
    RecordingSid: recordingSid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Recordings/${recordingSid}`,
    RecordingDuration: "9",
  };
  await callHotline(callSid, from);
  await voiceStep("/webhooks/twilio/voice/menu?tries=1", { callSid, from, extra: { Digits: "1" } });
  // Twilio reports the recording twice: the status callback and the Record's action (either order).
  expect((await voiceStep("/webhooks/twilio/voice/recording-status", { callSid, from, extra: { ...rec, RecordingStatus: "completed" } })).status).toBe(204);
  await voiceStep("/webhooks/twilio/voice/recorded", { callSid, from, extra: rec });
  const events = await db().inboundEvent.findMany({ where: { channel: "VOICE", processedAt: null } });
  if (options.concurrentIntake) {
    // Two intake workers (a re-drive) take the same events at once.
    await Promise.all(events.flatMap((e) => [processInboundEvent({ inboundEventId: e.id }), processInboundEvent({ inboundEventId: e.id })]));
  } else for (const e of events) await processInboundEvent({ inboundEventId: e.id });
  const call = await db().call.findUniqueOrThrow({ where: { callSid } });
  return { callSid, recordingSid, requestId: call.requestId! };
}

const requestOf = (requestId: string) =>
  db().request.findUniqueOrThrow({
    where: { id: requestId },
    include: { attachments: true, suggestion: true, events: { where: { type: "transcription" } } },
  });

describe("hotline recordings", () => {
  test("the recording is downloaded once, transcribed once; the transcript replaces the placeholder, is on the timeline, and suggests a category", async () => {
    const { requestId, callSid } = await callAndRecord("Немає води в будинку на вулиці Шевченка з ранку");
    const before = await requestOf(requestId);
    expect(before.description).toBe(t("uk", "phone:voice.placeholderDescription"));
    expect(before.attachments).toMatchObject([{ kind: "recording", transcribedAt: null }]);

    // The maintenance worker's every-minute media task: download, then speech-to-text.
    expect(await processMaintenanceJob({ data: { task: "fetch-media" } } as Job)).toMatchObject({ speech: { transcribed: 1 } });
    // The next sweeps find nothing to do.
    expect(await processMaintenanceJob({ data: { task: "fetch-media" } } as Job)).toMatchObject({ speech: { transcribed: 0, empty: 0, failed: 0 } });

    const after = await requestOf(requestId);
    expect(after.description).toBe("Немає води в будинку на вулиці Шевченка з ранку");
    expect(after.attachments).toHaveLength(1);
    expect(after.attachments[0]).toMatchObject({ kind: "recording", mimeType: "audio/x-wav", transcript: "Немає води в будинку на вулиці Шевченка з ранку" });
    expect(after.attachments[0]!.transcribedAt).not.toBeNull();
    expect(after.events).toHaveLength(1);
    const category = await db().category.findUniqueOrThrow({ where: { id: after.suggestion!.categoryId } });
    expect(category.code).toBe("water.no-water");
    expect((await db().call.findUniqueOrThrow({ where: { callSid } })).transcription).toContain("Немає води");
  });

  test("the recording is one attachment, though Twilio reports it twice and two intake runs take it at once", async () => {
    const { requestId } = await callAndRecord("Яма на дорозі біля школи номер три", { concurrentIntake: true });
    expect(await db().attachment.count({ where: { requestId } })).toBe(1);
    recordingFetches = 0;
    await fetchPendingPhoneMedia({});
    expect(recordingFetches).toBe(1);
  });

  test("a withheld caller's recording (its request made during the call) is one attachment too, and transcribed the same way", async () => {
    const { requestId } = await callAndRecord("Яма на дорозі біля зупинки", { from: "anonymous", concurrentIntake: true });
    expect(await db().attachment.count({ where: { requestId } })).toBe(1);
    await fetchPendingPhoneMedia({});
    await transcribePendingAudio({});
    expect((await requestOf(requestId)).description).toBe("Яма на дорозі біля зупинки");
  });

  test("nothing recognised: kept as transcribed with no text, the placeholder stays, nothing on the timeline, never asked again", async () => {
    const { requestId } = await callAndRecord(null);
    await fetchPendingPhoneMedia({});
    expect(await transcribePendingAudio({})).toMatchObject({ empty: 1 });
    const after = await requestOf(requestId);
    expect(after.description).toBe(t("uk", "phone:voice.placeholderDescription"));
    expect(after.attachments[0]).toMatchObject({ transcript: null });
    expect(after.attachments[0]!.transcribedAt).not.toBeNull();
    expect(after.events).toHaveLength(0);
    expect(await transcribePendingAudio({})).toMatchObject({ empty: 0 });
  });
});

describe("Telegram voice notes", () => {
  /** A Telegram request described only by a voice note, its file downloaded (as the Telegram media download leaves it). */
  async function telegramVoiceRequest(description: string, words: string) {
    const chatId = String(Date.now() % 1_000_000_000);
    const { request } = await submitRequest({
      channel: "TELEGRAM",
      externalId: `tg-${chatId}-${sid("SM")}`,
      description,
      citizen: { identity: { channel: "TELEGRAM", externalId: chatId } },
    });
    const storageKey = await writeUpload(sandboxSpeechWav(words), "wav");
    await db().attachment.create({ data: { requestId: request.id, kind: "voice", mimeType: "audio/x-wav", size: 1, storageKey, sha256: "x" } });
    return request.id;
  }

  test.each(["uk", "en"] as const)("the %s voice placeholder is replaced by what was said", async (lang) => {
    const requestId = await telegramVoiceRequest(t(lang, "telegram:description.voice"), "Не вивозять сміття з контейнерів");
    await transcribePendingAudio({});
    const after = await requestOf(requestId);
    expect(after.description).toBe("Не вивозять сміття з контейнерів");
    expect(after.attachments[0]!.transcript).toBe("Не вивозять сміття з контейнерів");
    expect(after.events).toHaveLength(1);
  });

  test("a description the citizen wrote (a caption) is never replaced; the transcript is still kept on the voice note", async () => {
    const requestId = await telegramVoiceRequest("Сміття біля будинку 5", "Не вивозять сміття з контейнерів");
    await transcribePendingAudio({});
    const after = await requestOf(requestId);
    expect(after.description).toBe("Сміття біля будинку 5");
    expect(after.attachments[0]!.transcript).toBe("Не вивозять сміття з контейнерів");
    expect(after.events).toHaveLength(0);
  });

  test("one helper knows every audio placeholder, in both languages", () => {
    for (const lang of ["uk", "en"] as const) {
      expect(isAudioPlaceholder(t(lang, "phone:voice.placeholderDescription"))).toBe(true);
      expect(isAudioPlaceholder(t(lang, "telegram:description.voice"))).toBe(true);
    }
    expect(isAudioPlaceholder("Немає води")).toBe(false);
    expect(isAudioPlaceholder("")).toBe(false);
  });
});

describe("Google Speech-to-Text", () => {
  test("the recording goes to Google once, in uk-UA, with the key; its words replace the placeholder", async () => {
    const google = createGoogleSpeechApi(() => [{ transcript: "Не горить ліхтар" }, { transcript: "на вулиці Довгій" }]);
    server.use(...google.handlers);
    setEnv({ SPEECH_PROVIDER: "google", GOOGLE_SPEECH_API_KEY: "test-key-123" });
    try {
      const { requestId } = await callAndRecord("ignored by Google");
      await fetchPendingPhoneMedia({});
      await transcribePendingAudio({});
      await transcribePendingAudio({});
      expect(google.calls).toHaveLength(1);
      expect(google.calls[0]).toMatchObject({ key: "test-key-123", config: { languageCode: "uk-UA" } });
      expect(google.calls[0]!.audio.subarray(0, 4).toString("latin1")).toBe("RIFF");
      expect((await requestOf(requestId)).description).toBe("Не горить ліхтар на вулиці Довгій");
    } finally {
      setEnv({ SPEECH_PROVIDER: "sandbox", GOOGLE_SPEECH_API_KEY: undefined });
    }
  });

  test("Google unavailable: tried again on the next sweep; audio Google refuses: not asked again, left for staff to hear", async () => {
    let down = true;
    const google = createGoogleSpeechApi(() => (down ? { status: 503, message: "unavailable" } : [{ transcript: "Прорив труби у дворі" }]));
    server.use(...google.handlers);
    setEnv({ SPEECH_PROVIDER: "google", GOOGLE_SPEECH_API_KEY: "test-key-123" });
    try {
      const { requestId } = await callAndRecord("x");
      await fetchPendingPhoneMedia({});
      expect(await transcribePendingAudio({})).toMatchObject({ waiting: 1 });
      down = false;
      expect(await transcribePendingAudio({})).toMatchObject({ transcribed: 1 });
      expect((await requestOf(requestId)).description).toBe("Прорив труби у дворі");

      const refused = createGoogleSpeechApi(() => ({ status: 400, message: "Sync input too long." }));
      server.use(...refused.handlers);
      const long = await callAndRecord("y");
      await fetchPendingPhoneMedia({});
      expect(await transcribePendingAudio({})).toMatchObject({ failed: 1 });
      await transcribePendingAudio({});
      expect(refused.calls).toHaveLength(1);
      const after = await requestOf(long.requestId);
      expect(after.description).toBe(t("uk", "phone:voice.placeholderDescription"));
      expect(after.attachments[0]!.transcribedAt).not.toBeNull();
    } finally {
      setEnv({ SPEECH_PROVIDER: "sandbox", GOOGLE_SPEECH_API_KEY: undefined });
    }
  });
});

describe("the phone simulator", () => {
  test("a simulated caller's words go through the same speech-to-text and replace the placeholder", async () => {
    setEnv({ TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined });
    try {
      const admin = await createStaff({ role: "ADMIN" });
      const actor = { id: admin.id, role: admin.role, departmentId: null };
      const from = "+380501117788";
      const { callSid } = await simulatePhone({ actor, kind: "voice", from, step: "incoming" });
      await simulatePhone({ actor, kind: "voice", from, callSid, step: "menu", digits: "1" });
      await simulatePhone({ actor, kind: "voice", from, callSid, step: "recorded", transcript: "Яма на дорозі біля ринку" });
      const call = await db().call.findUniqueOrThrow({ where: { callSid: callSid! } });
      const after = await requestOf(call.requestId!);
      expect(after.description).toBe("Яма на дорозі біля ринку");
      expect(after.attachments).toMatchObject([{ kind: "recording", mimeType: "audio/x-wav", transcript: "Яма на дорозі біля ринку" }]);
      const category = await db().category.findUniqueOrThrow({ where: { id: after.suggestion!.categoryId } });
      expect(category.code).toBe("roads.pothole");
    } finally {
      setEnv({ TWILIO_ACCOUNT_SID: TWILIO.accountSid, TWILIO_AUTH_TOKEN: TWILIO.authToken });
    }
  });
});
