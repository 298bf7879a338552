import type { TelegramClient } from "#integrations/telegram/client.ts";
import type { ReplyMarkup } from "#integrations/telegram/schemas.ts";
import type { Lang } from "#app/utils/i18n.ts";
import type { ChatState } from "../conversation-state.server.ts";

/** What the conversation needs from the Bot API (the integration client fits; tests use it too). */
export type TelegramReplier = Pick<TelegramClient, "sendMessage" | "editMessageText" | "answerCallbackQuery" | "getFile">;

/**
 * One update's turn in a chat: the chat's state (saved after the turn), its language, and
 * how to answer. A step returns the id of the request it touched, if any (kept on the
 * inbound event), or nothing.
 */
export type Turn = {
  api: TelegramReplier;
  chatId: string;
  updateId: number;
  state: ChatState;
  lang: Lang;
  reply: (text: string, markup?: ReplyMarkup) => Promise<void>;
  /** Set when this turn added the message to one of the chat's requests (so what follows it can go there too). */
  addedToRequestId?: string;
};

export type TurnResult = string | null | void;
