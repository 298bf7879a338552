// Staff see and hear what citizens sent: /staff/attachments/<id> serves a request's photo,
// call recording or voice note only to staff who may see the request (the request page's
// rule), audits each opening, serves byte ranges for seeking; the request page shows photos
// as thumbnails and recordings as players with their transcript.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { http, HttpResponse } from "msw";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { RequestAttachments } from "#app/components/console/request-attachments.tsx";
import { fetchPendingPhoneMedia } from "#app/domain/attachments/fetch-phone-media.server.ts";
import { preparePhotos } from "#app/domain/attachments/prepare-photos.server.ts";
import { storeAttachments } from "#app/domain/attachments/store-attachments.server.ts";
import { transcribePendingAudio } from "#app/domain/attachments/transcribe-audio.server.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { loader as attachmentLoader } from "#app/routes/staff+/attachments.$id.ts";
import { loader as requestLoader } from "#app/routes/staff+/requests.$id.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { sandboxSpeechWav } from "#integrations/speech/index.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { signInAs, type SignedIn } from "#tests/factories/staff-session.ts";
import { sid, TWILIO } from "#tests/fixtures/twilio/webhooks.ts";
import { server } from "#tests/mocks/server.ts";
import { callHotline, voiceStep } from "./voice-helpers.ts";

const BASE = "http://localhost:3000";
const db = () => getDb();
const uploadDir = mkdtempSync(path.join(tmpdir(), "slv-staff-files-"));
const WORDS = "Немає води в будинку номер сім";
const wav = sandboxSpeechWav(WORDS, 2);
let operator: SignedIn;
let waterOfficer: SignedIn;
let roadsOfficer: SignedIn;
let heatingOfficer: SignedIn;
let voice: { requestId: string; attachmentId: string };
let photo: { requestId: string; attachmentId: string };

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as never;

