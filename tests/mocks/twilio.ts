import { http, HttpResponse } from "msw";

export type TwilioCall = { url: string; accountSid: string; form: Record<string, string>; authorization: string | null };

/** A Message resource as Twilio's REST API returns it. */
export type TwilioMessageResource = ReturnType<typeof messageResource>;

/**
 * What the next Messages.json POSTs meet (each entry is used once, then "accept"):
 * "accept" — 201 with a queued message; "accept-then-drop" — Twilio creates the message
 * but the connection drops before its answer arrives; "drop" — the connection drops and
 * Twilio never had the request; { status, code, message } — Twilio's error answer.
 */
export type TwilioPostOutcome = "accept" | "accept-then-drop" | "drop" | { status: number; code: number; message: string };

/**
 * Twilio REST API (twilio -> axios -> http): Messages.json answers like Twilio does (201
 * with a queued message resource). Numbers in `optedOut` get Twilio's 21610 error.
 * Records every call, and keeps the messages it created, which the Messages list
 * (GET Messages.json?To=&From=&DateSent>=) returns newest first.
 */
export function createTwilioApi() {
  const calls: TwilioCall[] = [];
  const listCalls: URLSearchParams[] = [];
  const optedOut = new Set<string>();
  const messages: TwilioMessageResource[] = [];
  const next: TwilioPostOutcome[] = [];
  let seq = 0;

  /** Creates a message as Twilio would on a POST it received (also one received by another process). */
  function accept(accountSid: string, form: Record<string, string>) {
    seq += 1;
    const sid = "SM" + String(seq).padStart(32, "0");
    const message = messageResource({ accountSid, sid, form, created: new Date() });
    messages.push(message);
    return message;
  }

  const handlers = [
    http.post("https://api.twilio.com/2010-04-01/Accounts/:sid/Messages.json", async ({ request, params }) => {
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      calls.push({ url: request.url, accountSid: String(params.sid), form, authorization: request.headers.get("authorization") });
      const outcome = next.shift() ?? "accept";
      if (outcome === "drop") return HttpResponse.error();
      if (typeof outcome === "object") {
        return HttpResponse.json(
          { code: outcome.code, message: outcome.message, more_info: `https://www.twilio.com/docs/errors/${outcome.code}`, status: outcome.status },
          { status: outcome.status },
        );
      }
      if (optedOut.has(form.To ?? "")) {
        return HttpResponse.json(
          { code: 21610, message: "Attempt to send to unsubscribed recipient", more_info: "https://www.twilio.com/docs/errors/21610", status: 400 },
          { status: 400 },
        );
      }
      const message = accept(String(params.sid), form);
      if (outcome === "accept-then-drop") return HttpResponse.error();
      return HttpResponse.json(message, { status: 201 });
    }),
    http.get("https://api.twilio.com/2010-04-01/Accounts/:sid/Messages.json", ({ request, params }) => {
      const url = new URL(request.url);
      const q = url.searchParams;
      listCalls.push(q);
      const pageSize = Math.min(Number(q.get("PageSize") ?? 50), 1000);
      // Twilio's own spelling: "DateSent>" carries ">=": messages sent on or after that date; queued ones have no send date.
      const after = q.get("DateSent>");
      const found = messages
        .filter((m) => m.account_sid === params.sid)
        .filter((m) => (!q.get("To") || m.to === q.get("To")) && (!q.get("From") || m.from === q.get("From")))
        .filter((m) => !after || (m.date_sent !== null && new Date(m.date_sent) >= new Date(after.slice(0, 10) + "T00:00:00Z")))
        .sort((a, b) => new Date(b.date_created).getTime() - new Date(a.date_created).getTime() || b.sid.localeCompare(a.sid))
        .slice(0, pageSize);
      const uri = `${url.pathname}?${q.toString()}`;
      return HttpResponse.json({
        end: Math.max(0, found.length - 1),
        first_page_uri: uri,
        messages: found,
        next_page_uri: null,
        page: 0,
        page_size: pageSize,
        previous_page_uri: null,
        start: 0,
        uri,
      });
    }),
  ];
  return {
    handlers,
    calls,
    listCalls,
    optedOut,
    messages,
    accept,
    /** The next POSTs meet these outcomes, in order. */
    answerNext: (...outcomes: TwilioPostOutcome[]) => void next.push(...outcomes),
    sentTo: (to: string) => calls.filter((c) => c.form.To === to).map((c) => c.form),
    clear() {
      calls.length = 0;
      listCalls.length = 0;
      optedOut.clear();
      messages.length = 0;
      next.length = 0;
    },
  };
}

function messageResource(options: { accountSid: string; sid: string; form: Record<string, string>; created: Date }) {
  const { accountSid, sid, form } = options;
  // RFC 2822 as Twilio writes it: "Thu, 03 Dec 2026 06:05:40 +0000".
  const created = options.created.toUTCString().replace("GMT", "+0000");
  return {
    account_sid: accountSid,
    api_version: "2010-04-01",
    body: form.Body ?? "",
    date_created: created,
    date_sent: null as string | null,
    date_updated: created,
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: form.From ?? "",
    messaging_service_sid: null,
    num_media: "0",
    num_segments: "1",
    price: null,
    price_unit: "USD",
    sid,
    status: "queued",
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    to: form.To ?? "",
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
  };
}
