// The load: citizens as the providers deliver them. SMS arrive as Twilio-signed webhooks
// (a unique MessageSid each; some numbers write again within the conversation window) and,
// like Twilio, are never re-sent when the answer was not 200; web reports are a GET of the
// form (CSRF cookie and token, the form's own idempotency key) and a multipart POST, which
// the citizen presses again when the page fails; Telegram citizens chat with the bot
// through the Bot API stand-in and answer whatever it asks until it registers their
// request. Every answer is recorded: what counts as acknowledged, and whether the answer
// was a proper one.
import { randomBytes, randomUUID } from "node:crypto";
import twilio from "twilio";
import { sleep } from "./services.ts";
import type { BotMessage, TelegramStandIn, Update } from "./telegram-standin.ts";

export type Door = "sms" | "web" | "telegram";

export type Answer = { door: Door; at: number; status: number | "error" | "timeout"; proper: boolean };

export type SmsEvent = { sid: string; phone: string; body: string; acked: boolean; answers: number };
export type WebForm = { id: number; phone: string; key: string | null; acked: boolean; answers: number; gaveUp: boolean };
export type ChatRecord = {
  chatId: string;
  phone: string;
  updates: number[];
  status: "waiting" | "running" | "done" | "gave-up";
  number?: string;
  startedAt?: number;
  doneAt?: number;
};

/** Everything one drill sent and what came back. */
export class Ledger {
  readonly sms = new Map<string, SmsEvent>();
  readonly web: WebForm[] = [];
  readonly chats = new Map<string, ChatRecord>();
  readonly answers: Answer[] = [];
  /** When the last scheduled SMS or form went out (chats may still be talking). */
  lastSentAt = 0;

  answer(a: Answer) {
    this.answers.push(a);
  }

  improper() {
    return this.answers.filter((a) => !a.proper);
  }
}

export type Targets = {
  /** The proxy: where traffic normally goes. */
  proxy: string;
  /** The web processes themselves (duplicate delivery goes to each at once). */
  webs: string[];
};

export type LoadConfig = {
  drill: number;
  events: number;
  loadMs: number;
  duplicate: boolean;
  twilio: { accountSid: string; authToken: string; phoneNumber: string; publicBaseUrl: string };
  web: { categoryCode: string; lat: number; lon: number; address: string };
  telegram: { standin: TelegramStandIn; categoryPath: string[]; lat: number; lon: number; texts: TelegramTexts };
  /** How long a Telegram citizen waits for the bot before pressing again. */
  replyTimeoutMs: number;
  /** Citizens stop trying at this time (epoch ms) at the latest. */
  deadline: () => number;
};

export type TelegramTexts = { submitted: RegExp; locationAsk: string; descriptionAsk: string; askName: string; askResidence: string };

// ───────────────────────────── the plan ─────────────────────────────

type Planned =
  { at: number; kind: "sms"; phone: string; body: string } | { at: number; kind: "web"; id: number } | { at: number; kind: "chat"; chatId: string };

const PROBLEMS = [
  "Не світить вуличний ліхтар біля будинку",
  "Яма на дорозі, машини об'їжджають по тротуару",
  "Третій день немає води в під'їзді",
  "Переповнені контейнери для сміття у дворі",
  "Зламана лавка на дитячому майданчику",
  "Витікає вода з труби біля школи",
  "Не працює світлофор на перехресті",
  "Впало дерево, перекрило прохід",
];
const STREETS = ["вул. Шевченка", "вул. Університетська", "бул. Пушкіна", "вул. Генерала Батюка", "пл. Соборна", "вул. Василівська"];

/** A seeded generator, so a drill sends the same events every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ukrainian mobile numbers of this drill: the operator code tells the doors apart. */
function phone(operator: "50" | "63" | "67", drill: number, seq: number) {
  return `+380${operator}${String(drill).padStart(2, "0")}${String(seq).padStart(5, "0")}`;
}

