// One recorded Telegram update, acted on once: the chat's lock, the dedupe on the inbound
// event, the chat's state around the turn, and the turn itself (a message or a button).
// The conversation's steps live in ./conversation.
import { TelegramUpdateSchema, type TelegramUpdate } from "#integrations/telegram/schemas.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createLogger, describeError } from "#app/utils/logger.server.ts";
import { cleanText } from "#app/utils/text.ts";
import { AppError } from "#app/utils/errors.ts";
import { t, toLang } from "#app/utils/i18n.server.ts";
import { getChatState, saveChatState, type ChatState } from "./conversation-state.server.ts";
import { onCallback } from "./conversation/on-callback.server.ts";
import { onMessage } from "./conversation/on-message.server.ts";
import type { TelegramReplier, Turn, TurnResult } from "./conversation/turn.ts";
import { splitTelegramText } from "./message-length.ts";
import { telegramKey, withTelegramLock } from "./telegram-redis.server.ts";

export type { TelegramReplier } from "./conversation/turn.ts";

const log = createLogger("bot");

/** The chat an update belongs to; updates without one (channel posts, polls) are ignored. */
export function chatIdOf(update: TelegramUpdate): string | null {
  const id = update.message?.chat.id ?? update.edited_message?.chat.id ?? update.callback_query?.message?.chat.id ?? update.callback_query?.from.id;
  return id === undefined ? null : String(id);
}

/**
 * Acts on one recorded Telegram update: the citizen's conversation, one step. Updates of
 * one chat run one at a time across processes (Redis lock), and an update already acted
 * on (by the bot or by the intake worker) is skipped, so nothing happens twice.
 */
export async function processTelegramUpdate(options: { inboundEventId: string; update: unknown; api: TelegramReplier }) {
  const update = TelegramUpdateSchema.parse(options.update);
  const chatId = chatIdOf(update);
  if (!chatId) return { requestId: null };
  const db = getDb();
  const locked = await withTelegramLock({
    key: telegramKey("lock", chatId),
    fn: async () => {
      const event = await db.inboundEvent.findUnique({ where: { id: options.inboundEventId }, select: { processedAt: true, requestId: true } });
      if (event?.processedAt) return { requestId: event.requestId };
      await actOnEarlierUpdates({ chatId, update, api: options.api });
      const requestId = await converse({ update, chatId, api: options.api });
      // Marked here, under the lock, so a second runner that waited for it sees it done.
      await db.inboundEvent.update({ where: { id: options.inboundEventId }, data: { processedAt: new Date(), requestId: requestId ?? null } });
      return { requestId: requestId ?? null };
    },
  });
  if (!locked) throw new AppError("UNAVAILABLE", "errors:telegram.chatBusy");
  return locked.value;
}

/** How far back a chat's earlier updates are looked for (older ones are the re-drive's). */
const EARLIER_UPDATES_WINDOW_MS = 15 * 60_000;

/**
 * A webhook's updates are acted on by several intake jobs at once, and the chat's lock
 * does not say which job gets it first. Telegram numbers a chat's updates in the order the
 * citizen sent them: any earlier one of this chat that is recorded but not yet acted on
 * (not one that already failed: that is the re-drive's) is acted on first, so the second
 * half of a long text, or the words after a photo, never overtake what came before them.
 */
async function actOnEarlierUpdates(options: { chatId: string; update: TelegramUpdate; api: TelegramReplier }) {
  const db = getDb();
  const chat = Number(options.chatId);
  const pending = await db.inboundEvent.findMany({
    where: {
      channel: "TELEGRAM",
      processedAt: null,
      lastError: null,
      receivedAt: { gte: new Date(Date.now() - EARLIER_UPDATES_WINDOW_MS) },
      OR: [
        { payload: { path: ["message", "chat", "id"], equals: chat } },
        { payload: { path: ["edited_message", "chat", "id"], equals: chat } },
        { payload: { path: ["callback_query", "message", "chat", "id"], equals: chat } },
        { payload: { path: ["callback_query", "from", "id"], equals: chat } },
      ],
    },
    select: { id: true, payload: true },
  });
  const earlier = pending
    .map((e) => ({ id: e.id, parsed: TelegramUpdateSchema.safeParse(e.payload) }))
    .flatMap((e) => (e.parsed.success ? [{ id: e.id, update: e.parsed.data }] : []))
    .filter((e) => e.update.update_id < options.update.update_id && chatIdOf(e.update) === options.chatId)
    .sort((a, b) => a.update.update_id - b.update.update_id);
  for (const e of earlier) {
    try {
      const requestId = await converse({ update: e.update, chatId: options.chatId, api: options.api });
      await db.inboundEvent.update({ where: { id: e.id }, data: { processedAt: new Date(), requestId: requestId ?? null } });
    } catch (err) {
      // Left to its own job and the re-drive; the update in hand still gets its answer.
      log.warn("earlier telegram update failed; left for a retry", { updateId: e.update.update_id, ...describeError(err) });
      await db.inboundEvent.update({ where: { id: e.id }, data: { lastError: cleanText(String((err as Error)?.message ?? err)).slice(0, 500) } });
    }
  }
}

async function converse(options: { update: TelegramUpdate; chatId: string; api: TelegramReplier }): Promise<TurnResult> {
  const { update, chatId, api } = options;
  const from = update.message?.from ?? update.callback_query?.from ?? update.edited_message?.from;
  const state: ChatState = (await getChatState({ chatId })) ?? { lang: toLang(from?.language_code), step: "idle" };
  const turn: Turn = {
    api,
    chatId,
    updateId: update.update_id,
    state,
    get lang() {
      return state.lang;
    },
    // Telegram takes at most 4,096 characters a message: a longer answer (a long description
    // read back for confirmation) goes as several, the buttons on the last one.
    reply: async (text, markup) => {
      const parts = splitTelegramText(text);
      for (const [i, part] of parts.entries()) await api.sendMessage({ chatId, text: part, replyMarkup: i === parts.length - 1 ? markup : undefined });
    },
  };
  try {
    if (update.callback_query) return await onCallback(turn, update.callback_query);
    if (update.edited_message) return void (await turn.reply(t(turn.lang, "telegram:edited")));
    if (update.message) return await onMessage(turn, update.message);
  } finally {
    await saveChatState({ chatId, state });
  }
}
