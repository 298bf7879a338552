import { createTelegramClient, type TelegramClient } from "#integrations/telegram/client.ts";
import { registerInboundHandler } from "#app/domain/intake/inbound-handlers.server.ts";
import { registerSender } from "#app/domain/notifications/senders.server.ts";
import { createTelegramSender } from "./create-telegram-sender.server.ts";
import { processTelegramUpdate } from "./process-telegram-update.server.ts";

/**
 * Makes this process speak Telegram: the notifications registry gets the Telegram sender,
 * and intake gets the handler that acts on recorded updates (webhook deliveries, or polled
 * ones the bot did not finish). Called by the worker and by the bot at start.
 */
export function registerTelegramChannel(options: { token: string; apiRoot?: string; client?: TelegramClient }): TelegramClient {
  const client = options.client ?? createTelegramClient({ token: options.token, apiRoot: options.apiRoot });
  registerSender(createTelegramSender({ client }));
  registerInboundHandler("TELEGRAM", (event) => processTelegramUpdate({ inboundEventId: event.id, update: event.payload, api: client }));
  return client;
}
