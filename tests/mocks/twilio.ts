import { http, HttpResponse } from "msw";

export type TwilioCall = { url: string; accountSid: string; form: Record<string, string>; authorization: string | null };

/**
 * Twilio REST API (twilio -> axios -> http): Messages.json answers like Twilio does (201
 * with a queued message resource). Numbers in `optedOut` get Twilio's 21610 error.
 * Records every call.
 */
export function createTwilioApi() {
  const calls: TwilioCall[] = [];
  const optedOut = new Set<string>();
  let seq = 0;
  const handlers = [
    http.post("https://api.twilio.com/2010-04-01/Accounts/:sid/Messages.json", async ({ request, params }) => {
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      calls.push({ url: request.url, accountSid: String(params.sid), form, authorization: request.headers.get("authorization") });
      if (optedOut.has(form.To ?? "")) {
        return HttpResponse.json(
          { code: 21610, message: "Attempt to send to unsubscribed recipient", more_info: "https://www.twilio.com/docs/errors/21610", status: 400 },
          { status: 400 },
        );
      }
      seq += 1;
      const sid = "SM" + String(seq).padStart(32, "0");
      const now = new Date().toUTCString();
      return HttpResponse.json(
        {
          account_sid: params.sid,
          api_version: "2010-04-01",
          body: form.Body,
          date_created: now,
          date_sent: null,
          date_updated: now,
          direction: "outbound-api",
          error_code: null,
          error_message: null,
          from: form.From,
          messaging_service_sid: null,
          num_media: "0",
          num_segments: "1",
          price: null,
          price_unit: "USD",
          sid,
          status: "queued",
          subresource_uris: { media: `/2010-04-01/Accounts/${params.sid}/Messages/${sid}/Media.json` },
          to: form.To,
          uri: `/2010-04-01/Accounts/${params.sid}/Messages/${sid}.json`,
        },
        { status: 201 },
      );
    }),
  ];
  return {
    handlers,
    calls,
    optedOut,
    sentTo: (to: string) => calls.filter((c) => c.form.To === to).map((c) => c.form),
    clear() {
      calls.length = 0;
      optedOut.clear();
    },
  };
}