export function planLoad(cfg: Pick<LoadConfig, "drill" | "events" | "loadMs">) {
  const rnd = prng(0x51a7 + cfg.drill * 7919);
  const smsCount = Math.round(cfg.events * 0.5);
  const webCount = Math.round(cfg.events * 0.2);
  // A Telegram request is a conversation of about seven updates.
  const chatCount = Math.max(2, Math.round((cfg.events * 0.3) / 7));
  const plan: Planned[] = [];
  const spread = (i: number, n: number) => Math.floor(((i + rnd() * 0.8) / n) * cfg.loadMs * 0.9);

  // SMS: most numbers write once; some write again (a returning citizen) a few seconds later.
  let sent = 0;
  let seq = 0;
  const firsts: { phone: string; at: number; extra: number }[] = [];
  while (sent < smsCount) {
    const p = phone("50", cfg.drill, ++seq);
    const r = rnd();
    const extra = Math.min(smsCount - sent - 1, r < 0.6 ? 0 : r < 0.85 ? 1 : 2);
    firsts.push({ phone: p, at: 0, extra });
    sent += 1 + extra;
  }
  firsts.forEach((f, i) => (f.at = spread(i, firsts.length)));
  for (const f of firsts) {
    const problem = PROBLEMS[Math.floor(rnd() * PROBLEMS.length)]!;
    const street = STREETS[Math.floor(rnd() * STREETS.length)]!;
    plan.push({ at: f.at, kind: "sms", phone: f.phone, body: `${problem}, ${street}, ${1 + Math.floor(rnd() * 80)}` });
    let at = f.at;
    // Short additions to the same report: the SMS intake joins them to the first request (a
    // different problem within the window would be a request of its own).
    for (let k = 0; k < f.extra; k++) {
      at += 4000 + Math.floor(rnd() * 4000);
      plan.push({ at, kind: "sms", phone: f.phone, body: k === 0 ? "Додаю: другий під'їзд, квартира 12" : "Будь ласка, приїдьте швидше" });
    }
  }
  for (let i = 0; i < webCount; i++) plan.push({ at: spread(i, webCount), kind: "web", id: i + 1 });
  for (let i = 0; i < chatCount; i++) plan.push({ at: spread(i, chatCount) * 0.8, kind: "chat", chatId: String(100_000_000 + cfg.drill * 100_000 + i + 1) });
  plan.sort((a, b) => a.at - b.at);
  return { plan, smsCount, webCount, chatCount };
}

// ───────────────────────────── running it ─────────────────────────────

export async function runLoad(cfg: LoadConfig, targets: Targets, ledger: Ledger): Promise<{ sendersDone: Promise<void>; chatsDone: Promise<void> }> {
  const { plan } = planLoad(cfg);
  const t0 = Date.now();
  const senders: Promise<void>[] = [];
  const chats: Promise<void>[] = [];
  let webSeq = 0;
  const scheduled = plan.map(
    (p) =>
      new Promise<void>((resolve) => {
        setTimeout(
          () => {
            if (p.kind === "sms") senders.push(sendSms(cfg, targets, ledger, p.phone, p.body));
            else if (p.kind === "web") senders.push(submitReport(cfg, targets, ledger, ++webSeq));
            else chats.push(new TelegramCitizen(cfg, ledger, p.chatId).run());
            resolve();
          },
          Math.max(0, t0 + p.at - Date.now()),
        );
      }),
  );
  const sendersDone = Promise.all(scheduled)
    .then(() => Promise.all(senders))
    .then(() => {
      ledger.lastSentAt = Date.now();
    });
  const chatsDone = Promise.all(scheduled).then(() => Promise.all(chats).then(() => undefined));
  return { sendersDone, chatsDone };
}

