// Media from phone webhooks (MMS MediaUrlN, call RecordingUrl): only our account's Twilio
// URLs over HTTPS are ever fetched — by the worker, not in the webhook's answer — with the
// account's credentials (sent to api.twilio.com only), redirects followed only to Twilio's
// hosts, size- and type-checked, stored by us and served from our storage. A path, file:
// URL or foreign URL is never read nor fetched. Twilio's media endpoint is faked with msw
// the way it behaves: 307 to a short-lived mms.twiliocdn.com URL, then the bytes.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { http, HttpResponse } from "msw";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { fetchPendingPhoneMedia } from "#app/domain/attachments/fetch-phone-media.server.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { resetSenders } from "#app/domain/notifications/senders.server.ts";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { receiveSms } from "#app/domain/intake/receive-sms.server.ts";
import { simulatePhone } from "#app/channels/phone/simulate-phone.server.ts";
import { deriveAccessToken } from "#app/domain/requests/access-token.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { loader as attachmentLoader } from "#app/routes/attachments.$id.ts";
import { action as smsAction } from "#app/routes/webhooks+/twilio.sms.ts";
import { action as voiceAction } from "#app/routes/webhooks+/twilio.voice.ts";
import { action as stepAction } from "#app/routes/webhooks+/twilio.voice.$step.ts";
import { createStaff } from "#tests/factories/org.ts";
import { server } from "#tests/mocks/server.ts";
import { createTwilioApi } from "#tests/mocks/twilio.ts";
import { sid, smsParams, TWILIO, twilioRequest, voiceParams } from "#tests/fixtures/twilio/webhooks.ts";

const uploadDir = mkdtempSync(path.join(tmpdir(), "slv-media-"));
const db = () => getDb();
const api = createTwilioApi();
const hex = (n: number) => String(Date.now()).slice(-10) + String(n).padStart(22, "0");
let seq = 0;
const newPhone = () => `+38067${String(Date.now()).slice(-5)}${String(++seq).padStart(2, "0")}`;
const basic = "Basic " + Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString("base64");

type Served = { status?: number; location?: string; body?: Uint8Array | string; type?: string };
const served = new Map<string, Served>();
const hits: { host: string; path: string; authorization: string | null }[] = [];
let jpeg: Buffer;
const wav = Buffer.concat([Buffer.from("RIFF"), Buffer.from([36, 0, 0, 0]), Buffer.from("WAVEfmt "), Buffer.alloc(200, 1)]);

const mediaUrl = (me: string, mm = "MM" + hex(1)) => `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/${mm}/Media/${me}`;
const record = (request: Request) => {
  const u = new URL(request.url);
  hits.push({ host: u.hostname, path: u.pathname, authorization: request.headers.get("authorization") });
};

const mediaHandlers = [
  http.get("https://api.twilio.com/2010-04-01/Accounts/:account/Messages/:mm/Media/:me", ({ request, params }) => {
    record(request);
    if (request.headers.get("authorization") !== basic) return HttpResponse.json({ code: 20003, message: "Authenticate", status: 401 }, { status: 401 });
    const s = served.get(String(params.me));
    if (!s) return HttpResponse.json({ code: 20404, status: 404 }, { status: 404 });
    const location = s.location ?? `https://mms.twiliocdn.com/${params.account}/${params.me}-a1b2c3?Expires=1700000000&Signature=abc&Key-Pair-Id=K1`;
    return new HttpResponse(null, { status: 307, headers: { Location: location } });
  }),
  http.get("https://mms.twiliocdn.com/:account/:file", ({ request, params }) => {
    record(request);
    const s = served.get(String(params.file).split("-")[0]!)!;
    return new HttpResponse(s.body as BodyInit, { status: s.status ?? 200, headers: { "Content-Type": s.type ?? "image/jpeg" } });
  }),
  http.get("https://api.twilio.com/2010-04-01/Accounts/:account/Recordings/:re", ({ request }) => {
    record(request);
    if (request.headers.get("authorization") !== basic) return new HttpResponse(null, { status: 401 });
    return new HttpResponse(new Uint8Array(wav), { headers: { "Content-Type": "audio/x-wav" } });
  }),
  // Anything a hostile URL could point at: recorded, so a test sees it was never asked.
  http.all(/^https?:\/\/(evil\.example|api\.twilio\.com\.evil\.example)\//, ({ request }) => {
    record(request);
    return HttpResponse.text("root:x:0:0:root:/root:/bin/bash");
  }),
];

