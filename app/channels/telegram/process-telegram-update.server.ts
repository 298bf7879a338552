// One recorded Telegram update, acted on once: the chat's lock, the dedupe on the inbound
// event, the chat's state around the turn, and the turn itself (a message or a button).
// The conversation's steps live in ./conversation.
import { TelegramUpdateSchema, type TelegramUpdate } from "#integrations/telegram/schemas.ts";
import { getDb } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { t, toLang } from "#app/utils/i18n.server.ts";
import { getChatState, saveChatState, type ChatState } from "./conversation-state.server.ts";
import { onCallback } from "./conversation/on-callback.server.ts";
import { onMessage } from "./conversation/on-message.server.ts";
import type { TelegramReplier, Turn, TurnResult } from "./conversation/turn.ts";
import { splitTelegramText } from "./message-length.ts";
import { telegramKey, withTelegramLock } from "./telegram-redis.server.ts";

export type { TelegramReplier } from "./conversation/turn.ts";

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
      const requestId = await converse({ update, chatId, api: options.api });
      // Marked here, under the lock, so a second runner that waited for it sees it done.
      await db.inboundEvent.update({ where: { id: options.inboundEventId }, data: { processedAt: new Date(), requestId: requestId ?? null } });
      return { requestId: requestId ?? null };
    },
  });
  if (!locked) throw new AppError("UNAVAILABLE", "errors:telegram.chatBusy");
  return locked.value;
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
