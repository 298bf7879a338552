// The load generator, always its own process so that what it costs is not charged to the
// server under test (both share the machine's cores, as a real client on the same host would).
//
//   node --import tsx bench/lib/load.ts '<json options>'
// kind "webhooks": signed Twilio SMS webhooks and Telegram webhook updates (a mix), from
//   `concurrency` keep-alive connections for `durationMs`; prints accepted/s and ack latencies.
// kind "get": each of `paths` `repeat` times one after another (after `warm` unmeasured
//   runs) with the given cookie; prints p50/p95 per path and over all.
import http from "node:http";
import { randomBytes } from "node:crypto";
import twilio from "twilio";

type WebhookOptions = {
  kind: "webhooks";
  base: string;
  durationMs: number;
  concurrency: number;
  /** Share of SMS in the mix (the rest are Telegram updates). */
  smsShare: number;
  twilioToken: string;
  telegramPath: string;
  telegramSecret: string;
  /** Makes ids unique between runs against the same database. */
  tag: number;
  /** Load before the measured part, not counted (connections opened, code compiled and warm). */
  warmMs: number;
};
type GetOptions = { kind: "get"; base: string; paths: string[]; cookie: string; repeat: number; warm: number };

const options = JSON.parse(process.argv[2] ?? "{}") as WebhookOptions | GetOptions;
const url = new URL(options.base);
const agent = new http.Agent({ keepAlive: true, maxSockets: options.kind === "webhooks" ? options.concurrency : 1 });

function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; ms: number; body: string }>((resolve) => {
    const t0 = performance.now();
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent,
        headers: body ? { ...headers, "content-length": Buffer.byteLength(body).toString() } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, body: Buffer.concat(chunks).toString() }));
        res.on("error", () => resolve({ status: 0, ms: performance.now() - t0, body: "" }));
      },
    );
    req.on("error", (e) => resolve({ status: 0, ms: performance.now() - t0, body: e.message }));
    req.end(body);
  });
}

const q = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : NaN);
const DESCRIPTIONS = [
  "Немає води в будинку",
  "Не працює ліхтар біля під'їзду",
  "Яма на дорозі біля будинку",
  "Холодні батареї в квартирі",
  "Не вивезли сміття з двору",
];

async function webhooks(o: WebhookOptions) {
  const smsPath = "/webhooks/twilio/sms";
  const smsUrl = `${o.base}${smsPath}`;
  const tgPath = `/webhooks/telegram/${o.telegramPath}`;
  let n = 0;
  const one = (i: number) => {
    const text = `${DESCRIPTIONS[i % DESCRIPTIONS.length]} ${1 + (i % 180)}, вул. Шевченка`;
    if ((i * 7919) % 1000 < o.smsShare * 1000) {
      const params: Record<string, string> = {
        MessageSid: "SM" + randomBytes(16).toString("hex"),
        AccountSid: "AC" + "1".repeat(32),
        From: `+38050${String((o.tag * 7 + i) % 10_000_000).padStart(7, "0")}`,
        To: "+380930000001",
        Body: text,
        NumMedia: "0",
      };
      const signature = twilio.getExpectedTwilioSignature(o.twilioToken, smsUrl, params);
      return send(
        "POST",
        smsPath,
        { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
        new URLSearchParams(params).toString(),
      );
    }
    const updateId = (o.tag % 1_000_000) * 1_000_000 + i;
    const user = 100_000 + (i % 5000);
    const update = {
      update_id: updateId,
      message: {
        message_id: i + 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user, type: "private" },
        from: { id: user, is_bot: false, first_name: "Олена" },
        text,
      },
    };
    return send("POST", tgPath, { "content-type": "application/json", "x-telegram-bot-api-secret-token": o.telegramSecret }, JSON.stringify(update));
  };
  const warmEnd = performance.now() + o.warmMs;
  let warmed = 0;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (performance.now() < warmEnd) if ((await one(n++)).status === 200) warmed++;
    }),
  );
  // The parent measures the server's CPU from here on.
  process.stdout.write("measuring\n");
  const ms: number[] = [];
  const statuses: Record<string, number> = {};
  let firstError = "";
  const t0 = performance.now();
  const end = t0 + o.durationMs;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (performance.now() < end) {
        const r = await one(n++);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status === 200) ms.push(r.ms);
        else if (!firstError) firstError = `${r.status} ${r.body.slice(0, 200)}`;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  ms.sort((a, b) => a - b);
  return {
    sent: ms.length + Object.entries(statuses).reduce((a, [k, v]) => a + (k === "200" ? 0 : v), 0),
    warmed,
    accepted: ms.length,
    seconds,
    perSecond: ms.length / seconds,
    p50: q(ms, 0.5),
    p99: q(ms, 0.99),
    max: ms.at(-1) ?? NaN,
    statuses,
    firstError,
  };
}

async function gets(o: GetOptions) {
  const headers = { cookie: o.cookie, "accept-language": "uk" };
  const all: number[] = [];
  const perPath: { path: string; p50: number; p95: number; status: number }[] = [];
  for (const path of o.paths) {
    let status = 0;
    for (let i = 0; i < o.warm; i++) await send("GET", path, headers);
    const ms: number[] = [];
    for (let i = 0; i < o.repeat; i++) {
      const r = await send("GET", path, headers);
      status = r.status;
      ms.push(r.ms);
    }
    all.push(...ms);
    ms.sort((a, b) => a - b);
    perPath.push({ path, p50: q(ms, 0.5), p95: q(ms, 0.95), status });
  }
  all.sort((a, b) => a - b);
  return { p50: q(all, 0.5), p95: q(all, 0.95), perPath };
}

process.stdout.write("ready\n");
const result = options.kind === "webhooks" ? await webhooks(options) : await gets(options);
agent.destroy();
process.stdout.write(JSON.stringify(result) + "\n");