function useTwilioAccount() {
  Object.assign(process.env, {
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    TWILIO_PHONE_NUMBER: TWILIO.phoneNumber,
    PUBLIC_BASE_URL: TWILIO.publicBaseUrl,
  });
  resetEnvForTests();
}

beforeAll(async () => {
  process.env.UPLOAD_DIR = uploadDir;
  process.env.MAX_UPLOAD_MB = "1";
  useTwilioAccount();
  registerPhoneChannel({ twilio: TWILIO });
  jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 60, b: 20 } } })
    .jpeg()
    .toBuffer();
});
beforeEach(() => {
  server.use(...api.handlers, ...mediaHandlers);
  api.clear();
  hits.length = 0;
  served.clear();
});
afterAll(() => {
  for (const k of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER", "PUBLIC_BASE_URL", "UPLOAD_DIR", "MAX_UPLOAD_MB"]) delete process.env[k];
  resetEnvForTests();
  resetSenders();
});

async function mms(urls: string[]) {
  const params = smsParams({ from: newPhone(), body: "Яма на дорозі біля зупинки", media: urls.map((url) => ({ url, contentType: "image/jpeg" })) });
  const res = await smsAction({ request: twilioRequest({ path: "/webhooks/twilio/sms", params }), params: {}, context: {} });
  expect(res.status).toBe(200);
  // The webhook answered without fetching anything.
  expect(hits).toEqual([]);
  const event = await db().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: params.MessageSid } } });
  await processInboundEvent({ inboundEventId: event.id });
  return db().request.findFirstOrThrow({ where: { externalId: params.MessageSid }, include: { attachments: true } });
}

async function serve(requestId: string, attachmentId: string) {
  const token = deriveAccessToken(requestId);
  return (await attachmentLoader({
    request: new Request(`http://localhost/attachments/${attachmentId}?token=${token}`),
    params: { id: attachmentId },
    context: {},
  })) as Response;
}

