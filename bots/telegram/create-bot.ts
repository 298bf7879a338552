// The Telegram bot: our Bot API client receives updates (long polling, see poll-updates.ts;
// tests call handleUpdate) and hands each one to the Telegram door. Every rule (recording
// the update once, the conversation, requests) lives in app/channels/telegram and the
// core; replies go through the same client. (One Telegram stack: docs/decisions/010.)
import { createTelegramClient, type TelegramClient } from "#integrations/telegram/client.ts";
import type { TelegramBotInfo } from "#integrations/telegram/schemas.ts";
import { handleTelegramUpdate } from "#app/channels/telegram/handle-telegram-update.server.ts";
import { registerTelegramChannel } from "#app/channels/telegram/register-telegram-channel.server.ts";
import { isDatabaseUnavailableError } from "#app/utils/db-errors.ts";
import { reportDatabaseError } from "#app/utils/db.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { createLogger, describeError, type Logger } from "#app/utils/logger.server.ts";
import { isRedisUnavailableError } from "#app/utils/redis-errors.ts";
import { pollUpdates } from "./poll-updates.ts";
import { callUntilOk, logTelegramFailure, TELEGRAM_BACKOFF, type Backoff, type FailureReport } from "./retry.ts";

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"];

/**
 * An update that failed for a passing reason — the database or Redis away, its chat held by
 * another runner — is left unconfirmed so Telegram delivers it again (poll-updates.ts), as a
 * webhook delivery that could not be recorded is answered 503. Anything else is a bug or a
 * malformed update: retrying would fail the same way.
 */
export function isRetryableUpdateFailure(e: unknown): boolean {
  return isDatabaseUnavailableError(e) || isRedisUnavailableError(e) || (isAppError(e) && e.code === "UNAVAILABLE");
}

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
        handle: (u) => handleTelegramUpdate({ update: u }).then(() => undefined),
        isRetryable: isRetryableUpdateFailure,
        onHandleError: (error, u, outcome) => {
          // The database being away fails every update alike: one rate-limited line, not one per update.
          if (outcome.retried && isDatabaseUnavailableError(error)) reportDatabaseError(error, "telegram update");
          else if (outcome.retried)
            log.warn("update not recorded; Telegram will deliver it again", { updateId: u.update_id, retryInMs: outcome.waitMs, ...describeError(error) });
          else log.error("update failed; skipped", { updateId: u.update_id, ...describeError(error) });
        },
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
