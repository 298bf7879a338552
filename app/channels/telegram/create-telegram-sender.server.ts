import type { TelegramClient } from "#integrations/telegram/client.ts";
import { isTelegramApiError } from "#integrations/telegram/errors.ts";
import type { InlineKeyboard } from "#integrations/telegram/schemas.ts";
import { PermanentSendError, RetryableSendError, SEND_TIMEOUT_MS, UncertainSendError, type Sender } from "#app/domain/notifications/senders.server.ts";
import { shortTrackingUrl } from "#app/domain/tracking/short-tracking-link.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t, toLang } from "#app/utils/i18n.server.ts";
import { btn, CB, inline } from "./keyboards.ts";
import { shortenTelegramText, TELEGRAM_TEXT_LIMIT } from "./message-length.ts";
import { getTelegramRedis, telegramKey } from "./telegram-redis.server.ts";

/** Telegram asks for about one message a second per chat. */
const PER_CHAT_GAP_MS = 1000;
/** Wait in-process for a short gap; a longer one goes back to the queue. */
const MAX_WAIT_MS = 3000;

/**
 * The notifications worker's Telegram sender: address = chat id. A 403 (user blocked the
 * bot) is permanent and marks the identity; a 429 comes back with Telegram's retry_after.
 * Notifications about a question or a resolution carry buttons to answer or confirm.
 * The Bot API cannot be asked whether a message went out, so a call that got no answer is
 * UncertainSendError (never sent again); only a failure to connect at all is retried.
 */
export function createTelegramSender(options: { client: TelegramClient }): Sender {
  return {
    channel: "TELEGRAM",
    // Pacing and the buttons come before the attempt is recorded: nothing has been sent yet.
    async prepare(msg) {
      await paceChat(msg.address);
      return notificationExtras(msg.notificationId);
    },
    async send(msg) {
      const { replyMarkup, linkLine } = (msg.prepared as Prepared | undefined) ?? {};
      // One notification is one message: a text over Telegram's limit is shortened, and ends
      // with the request's tracking link, where all of it can be read.
      const text = shortenTelegramText(msg.text.length > TELEGRAM_TEXT_LIMIT && linkLine ? `${msg.text}\n${linkLine}` : msg.text);
      let sent;
      try {
        sent = await options.client.sendMessage({ chatId: msg.address, text, replyMarkup, timeoutMs: SEND_TIMEOUT_MS });
      } catch (e) {
        if (!isTelegramApiError(e)) throw new UncertainSendError(`sendMessage: ${(e as Error).name}`);
        if (e.kind === "blocked") throw new PermanentSendError("blocked", e.message);
        if (e.kind === "rate-limited") throw new RetryableSendError(e.message, e.retryAfterMs);
        if (e.kind === "bad-request") throw new PermanentSendError(/chat not found/i.test(e.message) ? "invalid-address" : "other", e.message);
        if (e.uncertain) throw new UncertainSendError(e.message);
        throw new RetryableSendError(e.message);
      }
      // Telegram message ids are unique only within a chat.
      return { externalId: `${sent.chatId}-${sent.messageId}` };
    },
  };
}

// A Redis key with PX marks the chat busy for a second, across every worker process.
async function paceChat(chatId: string) {
  const redis = getTelegramRedis();
  const key = telegramKey("pace", chatId);
  const started = Date.now();
  for (;;) {
    if ((await redis.set(key, "1", "PX", PER_CHAT_GAP_MS, "NX")) === "OK") return;
    const ttl = await redis.pttl(key);
    if (Date.now() - started + ttl > MAX_WAIT_MS) throw new RetryableSendError("per-chat pacing", Math.max(ttl, 100));
    await new Promise((r) => setTimeout(r, Math.max(ttl, 20)));
  }
}

type Prepared = { replyMarkup?: InlineKeyboard; linkLine?: string };

/** The buttons of a notification about a request, and the line with its tracking link (for a text that must be shortened). */
async function notificationExtras(notificationId: string): Promise<Prepared> {
  const n = await getDb().notification.findUnique({
    where: { id: notificationId },
    select: { template: true, requestId: true, citizen: { select: { language: true } }, request: { select: { number: true } } },
  });
  if (!n?.requestId) return {};
  const lang = toLang(n.citizen?.language);
  const link = n.request ? shortTrackingUrl({ requestId: n.requestId, number: n.request.number }) : null;
  const linkLine = link ? t(lang, "notifications:link", { link }) : undefined;
  if (n.template === "question") return { replyMarkup: inline([[btn(t(lang, "telegram:notify.answer"), CB.addInfo(n.requestId))]]), linkLine };
  if (n.template === "resolved")
    return {
      replyMarkup: inline([
        [btn(t(lang, "telegram:my.resolvedYes"), CB.resolvedYes(n.requestId)), btn(t(lang, "telegram:my.resolvedNo"), CB.resolvedNo(n.requestId))],
      ]),
      linkLine,
    };
  return { replyMarkup: inline([[btn(t(lang, "telegram:notify.open"), CB.open(n.requestId))]]), linkLine };
}