// SMS: Twilio signs the public URL and the form; one delivery per message (two at once, one
// to each web, in the duplicate drill). Twilio waits 15 s for an answer and never re-sends.
async function sendSms(cfg: LoadConfig, targets: Targets, ledger: Ledger, from: string, body: string) {
  const sid = "SM" + randomBytes(16).toString("hex");
  const params: Record<string, string> = {
    ToCountry: "UA",
    ToState: "",
    SmsMessageSid: sid,
    NumMedia: "0",
    ToCity: "",
    FromZip: "",
    SmsSid: sid,
    FromState: "",
    SmsStatus: "received",
    FromCity: "",
    Body: body,
    FromCountry: "UA",
    To: cfg.twilio.phoneNumber,
    ToZip: "",
    NumSegments: "1",
    MessageSid: sid,
    AccountSid: cfg.twilio.accountSid,
    From: from,
    ApiVersion: "2010-04-01",
  };
  const event: SmsEvent = { sid, phone: from, body, acked: false, answers: 0 };
  ledger.sms.set(sid, event);
  const path = "/webhooks/twilio/sms";
  const signature = twilio.getExpectedTwilioSignature(cfg.twilio.authToken, cfg.twilio.publicBaseUrl + path, params);
  const bases = cfg.duplicate ? targets.webs : [targets.proxy];
  await Promise.all(
    bases.map(async (base) => {
      const res = await call(base + path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature, "user-agent": "TwilioProxy/1.1" },
        body: new URLSearchParams(params).toString(),
        timeoutMs: 15_000,
      });
      const proper = res.status === 200 && /<Response[\s>/]/.test(res.text) && /xml/.test(res.contentType);
      ledger.answer({ door: "sms", at: Date.now(), status: res.status, proper });
      event.answers++;
      if (proper) event.acked = true;
    }),
  );
}

// The web form: GET /report?category=… (cookie + token + the form's idempotency key), then
// the multipart POST; a failed page is reloaded and the same form sent again, a few times.
async function submitReport(cfg: LoadConfig, targets: Targets, ledger: Ledger, id: number) {
  const form: WebForm = { id, phone: phone("63", cfg.drill, id), key: null, acked: false, answers: 0, gaveUp: false };
  ledger.web.push(form);
  let page: { cookie: string; csrf: string; key: string } | null = null;
  for (let attempt = 0; attempt < 8 && Date.now() < cfg.deadline(); attempt++) {
    if (attempt) await sleep(3000);
    if (!page) {
      const res = await call(`${targets.proxy}/report?category=${encodeURIComponent(cfg.web.categoryCode)}`, { method: "GET", timeoutMs: 30_000 });
      const cookie = /__slv_csrf=([A-Za-z0-9_-]+)/.exec(res.setCookie)?.[1];
      const csrf = /name="csrf" value="([^"]+)"/.exec(res.text)?.[1];
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(res.text)?.[1];
      const proper = (res.status === 200 && Boolean(cookie && csrf && key)) || res.status === 503;
      ledger.answer({ door: "web", at: Date.now(), status: res.status, proper });
      if (res.status !== 200 || !cookie || !csrf || !key) continue;
      page = { cookie, csrf, key };
      form.key = key;
    }
    const fd = new FormData();
    fd.set("csrf", page.csrf);
    fd.set("idempotencyKey", page.key);
    fd.set("categoryCode", cfg.web.categoryCode);
    fd.set("nearbyChecked", "1");
    fd.set("description", `${PROBLEMS[id % PROBLEMS.length]}, ${cfg.web.address}. Повідомлення з сайту №${id}.`);
    fd.set("address", cfg.web.address);
    fd.set("lat", String(cfg.web.lat + (id % 17) * 0.0003));
    fd.set("lon", String(cfg.web.lon + (id % 13) * 0.0003));
    fd.set("fullName", "Олена Коваленко");
    fd.set("phone", form.phone);
    fd.set("email", "");
    fd.set("residence", "");
    fd.set("intent", "submit");
    const bases = cfg.duplicate ? targets.webs : [targets.proxy];
    const results = await Promise.all(
      bases.map(async (base) => {
        const res = await call(`${base}/report?category=${encodeURIComponent(cfg.web.categoryCode)}`, {
          method: "POST",
          headers: { cookie: `__slv_csrf=${page!.cookie}` },
          body: fd,
          timeoutMs: 30_000,
        });
        const tracked = (res.status === 302 || res.status === 303) && /^\/track\//.test(res.location);
        ledger.answer({ door: "web", at: Date.now(), status: res.status, proper: tracked || res.status === 503 });
        form.answers++;
        return { tracked, status: res.status };
      }),
    );
    if (results.some((r) => r.tracked)) {
      form.acked = true;
      return;
    }
    // A 403 means the page's token went stale: reload the page for a fresh one, as a person would.
    if (results.some((r) => r.status === 403)) page = null;
  }
  form.gaveUp = true;
}