async function open(id: string, who: SignedIn | null, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await attachmentLoader(args(new Request(`${BASE}/staff/attachments/${id}`, { headers: { ...(who ? who.headers : {}), ...headers } }), { id }));
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

const audits = (attachmentId: string) => db().auditLog.findMany({ where: { action: "attachment.viewed", entityId: attachmentId } });

beforeAll(async () => {
  for (const [k, v] of Object.entries({
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    PUBLIC_BASE_URL: TWILIO.publicBaseUrl,
    UPLOAD_DIR: uploadDir,
  }))
    process.env[k] = v;
  resetEnvForTests();
  registerPhoneChannel({});
  const city = await createSmallCity();
  operator = await signInAs("OPERATOR");
  waterOfficer = await signInAs("DEPARTMENT_OFFICER", { departmentId: city.water.id });
  roadsOfficer = await signInAs("DEPARTMENT_OFFICER", { departmentId: city.triageOnly.id });
  heatingOfficer = await signInAs("DEPARTMENT_OFFICER", { departmentId: city.heating.id });

  // A call: menu 1, a recording (Twilio's media faked), the intake, the download, speech-to-text.
  server.use(
    http.get("https://api.twilio.com/2010-04-01/Accounts/:account/Recordings/:re", () =>
      HttpResponse.arrayBuffer(new Uint8Array(wav).buffer, { headers: { "Content-Type": "audio/x-wav" } }),
    ),
  );
  const callSid = sid("CA");
  const from = "+380671119900";
  const recordingSid = sid("RE");
  await callHotline(callSid, from);
  await voiceStep("/webhooks/twilio/voice/menu?tries=1", { callSid, from, extra: { Digits: "1" } });
  await voiceStep("/webhooks/twilio/voice/recorded", {
    callSid,
    from,
    extra: { RecordingSid: recordingSid, RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Recordings/${recordingSid}` },
  });
  for (const e of await db().inboundEvent.findMany({ where: { channel: "VOICE", processedAt: null } })) await processInboundEvent({ inboundEventId: e.id });
  await fetchPendingPhoneMedia({});
  await transcribePendingAudio({});
  const call = await db().call.findUniqueOrThrow({ where: { callSid }, include: { request: { include: { attachments: true } } } });
  voice = { requestId: call.requestId!, attachmentId: call.request!.attachments[0]!.id };

  // A photo sent with a web report routed to the water department (the web form's own path).
  const { request } = await submitRequest({ channel: "WEB", description: "Тече труба у дворі", categoryCode: "water.no-water", location: POINTS.centre });
  const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#3366cc" } })
    .jpeg()
    .toBuffer();
  const [stored] = await storeAttachments({ requestId: request.id, photos: await preparePhotos({ files: [new File([new Uint8Array(jpeg)], "pipe.jpg")] }) });
  photo = { requestId: request.id, attachmentId: stored!.id };
});
afterAll(() => {
  for (const k of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL", "UPLOAD_DIR"]) delete process.env[k];
  resetEnvForTests();
});

describe("/staff/attachments/<id>", () => {
  test("an operator plays a call's recording: the audio, private, with byte ranges; one audit entry per playback", async () => {
    const res = await open(voice.attachmentId, operator);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/x-wav");
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await res.arrayBuffer()).equals(wav)).toBe(true);
    // The player seeks: a later range is the same playback, not a new opening.
    const part = await open(voice.attachmentId, operator, { Range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${wav.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(wav.subarray(100, 200))).toBe(true);
    const rows = await audits(voice.attachmentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: operator.user.id, entityType: "Attachment", data: { requestId: voice.requestId, kind: "recording" } });
  });

  test("a department sees the photos of the requests it executes or co-executes only: 403 for another department, nothing audited", async () => {
    const mine = await open(photo.attachmentId, waterOfficer);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("image/jpeg");
    // Heating co-executes water requests (the city's routing rule): it sees the request page, so the photo too.
    expect((await open(photo.attachmentId, heatingOfficer)).status).toBe(200);
    const other = await open(photo.attachmentId, roadsOfficer);
    expect(other.status).toBe(403);
    expect(await open(voice.attachmentId, waterOfficer).then((r) => r.status)).toBe(403);
    expect((await audits(photo.attachmentId)).map((a) => a.actorId)).toEqual([waterOfficer.user.id, heatingOfficer.user.id]);
  });

  test("nobody signed in is sent to sign in; an unknown id or a file not downloaded yet is 404", async () => {
    const anonymous = await open(voice.attachmentId, null);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect((await open("00000000-0000-4000-8000-000000000000", operator)).status).toBe(404);
    expect((await open("not-a-uuid", operator)).status).toBe(404);
    const pending = await db().attachment.create({
      data: { requestId: voice.requestId, kind: "recording", mimeType: "audio/x-wav", size: 0, storageKey: `twilio:https://api.twilio.com/x`, sha256: "" },
    });
    expect((await open(pending.id, operator)).status).toBe(404);
    await db().attachment.delete({ where: { id: pending.id } });
  });
});

describe("the request page", () => {
  test("shows a recording as a player with its transcript, and a photo as a thumbnail, both from the staff route", async () => {
    const page = (id: string) =>
      requestLoader(args(new Request(`${BASE}/staff/requests/${id}`, { headers: operator.headers }), { id })) as Promise<
        NonNullable<Awaited<ReturnType<typeof requestLoader>>>
      >;
    const call = await page(voice.requestId);
    const html = renderToStaticMarkup(createElement(RequestAttachments, { lang: "uk", attachments: call.request.attachments }));
    expect(html).toContain(`<audio controls="" preload="none" src="/staff/attachments/${voice.attachmentId}">`);
    expect(html).toContain(WORDS);
    expect(JSON.stringify(call.request.attachments)).not.toContain("storageKey");

    const report = await page(photo.requestId);
    const photoHtml = renderToStaticMarkup(createElement(RequestAttachments, { lang: "uk", attachments: report.request.attachments }));
    expect(photoHtml).toMatch(new RegExp(`<img src="/staff/attachments/${photo.attachmentId}"`));
  });
});