describe("MMS media", () => {
  test("is downloaded by the worker with the account's credentials (not sent to the CDN), stored by us and served from our storage", async () => {
    const me = "ME" + hex(2);
    served.set(me, { body: new Uint8Array(jpeg), type: "image/jpeg" });
    const request = await mms([mediaUrl(me)]);
    expect(request.attachments).toHaveLength(1);
    expect(request.attachments[0]!.storageKey.startsWith("twilio:https://api.twilio.com/")).toBe(true);
    expect(hits).toEqual([]);

    expect(await fetchPendingPhoneMedia()).toMatchObject({ stored: 1 });
    expect(hits.map((h) => h.host)).toEqual(["api.twilio.com", "mms.twiliocdn.com"]);
    expect(hits[0]!.authorization).toBe(basic);
    expect(hits[1]!.authorization).toBeNull();
    const a = await db().attachment.findUniqueOrThrow({ where: { id: request.attachments[0]!.id } });
    expect(a).toMatchObject({ kind: "photo", mimeType: "image/jpeg" });
    expect(a.size).toBeGreaterThan(0);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.storageKey).toMatch(/^[A-Za-z0-9_-]+\.jpg$/);
    expect(existsSync(path.join(uploadDir, a.storageKey))).toBe(true);

    const res = await serve(request.id, a.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(Buffer.from(bytes).equals(readFileSync(path.join(uploadDir, a.storageKey)))).toBe(true);

    // A second run has nothing left to do.
    hits.length = 0;
    expect(await fetchPendingPhoneMedia()).toMatchObject({ stored: 0 });
    expect(hits).toEqual([]);
  });

  test("a path, file: URL or foreign URL in MediaUrl0 is never read nor fetched", async () => {
    const mm = "MM" + hex(3);
    const me = "ME" + hex(3);
    const hostile = [
      "/etc/passwd",
      "file:///etc/passwd",
      "../../../../etc/passwd",
      "https://evil.example/a.jpg",
      `http://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/${mm}/Media/${me}`,
      `https://api.twilio.com.evil.example/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/${mm}/Media/${me}`,
      `https://user:pw@api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/${mm}/Media/${me}`,
      `https://api.twilio.com/2010-04-01/Accounts/AC${"9".repeat(32)}/Messages/${mm}/Media/${me}`,
      `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/${mm}/Media/../../../../../etc/passwd`,
      `https://api.twilio.com:8443/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/${mm}/Media/${me}`,
    ];
    for (const url of hostile) {
      const request = await mms([url]);
      expect(request.attachments, url).toEqual([]);
    }
    await fetchPendingPhoneMedia();
    expect(hits).toEqual([]);
  });

  test("an attachment row that points at a local path is never served", async () => {
    const { request } = await submitRequest({
      channel: "SMS",
      externalId: "SM" + hex(4),
      description: "Старий рядок із шляхом",
      citizen: { phone: newPhone() },
    });
    for (const storageKey of ["/etc/passwd", "../../../../etc/passwd", "file:///etc/passwd", "twilio:file:///etc/passwd", "unavailable:type"]) {
      const a = await db().attachment.create({ data: { requestId: request.id, kind: "photo", mimeType: "image/jpeg", size: 0, storageKey, sha256: "" } });
      const res = await serve(request.id, a.id);
      expect(res.status, storageKey).toBe(404);
      expect(await res.text()).not.toContain("root:");
    }
    // A waiting row with a hostile URL (written before the check existed) is refused without a request.
    await fetchPendingPhoneMedia();
    expect(hits).toEqual([]);
    expect(await db().attachment.count({ where: { requestId: request.id, storageKey: "unavailable:refused" } })).toBe(1);
  });

  test("a redirect off Twilio's hosts is not followed", async () => {
    const me = "ME" + hex(5);
    served.set(me, { location: "https://evil.example/steal" });
    const request = await mms([mediaUrl(me)]);
    await fetchPendingPhoneMedia();
    expect(hits.map((h) => h.host)).toEqual(["api.twilio.com"]);
    expect((await db().attachment.findUniqueOrThrow({ where: { id: request.attachments[0]!.id } })).storageKey).toBe("unavailable:refused");
  });

  test("media over the size limit, or not really an image, is refused and nothing is stored", async () => {
    const big = "ME" + hex(6);
    served.set(big, { body: new Uint8Array(Buffer.concat([jpeg, Buffer.alloc(1024 * 1024 + 10)])), type: "image/jpeg" });
    const fake = "ME" + hex(7);
    served.set(fake, { body: "<html><script>alert(1)</script></html>", type: "image/jpeg" });
    const request = await mms([mediaUrl(big), mediaUrl(fake)]);
    await fetchPendingPhoneMedia();
    const rows = await db().attachment.findMany({ where: { requestId: request.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.storageKey).sort()).toEqual(["unavailable:too-large", "unavailable:type"]);
    expect(rows.every((r) => r.size === 0)).toBe(true);
  });
});

describe("call recordings", () => {
  async function recordedCall(recordingUrl: string) {
    const callSid = sid("CA");
    const from = newPhone();
    await voiceAction({ request: twilioRequest({ path: "/webhooks/twilio/voice", params: voiceParams({ callSid, from }) }), params: {}, context: {} });
    const recordingSid = sid("RE");
    const extra = { RecordingSid: recordingSid, RecordingUrl: recordingUrl, RecordingDuration: "12" };
    const res = await stepAction({
      request: twilioRequest({ path: "/webhooks/twilio/voice/recorded", params: voiceParams({ callSid, from, extra }) }),
      params: { step: "recorded" },
      context: {},
    });
    expect(res.status).toBe(200);
    expect(hits).toEqual([]);
    const event = await db().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "VOICE", externalId: recordingSid } } });
    await processInboundEvent({ inboundEventId: event.id });
    return db().call.findUniqueOrThrow({ where: { callSid }, include: { request: { include: { attachments: true } } } });
  }

  test("our account's recording is downloaded by the worker with the credentials and stored as audio", async () => {
    const url = `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Recordings/RE${hex(8)}`;
    const call = await recordedCall(url);
    expect(call.recordingUrl).toBe(url);
    expect(call.request!.attachments).toMatchObject([{ kind: "recording", storageKey: `twilio:${url}` }]);
    await fetchPendingPhoneMedia();
    expect(hits).toEqual([{ host: "api.twilio.com", path: new URL(url).pathname, authorization: basic }]);
    const a = await db().attachment.findUniqueOrThrow({ where: { id: call.request!.attachments[0]!.id } });
    expect(a).toMatchObject({ mimeType: "audio/x-wav", size: wav.length });
    expect(readFileSync(path.join(uploadDir, a.storageKey)).equals(wav)).toBe(true);
  });

  test("a hostile RecordingUrl is dropped: not kept on the call, no attachment, never fetched", async () => {
    for (const url of ["file:///etc/passwd", "/etc/passwd", "https://evil.example/rec.wav"]) {
      const call = await recordedCall(url);
      expect(call.recordingUrl, url).toBeNull();
      expect(call.request!.attachments, url).toEqual([]);
    }
    await fetchPendingPhoneMedia();
    expect(hits).toEqual([]);
  });
});

