// The Telegram bot: telegraf receives updates (long polling or handleUpdate) and hands each
// one to the core. Every rule (recording the update once, the conversation, requests)
// lives in app/domain/telegram; replies go through the integration's Bot API client.
import { Telegraf } from "telegraf";
import type { UserFromGetMe } from "telegraf/types";
import { handleTelegramUpdate } from "#app/channels/telegram/handle-telegram-update.server.ts";
import { registerTelegramChannel } from "#app/channels/telegram/register-telegram-channel.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";

const log = createLogger("bot");

export function createTelegramBot(options: {
  token: string;
  apiRoot?: string;
  /** Preset in tests (no getMe call); fetched at launch otherwise. */
  botInfo?: UserFromGetMe;
  /** Tests want failures loud; the running bot logs them and keeps polling. */
  rethrow?: boolean;
}) {
  const bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot ?? "https://api.telegram.org" } });
  if (options.botInfo) bot.botInfo = options.botInfo;
  // The same handler the intake worker uses for webhook deliveries and re-drives.
  registerTelegramChannel({ token: options.token, apiRoot: options.apiRoot });
  bot.use(async (ctx) => {
    await handleTelegramUpdate({ update: ctx.update });
  });
  bot.catch((err, ctx) => {
    // The update stays recorded and unprocessed; the re-drive sweeper brings it back.
    log.error("update failed", { updateId: ctx.update.update_id, error: err instanceof Error ? err.name : "unknown" });
    if (options.rethrow) throw err;
  });
  return bot;
}
