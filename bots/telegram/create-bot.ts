// The Telegram bot: our Bot API client receives updates (long polling, see poll-updates.ts;
// tests call handleUpdate) and hands each one to the Telegram door. Every rule (recording
// the update once, the conversation, requests) lives in app/channels/telegram and the
// core; replies go through the same client. (One Telegram stack: docs/decisions/010.)
import { createTelegramClient, type TelegramClient } from "#integrations/telegram/client.ts";
import type { TelegramBotInfo } from "#integrations/telegram/schemas.ts";
import { handleTelegramUpdate } from "#app/channels/telegram/handle-telegram-update.server.ts";
import { registerTelegramChannel } from "#app/channels/telegram/register-telegram-channel.server.ts";
import { createLogger, describeError, type Logger } from "#app/utils/logger.server.ts";
import { pollUpdates } from "./poll-updates.ts";
import { callUntilOk, logTelegramFailure, TELEGRAM_BACKOFF, type Backoff, type FailureReport } from "./retry.ts";

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"];

export type LaunchOptions = {
  /** Called once Telegram answered getMe and any webhook is removed: polling starts. */
  onStarted?: () => void;
  /** Every failed call (it is retried) and every answered getUpdates. */
  onFailure?: (f: FailureReport) => void;
  onPolling?: () => void;
  backoff?: Partial<Backoff>;
};

export type TelegramBot = {
  /** The bot's account: preset, or fetched by launch(). */
  botInfo: TelegramBotInfo | undefined;
  /** One update, as Telegram sent it: recorded once by update_id, then acted on. */
  handleUpdate(update: unknown): Promise<void>;
  /**
   * Long polling until stop(), then resolves. Removes a webhook first. Telegram being away
   * or refusing the bot never ends it: every call is retried (retry.ts).
   */
  launch(options?: LaunchOptions): Promise<void>;
  /** Stops fetching; the updates in hand finish first. */
  stop(): void;
};

export function createTelegramBot(options: {
  token: string;
  apiRoot?: string;
  /** Preset in tests (no getMe call); fetched at launch otherwise. */
  botInfo?: TelegramBotInfo;
  /** Tests want failures loud; the running bot logs them and keeps polling. */
  rethrow?: boolean;
  client?: TelegramClient;
  log?: Logger;
}): TelegramBot {
  const log = options.log ?? createLogger("bot");
  const client = options.client ?? createTelegramClient({ token: options.token, apiRoot: options.apiRoot });
  // The same handler the intake worker uses for webhook deliveries and re-drives.
  registerTelegramChannel({ token: options.token, apiRoot: options.apiRoot, client });
  const stopper = new AbortController();

  const bot: TelegramBot = {
    botInfo: options.botInfo,
    async handleUpdate(update) {
      try {
        await handleTelegramUpdate({ update });
      } catch (err) {
        // The update stays recorded and unprocessed; the re-drive sweeper brings it back.
        const updateId = (update as { update_id?: unknown } | null)?.update_id;
        log.error("update failed", { updateId: typeof updateId === "number" ? updateId : undefined, ...describeError(err) });
        if (options.rethrow) throw err;
      }
    },
    async launch(o = {}) {
      const backoff = { ...TELEGRAM_BACKOFF, ...o.backoff };
      const onFailure = (f: FailureReport) => {
        logTelegramFailure(log, f.method, f.error, f.waitMs, f.failures);
        o.onFailure?.(f);
      };
      const retrying = { signal: stopper.signal, backoff, onFailure };
      bot.botInfo ??= await callUntilOk("getMe", () => client.getMe(), retrying);
      if (stopper.signal.aborted) return;
      await callUntilOk("deleteWebhook", () => client.deleteWebhook(), retrying);
      if (stopper.signal.aborted) return;
      o.onStarted?.();
      await pollUpdates({
        client,
        handle: (u) => bot.handleUpdate(u),
        allowedUpdates: ALLOWED_UPDATES,
        signal: stopper.signal,
        backoff,
        onError: (error, waitMs, failures) => onFailure({ method: "getUpdates", error, waitMs, failures }),
        onSuccess: o.onPolling,
      });
    },
    stop() {
      stopper.abort();
    },
  };
  return bot;
}
