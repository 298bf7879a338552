// A local stand-in for Twilio's REST API, the part the platform calls: POST
// /2010-04-01/Accounts/{AccountSid}/Messages.json (Basic auth with the account's SID and
// token) answering 201 with a queued message resource as Twilio does, then a signed
// "delivered" status callback to the message's StatusCallback (once: Twilio does not retry
// those); GET Messages.json?To=&From=&DateSent> lists what was sent, newest first. Every SMS
// is recorded so the drills can count notifications. Anything else answers Twilio's 404
// (the iGov base URL points here too, so nothing in a drill reaches the internet).
import { randomBytes } from "node:crypto";
import http from "node:http";
import { closeServer, listenLocal } from "./local-server.ts";
import twilio from "twilio";

export type SentSms = { to: string; from: string; body: string; sid: string; at: number; statusCallback?: string };

export class TwilioStandIn {
  private server: http.Server | undefined;
  readonly sent: SentSms[] = [];
  readonly stats = { created: 0, refused: 0, other: 0, listed: 0, callbacks: 0, callbackFailures: 0 };

  constructor(
    readonly port: number,
    private readonly accountSid: string,
    private readonly authToken: string,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async up() {
    this.server = await listenLocal(this.port, (req, res) => this.handle(req, res));
  }

  async down() {
    const s = this.server;
    this.server = undefined;
    if (s) await closeServer(s);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const body = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", () => resolve(""));
    });
    const url = new URL(req.url ?? "/", "http://x");
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    if (m && req.method === "GET") return this.list(req, res, m[1]!, url);
    if (!m || req.method !== "POST") {
      this.stats.other++;
      return json(res, 404, {
        code: 20404,
        message: `The requested resource ${url.pathname} was not found`,
        more_info: "https://www.twilio.com/docs/errors/20404",
        status: 404,
      });
    }
    const expected = "Basic " + Buffer.from(`${this.accountSid}:${this.authToken}`).toString("base64");
    if (m[1] !== this.accountSid || req.headers.authorization !== expected) {
      this.stats.refused++;
      return json(res, 401, { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
    }
    const form = Object.fromEntries(new URLSearchParams(body));
    if (!form.To || !form.Body) {
      this.stats.refused++;
      return json(res, 400, { code: 21604, message: "A 'To' phone number is required.", more_info: "https://www.twilio.com/docs/errors/21604", status: 400 });
    }
    const sid = "SM" + randomBytes(16).toString("hex");
    const sms: SentSms = { to: form.To, from: form.From ?? "", body: form.Body, sid, at: Date.now(), statusCallback: form.StatusCallback };
    this.sent.push(sms);
    this.stats.created++;
    if (sms.statusCallback) setTimeout(() => void this.callback(sms), 1000);
    return json(res, 201, this.resource(sms, "queued"));
  }

  private resource(sms: SentSms, status: "queued" | "delivered") {
    const created = new Date(sms.at).toUTCString().replace("GMT", "+0000");
    return {
      account_sid: this.accountSid,
      api_version: "2010-04-01",
      body: sms.body,
      date_created: created,
      date_sent: status === "queued" ? null : created,
      date_updated: created,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: sms.from,
      messaging_service_sid: null,
      num_media: "0",
      num_segments: "1",
      price: null,
      price_unit: "USD",
      sid: sms.sid,
      status,
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sms.sid}/Media.json` },
      to: sms.to,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sms.sid}.json`,
    };
  }

  private list(req: http.IncomingMessage, res: http.ServerResponse, accountSid: string, url: URL) {
    const expected = "Basic " + Buffer.from(`${this.accountSid}:${this.authToken}`).toString("base64");
    if (accountSid !== this.accountSid || req.headers.authorization !== expected) {
      this.stats.refused++;
      return json(res, 401, { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
    }
    this.stats.listed++;
    const q = url.searchParams;
    const pageSize = Math.min(Number(q.get("PageSize") ?? 50) || 50, 1000);
    // Twilio compares send dates by day.
    const after = q.get("DateSent>") ?? q.get("DateSent>=");
    const from = after ? new Date(after.slice(0, 10) + "T00:00:00Z").getTime() : 0;
    const found = this.sent
      .filter((m) => (!q.get("To") || m.to === q.get("To")) && (!q.get("From") || m.from === q.get("From")) && m.at >= from)
      .sort((a, b) => b.at - a.at)
      .slice(0, pageSize)
      .map((m) => this.resource(m, "delivered"));
    const uri = `${url.pathname}?${q.toString()}`;
    return json(res, 200, {
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
  }

  private async callback(sms: SentSms) {
    const url = sms.statusCallback!;
    const params = {
      AccountSid: this.accountSid,
      ApiVersion: "2010-04-01",
      From: sms.from,
      MessageSid: sms.sid,
      MessageStatus: "delivered",
      SmsSid: sms.sid,
      SmsStatus: "delivered",
      To: sms.to,
    };
    const signature = twilio.getExpectedTwilioSignature(this.authToken, url, params);
    const ok = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature, "user-agent": "TwilioProxy/1.1" },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(15_000),
    }).then(
      async (r) => (await r.arrayBuffer(), r.status < 300),
      () => false,
    );
    if (ok) this.stats.callbacks++;
    else this.stats.callbackFailures++;
  }
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
