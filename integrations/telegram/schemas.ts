// The parts of Telegram's Bot API wire format this project reads (https://core.telegram.org/bots/api).
// Unknown fields pass through: Telegram adds fields often and we must not reject updates for it.
import { z } from "zod";

export const TelegramUserSchema = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

export const TelegramChatSchema = z.looseObject({ id: z.number().int(), type: z.string() });

export const PhotoSizeSchema = z.looseObject({
  file_id: z.string(),
  file_unique_id: z.string(),
  width: z.number(),
  height: z.number(),
  file_size: z.number().optional(),
});

export const TelegramMessageSchema = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  edit_date: z.number().int().optional(),
  chat: TelegramChatSchema,
  from: TelegramUserSchema.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  photo: z.array(PhotoSizeSchema).optional(),
  contact: z
    .looseObject({
      phone_number: z.string(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      user_id: z.number().int().optional(),
    })
    .optional(),
  voice: z
    .looseObject({
      file_id: z.string(),
      file_unique_id: z.string(),
      duration: z.number(),
      mime_type: z.string().optional(),
      file_size: z.number().optional(),
    })
    .optional(),
});

export const CallbackQuerySchema = z.looseObject({
  id: z.string(),
  from: TelegramUserSchema,
  message: TelegramMessageSchema.optional(),
  data: z.string().optional(),
});

export const TelegramUpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: TelegramMessageSchema.optional(),
  edited_message: TelegramMessageSchema.optional(),
  callback_query: CallbackQuerySchema.optional(),
});

export type TelegramUser = z.infer<typeof TelegramUserSchema>;
export type TelegramMessage = z.infer<typeof TelegramMessageSchema>;
export type TelegramCallbackQuery = z.infer<typeof CallbackQuerySchema>;
export type TelegramUpdate = z.infer<typeof TelegramUpdateSchema>;

export type InlineButton = { text: string; callback_data: string };
export type InlineKeyboard = { inline_keyboard: InlineButton[][] };
export type ReplyKeyboard = {
  keyboard: { text: string; request_contact?: boolean; request_location?: boolean }[][];
  resize_keyboard?: boolean;
  one_time_keyboard?: boolean;
};
export type ReplyMarkup = InlineKeyboard | ReplyKeyboard | { remove_keyboard: true };

/** The answer envelope of every Bot API method. */
export const ApiResponseSchema = z.looseObject({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().optional(),
  description: z.string().optional(),
  parameters: z.looseObject({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).optional(),
});

export const SentMessageSchema = z.looseObject({ message_id: z.number().int(), chat: TelegramChatSchema });
export const FileSchema = z.looseObject({
  file_id: z.string(),
  file_unique_id: z.string(),
  file_size: z.number().optional(),
  file_path: z.string().optional(),
});
export type TelegramFile = z.infer<typeof FileSchema>;

/** getMe: the bot's own account. */
export const BotInfoSchema = z.looseObject({ id: z.number().int(), is_bot: z.boolean(), first_name: z.string(), username: z.string().optional() });
export type TelegramBotInfo = z.infer<typeof BotInfoSchema>;

/** An update from getUpdates as Telegram sent it: only update_id is checked, the rest is kept as is. */
export const RawUpdateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });
export type RawUpdate = z.infer<typeof RawUpdateSchema>;