type CallResult = { status: number | "error" | "timeout"; text: string; contentType: string; location: string; setCookie: string };

async function call(url: string, init: { method: string; headers?: Record<string, string>; body?: string | FormData; timeoutMs: number }): Promise<CallResult> {
  try {
    const res = await fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      redirect: "manual",
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      contentType: res.headers.get("content-type") ?? "",
      location: res.headers.get("location") ?? "",
      setCookie: res.headers.getSetCookie().join("\n"),
    };
  } catch (e) {
    const name = (e as Error).name;
    return { status: name === "TimeoutError" ? "timeout" : "error", text: "", contentType: "", location: "", setCookie: "" };
  }
}

// ───────────────────────────── a Telegram citizen ─────────────────────────────

const NOTIFICATION_BUTTON = /^[riyno]:/;

/**
 * One person in a private chat with the bot: writes the problem as free text, then answers
 * whatever the bot asks (category buttons along a known path, the place as a location, no
 * photos, their own contact card, "Send"), waiting for the bot like a person would and
 * pressing again when it stays silent. Done when the bot says the request is registered.
 */
class TelegramCitizen {
  private readonly standin: TelegramStandIn;
  private readonly record: ChatRecord;
  private readonly user: { id: number; is_bot: false; first_name: string; last_name: string; language_code: string };
  private messageId = 1;
  private readonly description: string;

  constructor(
    private readonly cfg: LoadConfig,
    private readonly ledger: Ledger,
    chatId: string,
  ) {
    this.standin = cfg.telegram.standin;
    const n = Number(chatId) % 100_000;
    this.record = { chatId, phone: phone("67", cfg.drill, n), updates: [], status: "waiting" };
    ledger.chats.set(chatId, this.record);
    this.user = { id: Number(chatId), is_bot: false, first_name: "Марія", last_name: `Тест${n}`, language_code: "uk" };
    this.description = `${PROBLEMS[n % PROBLEMS.length]}, ${STREETS[n % STREETS.length]}, ${n} (Telegram)`;
  }

  async run() {
    this.record.status = "running";
    this.record.startedAt = Date.now();
    let since = this.standin.lastSeq;
    let last: () => void = () => this.sendText(this.description);
    last();
    let silent = 0;
    let idle = 0;
    while (Date.now() < this.cfg.deadline()) {
      const replies = await this.waitReplies(since);
      if (!replies.length) {
        // The bot stays silent: press again (a new update), and after a while start over.
        silent++;
        if (silent % 6 === 0) {
          last = () => this.sendText(this.description);
          this.sendText("/start");
        }
        last();
        continue;
      }
      silent = 0;
      since = Math.max(...replies.map((r) => r.seq));
      // Registered: the bot says so, or the "received" notification (a button to open the request) arrives.
      const done =
        replies.find((r) => this.cfg.telegram.texts.submitted.test(r.text)) ??
        replies.find((r) => (r.replyMarkup?.inline_keyboard ?? []).flat().some((b) => /^r:/.test(b.callback_data ?? "")));
      if (done) {
        this.record.status = "done";
        this.record.number = this.cfg.telegram.texts.submitted.exec(done.text)?.[1];
        this.record.doneAt = Date.now();
        return;
      }
      const next = this.decide(replies);
      if (!next) {
        // Nothing to act on yet ("place saved", a notice): wait for the next message, then start over.
        idle++;
        if (idle >= 2) {
          idle = 0;
          last = () => this.sendText(this.description);
          this.sendText("/start");
        }
        continue;
      }
      idle = 0;
      last = next;
      next();
    }
    this.record.status = "gave-up";
  }