describe("sandbox mode (no Twilio account)", () => {
  test("the simulator's recording is kept as a sandbox reference and handled without network; a Twilio URL is not accepted", async () => {
    for (const k of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER", "PUBLIC_BASE_URL"]) delete process.env[k];
    resetEnvForTests();
    resetSenders();
    try {
      const admin = await createStaff({ role: "ADMIN" });
      const actor = { id: admin.id, role: admin.role, departmentId: null };
      const from = newPhone();
      const first = await simulatePhone({ actor, kind: "voice", from, step: "incoming" });
      await simulatePhone({ actor, kind: "voice", from, callSid: first.callSid, step: "recorded", transcript: "Не працює світлофор на перехресті" });
      const call = await db().call.findUniqueOrThrow({ where: { callSid: first.callSid! }, include: { request: { include: { attachments: true } } } });
      // The simulated words become a short WAV we write ourselves (for the sandbox speech-to-text), never a fetched URL.
      expect(call.request!.attachments.map((a) => a.storageKey)).toEqual([expect.stringMatching(/^[A-Za-z0-9_-]{16,64}\.wav$/)]);

      const params = smsParams({ from: newPhone(), body: "Зламана лавка в парку", media: [{ url: mediaUrl("ME" + hex(9)), contentType: "image/jpeg" }] });
      const received = await receiveSms({ params });
      await processInboundEvent({ inboundEventId: received.inboundEventId });
      const request = await db().request.findFirstOrThrow({ where: { externalId: params.MessageSid }, include: { attachments: true } });
      expect(request.attachments).toEqual([]);

      expect(await fetchPendingPhoneMedia()).toMatchObject({ stored: 0 });
      expect(hits).toEqual([]);
    } finally {
      useTwilioAccount();
      registerPhoneChannel({ twilio: TWILIO });
    }
  });
});
