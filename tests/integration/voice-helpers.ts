// Calling the hotline as Twilio does: signed POSTs to the voice webhook routes, following
// the URLs the TwiML names (a Gather's action, a Redirect) the way Twilio follows them.
import { expect } from "vitest";
import { action as voiceAction } from "#app/routes/webhooks+/twilio.voice.ts";
import { action as stepAction } from "#app/routes/webhooks+/twilio.voice.$step.ts";
import { findAll, parseXml, type XmlNode } from "#tests/fixtures/twilio/twiml.ts";
import { twilioRequest, voiceParams } from "#tests/fixtures/twilio/webhooks.ts";

/** An incoming call from `from`: the greeting's TwiML. */
export async function callHotline(callSid: string, from: string): Promise<XmlNode> {
  const res = await voiceAction({
    request: twilioRequest({ path: "/webhooks/twilio/voice", params: voiceParams({ callSid, from }) }),
    params: {},
    context: {},
  });
  expect(res.headers.get("content-type")).toContain("text/xml");
  return parseXml(await res.text());
}

/** POSTs to a TwiML URL (path and query, as the TwiML names it) with the call's fields and `extra`. */
export async function voiceStep(
  path: string,
  options: { callSid: string; from: string; extra?: Record<string, string> },
): Promise<{ status: number; twiml: XmlNode | null }> {
  const stepName = new URL(path, "http://x").pathname.split("/").pop()!;
  const res = await stepAction({
    request: twilioRequest({ path, params: voiceParams({ callSid: options.callSid, from: options.from, extra: options.extra }) }),
    params: { step: stepName },
    context: {},
  });
  return { status: res.status, twiml: res.status === 200 ? parseXml(await res.text()) : null };
}

/** Everything the caller hears in one TwiML answer, in order. */
export const spoken = (twiml: XmlNode | null) =>
  twiml
    ? findAll(twiml, "Say")
        .map((s) => s.text)
        .join(" ")
    : "";
