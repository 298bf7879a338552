// A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api), enough for
// the bot and the notifications worker: getMe, getUpdates (long polling with offsets, as
// Telegram keeps an update until a later offset confirms it), setWebhook/deleteWebhook (in
// webhook mode it posts updates to the web with the secret header and retries until a 2xx,
// as Telegram does), sendMessage, editMessageText, answerCallbackQuery, getFile. It can be
// taken down (the port refuses connections) and brought back, and records every message
// the bot sends, per chat, so the drills can count notifications and the simulated
// citizens can read the bot's answers.
import { EventEmitter } from "node:events";
import http from "node:http";
import type net from "node:net";

export const BOT_INFO = {
  id: 7000000001,
  is_bot: true,
  first_name: "Слов'янськ 15-80",
  username: "slv_1580_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

export type InlineButton = { text: string; callback_data?: string };
export type ReplyMarkup = { inline_keyboard?: InlineButton[][]; keyboard?: { text: string; request_contact?: boolean }[][]; remove_keyboard?: boolean };

export type BotMessage = {
  chatId: string;
  messageId: number;
  text: string;
  replyMarkup?: ReplyMarkup;
  /** Bumped on every send or edit, so a reader can ask for what is new since a point. */
  seq: number;
  at: number;
  method: "sendMessage" | "editMessageText";
};

export type Update = { update_id: number; [k: string]: unknown };

type PendingPoll = { res: http.ServerResponse; offset: number; limit: number; timer: NodeJS.Timeout };

export class TelegramStandIn extends EventEmitter {
  private server: http.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private queue: Update[] = [];
  private nextUpdateId = 400_000_000 + Math.floor(Math.random() * 1_000_000);
  private nextMessageId = 5000;
  private seq = 0;
  private poll: PendingPoll | undefined;
  private webhook: { url: string; secret: string | undefined } | null = null;
  private pushing = new Map<number, string>();
  private pushTimer: NodeJS.Timeout | undefined;
  /** When each update was confirmed (getUpdates offset moved past it, or the webhook answered 2xx). */
  readonly acked = new Map<number, number>();
  /** Every update citizens sent, in order. */
  readonly history: { update: Update; at: number }[] = [];
  /** Every message the bot sent (and its edits), in order. */
  readonly log: BotMessage[] = [];
  private readonly current = new Map<string, BotMessage>();
  private readonly byChat = new Map<string, BotMessage[]>();
  /** Drill 6: each update is handed out once more after it was confirmed / pushed to every target at once. */
  duplicateDelivery: { webhookTargets: string[] } | null = null;
  private readonly redeliver: Update[] = [];
  private readonly redelivered = new Set<number>();
  readonly stats = { getUpdates: 0, conflicts: 0, pushes: 0, pushFailures: 0, sendMessage: 0 };

  constructor(
    readonly port: number,
    private readonly token: string,
  ) {
    super();
    this.setMaxListeners(0);
  }

  get isUp() {
    return Boolean(this.server);
  }

  get mode(): "polling" | "webhook" {
    return this.webhook ? "webhook" : "polling";
  }

  async up() {
    if (this.server) return;
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.schedulePush(0);
  }

  /** Unreachable: the port refuses connections, open ones (a long poll in flight) are cut. */
  async down() {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    if (this.poll) clearTimeout(this.poll.timer);
    this.poll = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }

  /** A citizen's action reaches Telegram: it waits for the bot (queue or webhook push). */
  enqueue(build: (updateId: number) => Update): Update {
    const update = build(this.nextUpdateId++);
    this.history.push({ update, at: Date.now() });
    this.queue.push(update);
    this.flushPoll();
    this.schedulePush(0);
    return update;
  }

  pendingCount() {
    return this.queue.length;
  }

  messagesFor(chatId: string, sinceSeq = 0): BotMessage[] {
    return (this.byChat.get(chatId) ?? []).filter((m) => m.seq > sinceSeq);
  }

  currentMessage(chatId: string, messageId: number): BotMessage | undefined {
    return this.current.get(`${chatId}:${messageId}`);
  }

  get lastSeq() {
    return this.seq;
  }

  private confirmBelow(offset: number) {
    const now = Date.now();
    const kept: Update[] = [];
    for (const u of this.queue) {
      if (u.update_id < offset) {
        if (!this.acked.has(u.update_id)) this.acked.set(u.update_id, now);
        if (this.duplicateDelivery && !this.redelivered.has(u.update_id)) {
          this.redelivered.add(u.update_id);
          this.redeliver.push(u);
        }
      } else kept.push(u);
    }
    this.queue = kept;
  }

  private batch(offset: number, limit: number): Update[] {
    const fresh = this.queue.filter((u) => u.update_id >= offset);
    const again = this.redeliver.splice(0, this.redeliver.length);
    return [...again, ...fresh].slice(0, limit);
  }

  private flushPoll() {
    const p = this.poll;
    if (!p) return;
    const updates = this.batch(p.offset, p.limit);
    if (!updates.length) return;
    clearTimeout(p.timer);
    this.poll = undefined;
    ok(p.res, updates);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    const body = await readBody(req);
    if (!m) return fail(res, 404, "Not Found");
    if (m[1] !== this.token) return fail(res, 401, "Unauthorized");
    const method = m[2]!;
    let params: Record<string, unknown>;
    try {
      const type = req.headers["content-type"] ?? "";
      params = type.includes("json") ? (JSON.parse(body || "{}") as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(body));
    } catch {
      return fail(res, 400, "Bad Request: can't parse JSON object");
    }
    switch (method) {
      case "getMe":
        return ok(res, BOT_INFO);
      case "getUpdates":
        return this.getUpdates(res, params);
      case "setWebhook": {
        const url = typeof params.url === "string" ? params.url : "";
        if (!url) {
          this.webhook = null;
          return ok(res, true, "Webhook was deleted");
        }
        this.webhook = { url, secret: typeof params.secret_token === "string" ? params.secret_token : undefined };
        if (params.drop_pending_updates === true || params.drop_pending_updates === "true") this.queue = [];
        if (this.poll) {
          clearTimeout(this.poll.timer);
          fail(this.poll.res, 409, "Conflict: terminated by setWebhook request");
          this.poll = undefined;
        }
        this.schedulePush(0);
        return ok(res, true, "Webhook was set");
      }
      case "deleteWebhook":
        this.webhook = null;
        if (params.drop_pending_updates === true || params.drop_pending_updates === "true") this.queue = [];
        return ok(res, true, "Webhook was deleted");
      case "getWebhookInfo":
        return ok(res, { url: this.webhook?.url ?? "", has_custom_certificate: false, pending_update_count: this.queue.length });
      case "sendMessage":
        this.stats.sendMessage++;
        return this.record(res, "sendMessage", params);
      case "editMessageText":
        return this.record(res, "editMessageText", params);
      case "answerCallbackQuery":
      case "sendChatAction":
      case "setMyCommands":
      case "deleteMyCommands":
      case "setChatMenuButton":
      case "deleteMessage":
        return ok(res, true);
      case "getFile":
        return ok(res, {
          file_id: String(params.file_id ?? ""),
          file_unique_id: `u-${String(params.file_id ?? "").slice(-8)}`,
          file_size: 23145,
          file_path: `photos/file_${this.nextMessageId}.jpg`,
        });
      default:
        return fail(res, 404, "Not Found");
    }
  }

  private getUpdates(res: http.ServerResponse, params: Record<string, unknown>) {
    this.stats.getUpdates++;
    if (this.webhook) return fail(res, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(params.offset ?? 0) || 0;
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100) || 100));
    const timeout = Math.min(50, Math.max(0, Number(params.timeout ?? 0) || 0));
    if (offset > 0) this.confirmBelow(offset);
    if (this.poll) {
      // Telegram lets one getUpdates run at a time: the older one is told so.
      this.stats.conflicts++;
      clearTimeout(this.poll.timer);
      fail(this.poll.res, 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
      this.poll = undefined;
    }
    const now = this.batch(offset, limit);
    if (now.length || timeout === 0) return ok(res, now);
    const poll: PendingPoll = {
      res,
      offset,
      limit,
      timer: setTimeout(() => {
        if (this.poll === poll) this.poll = undefined;
        ok(res, []);
      }, timeout * 1000),
    };
    res.on("close", () => {
      if (this.poll === poll) {
        clearTimeout(poll.timer);
        this.poll = undefined;
      }
    });
    this.poll = poll;
  }

  private record(res: http.ServerResponse, method: "sendMessage" | "editMessageText", params: Record<string, unknown>) {
    const chatId = String(params.chat_id ?? "");
    const text = typeof params.text === "string" ? params.text : "";
    if (!chatId) return fail(res, 400, "Bad Request: chat_id is empty");
    if (!text) return fail(res, 400, "Bad Request: message text is empty");
    let markup: ReplyMarkup | undefined;
    try {
      markup = typeof params.reply_markup === "string" ? (JSON.parse(params.reply_markup) as ReplyMarkup) : (params.reply_markup as ReplyMarkup | undefined);
    } catch {
      return fail(res, 400, "Bad Request: can't parse reply keyboard markup JSON object");
    }
    const messageId = method === "sendMessage" ? ++this.nextMessageId : Number(params.message_id);
    if (method === "editMessageText" && !this.current.has(`${chatId}:${messageId}`)) return fail(res, 400, "Bad Request: message to edit not found");
    const msg: BotMessage = { chatId, messageId, text, replyMarkup: markup, seq: ++this.seq, at: Date.now(), method };
    this.log.push(msg);
    this.byChat.set(chatId, [...(this.byChat.get(chatId) ?? []), msg]);
    this.current.set(`${chatId}:${messageId}`, msg);
    this.emit("message", msg);
    const date = Math.floor(Date.now() / 1000);
    return ok(res, {
      message_id: messageId,
      from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username },
      chat: { id: Number(chatId), type: "private" },
      date,
      ...(method === "editMessageText" ? { edit_date: date } : {}),
      text,
      ...(markup?.inline_keyboard ? { reply_markup: { inline_keyboard: markup.inline_keyboard } } : {}),
    });
  }

  // Webhook mode: updates go out in order, a few at a time; a failed one is retried with backoff.
  private schedulePush(ms: number) {
    if (this.pushTimer || !this.webhook) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      void this.push();
    }, ms);
  }

  private async push() {
    const hook = this.webhook;
    if (!hook || !this.server) return;
    // Several connections at once, but one chat's updates one after another, in order.
    const busyChats = new Set([...this.pushing.values()]);
    const due: Update[] = [];
    for (const u of this.queue) {
      const chat = chatOf(u);
      if (this.pushing.has(u.update_id) || busyChats.has(chat)) {
        busyChats.add(chat);
        continue;
      }
      busyChats.add(chat);
      due.push(u);
    }
    for (const u of due.slice(0, Math.max(0, 8 - this.pushing.size))) {
      this.pushing.set(u.update_id, chatOf(u));
      void this.deliver(hook, u).finally(() => this.pushing.delete(u.update_id));
    }
  }

  private async deliver(hook: { url: string; secret: string | undefined }, u: Update) {
    let wait = 1000;
    while (this.webhook && this.server) {
      const targets = this.duplicateDelivery?.webhookTargets.length
        ? this.duplicateDelivery.webhookTargets.map((base) => base + new URL(hook.url).pathname)
        : [hook.url];
      this.stats.pushes += targets.length;
      const results = await Promise.all(
        targets.map((url) =>
          fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", ...(hook.secret ? { "x-telegram-bot-api-secret-token": hook.secret } : {}) },
            body: JSON.stringify(u),
            signal: AbortSignal.timeout(30_000),
          }).then(
            async (r) => {
              await r.arrayBuffer().catch(() => undefined);
              return r.status >= 200 && r.status < 300;
            },
            () => false,
          ),
        ),
      );
      if (results.some(Boolean)) {
        this.acked.set(u.update_id, Date.now());
        this.queue = this.queue.filter((q) => q.update_id !== u.update_id);
        this.schedulePush(0);
        return;
      }
      this.stats.pushFailures++;
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 10_000);
    }
  }
}

function chatOf(u: Update): string {
  const x = u as { message?: { chat?: { id?: unknown } }; callback_query?: { from?: { id?: unknown } } };
  return String(x.message?.chat?.id ?? x.callback_query?.from?.id ?? `update:${u.update_id}`);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(""));
  });
}

function ok(res: http.ServerResponse, result: unknown, description?: string) {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ ok: true, result, ...(description ? { description } : {}) }));
}

function fail(res: http.ServerResponse, code: number, description: string) {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(code, { "content-type": "application/json" });
  res.end(JSON.stringify({ ok: false, error_code: code, description }));
}