  /** What a person does next, reading the newest message first. */
  private decide(replies: BotMessage[]): (() => void) | null {
    const t = this.cfg.telegram.texts;
    for (const msg of [...replies].reverse()) {
      // Read the message as it is now (a later edit may have changed its buttons).
      const now = this.standin.currentMessage(msg.chatId, msg.messageId) ?? msg;
      const data = (now.replyMarkup?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? "");
      if (data.some((d) => NOTIFICATION_BUTTON.test(d))) continue;
      if (data.includes("f:yes")) return () => this.press(now, "f:yes");
      if (now.replyMarkup?.keyboard?.some((row) => row.some((b) => b.request_contact))) return () => this.sendContact();
      if (data.includes("p:done")) return () => this.press(now, "p:done");
      if (data.includes("l:skip") || now.text === t.locationAsk) return () => this.sendLocation();
      const categories = data.filter((d) => d.startsWith("c:") && d !== "c:up");
      if (categories.length) {
        const path = this.cfg.telegram.categoryPath;
        const best = [...path].reverse().find((id) => categories.includes(`c:${id}`));
        const choice = best ? `c:${best}` : categories[0]!;
        return () => this.press(now, choice);
      }
      if (now.text === t.descriptionAsk) return () => this.sendText(this.description);
      if (now.text === t.askName) return () => this.sendText("Коваленко Марія Іванівна");
      if (now.text === t.askResidence) return () => this.sendText("м. Слов'янськ, вул. Шевченка, 1");
      if (data.includes("m:new")) return () => this.sendText(this.description);
    }
    return null;
  }

  /** The bot's messages after `since`: waits for the first, then for a short quiet. */
  private async waitReplies(since: number): Promise<BotMessage[]> {
    const until = Math.min(Date.now() + this.cfg.replyTimeoutMs, this.cfg.deadline());
    let count = 0;
    let quietSince = 0;
    while (Date.now() < until) {
      const got = this.standin.messagesFor(this.record.chatId, since);
      if (got.length !== count) {
        count = got.length;
        quietSince = Date.now();
      }
      if (count && Date.now() - quietSince >= 400) return got;
      await sleep(100);
    }
    return this.standin.messagesFor(this.record.chatId, since);
  }

  private chat() {
    return { id: this.user.id, type: "private", first_name: this.user.first_name, last_name: this.user.last_name };
  }

  private push(build: (updateId: number) => Update) {
    const u = this.standin.enqueue(build);
    this.record.updates.push(u.update_id);
  }

  private message(extra: Record<string, unknown>) {
    this.push((update_id) => ({
      update_id,
      message: { message_id: ++this.messageId, from: this.user, chat: this.chat(), date: Math.floor(Date.now() / 1000), ...extra },
    }));
  }

  private sendText(text: string) {
    this.message(text.startsWith("/") ? { text, entities: [{ offset: 0, length: text.length, type: "bot_command" }] } : { text });
  }

  private sendContact() {
    this.message({
      contact: { phone_number: this.record.phone.slice(1), first_name: this.user.first_name, last_name: this.user.last_name, user_id: this.user.id },
    });
  }

  private sendLocation() {
    const n = Number(this.record.chatId) % 100;
    this.message({ location: { latitude: this.cfg.telegram.lat + n * 0.0002, longitude: this.cfg.telegram.lon + n * 0.0002 } });
  }

  private press(msg: BotMessage, data: string) {
    this.push((update_id) => ({
      update_id,
      callback_query: {
        id: String(BigInt(this.user.id) * 1000n + BigInt(update_id % 1000)),
        from: this.user,
        message: {
          message_id: msg.messageId,
          from: { id: 7000000001, is_bot: true, first_name: "Слов'янськ 15-80", username: "slv_1580_bot" },
          chat: this.chat(),
          date: Math.floor(msg.at / 1000),
          text: msg.text,
          ...(msg.replyMarkup?.inline_keyboard ? { reply_markup: { inline_keyboard: msg.replyMarkup.inline_keyboard } } : {}),
        },
        chat_instance: `-${this.user.id}${randomUUID().slice(0, 4).replace(/\D/g, "1")}`,
        data,
      },
    }));
  }
}
