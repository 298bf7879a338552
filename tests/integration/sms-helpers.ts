// A citizen's SMS conversation, as the tests drive it: signed Twilio webhooks (the library's
// own signature) to POST /webhooks/twilio/sms, the intake worker's step, the notifications
// worker sending into the sandbox outbox (no Twilio account: what the citizen would receive
// is what the outbox holds).
import { afterAll, beforeAll, expect } from "vitest";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { resetSenders } from "#app/domain/notifications/senders.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { seedOrganisation } from "#prisma/seed/seed-organisation.server.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { getTrackingView } from "#app/domain/tracking/get-tracking-view.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { action as smsAction } from "#app/routes/webhooks+/twilio.sms.ts";
import { loader as shortLinkLoader } from "#app/routes/t.$code.ts";
import { findAll, parseXml } from "#tests/fixtures/twilio/twiml.ts";
import { smsParams, TWILIO, twilioRequest } from "#tests/fixtures/twilio/webhooks.ts";

const db = () => getDb();
let phoneSeq = 0;
export const newPhone = () => `+38066${String(Date.now()).slice(-5)}${String(++phoneSeq).padStart(2, "0")}`;

/**
 * The test file's setup: signatures are checked, the seeded Sloviansk organisation (its
 * categories, suggestions, routing and due dates are the real ones), no Twilio account.
 */
export function useSmsSandbox() {
  beforeAll(async () => {
    // Signatures are checked (auth token and public URL), but there is no account to send
    // with: every outbound SMS lands in the sandbox outbox.
    process.env.TWILIO_AUTH_TOKEN = TWILIO.authToken;
    process.env.PUBLIC_BASE_URL = TWILIO.publicBaseUrl;
    resetEnvForTests();
    resetSenders();
    registerPhoneChannel({ twilio: null });
    await seedOrganisation();
  });
  afterAll(() => {
    for (const k of ["TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"]) delete process.env[k];
    resetEnvForTests();
  });
}

/** What the notifications worker would send now. */
export async function sendDue() {
  const due = await db().notification.findMany({ where: { status: "PENDING" }, select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const n of due) await sendNotification({ notificationId: n.id }).catch(() => undefined);
}

export async function outbox(phone: string) {
  const rows = await db().message.findMany({ where: { address: phone, direction: "OUT", sandbox: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((m) => m.body ?? "");
}

/**
 * The citizen texts `body` from `phone`: the signed webhook, then the intake worker and the
 * notifications worker. Returns the webhook's own TwiML answer (if any) and the SMS the
 * citizen received because of this message.
 */
export async function text(phone: string, body: string, media?: { url: string; contentType: string }[]) {
  const before = (await outbox(phone)).length;
  const params = smsParams({ from: phone, body, media });
  const res = await smsAction({ request: twilioRequest({ path: "/webhooks/twilio/sms", params }), params: {}, context: {} });
  expect(res.status).toBe(200);
  const twiml = findAll(parseXml(await res.text()), "Message").map((m) => m.text);
  const event = await db().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: params.MessageSid } } });
  await processInboundEvent({ inboundEventId: event.id });
  await sendDue();
  const received = (await outbox(phone)).slice(before);
  return { twiml, received, messageSid: params.MessageSid, all: [...twiml, ...received] };
}

export const requestsOf = async (phone: string) =>
  db().request.findMany({ where: { citizen: { phone } }, orderBy: { createdAt: "asc" }, include: { category: true, suggestion: true } });

export const linkIn = (sms: string) => sms.match(/https:\/\/\S+\/t\/\S+/)?.[0] ?? null;

/** Follows the short link in an SMS to the tracking page it opens; the number shown there. */
export async function numberBehind(link: string) {
  const url = new URL(link);
  const code = url.pathname.replace(/^\/t\//, "");
  let res: Response;
  try {
    res = (await shortLinkLoader({ request: new Request(`http://127.0.0.1:3000${url.pathname}`), params: { code }, context: {} })) as Response;
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    res = e;
  }
  expect(res.status).toBe(302);
  const token = (res.headers.get("location") ?? "").match(/^\/track\/([A-Za-z0-9_-]+)/)?.[1];
  expect(token).toBeTruthy();
  return (await getTrackingView({ token: token!, lang: "uk" })).number;
}

export async function resolve(requestId: string, answer: string) {
  const r = await db().request.findUniqueOrThrow({ where: { id: requestId } });
  if (r.status === "NEW") await transitionRequest({ requestId, to: "IN_PROGRESS", actor: { type: "SYSTEM" } });
  await transitionRequest({ requestId, to: "RESOLVED", actor: { type: "SYSTEM" }, resultCode: "RESOLVED_POSITIVELY", publicAnswer: answer });
  await sendDue();
}
