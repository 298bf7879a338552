// The Telegram bot process: `node --import tsx bots/telegram/index.ts` (npm start runs it
// when TELEGRAM_BOT_TOKEN is set). Long polling when PUBLIC_BASE_URL is not set; otherwise
// it registers the webhook (the web app receives, the intake worker acts) and stays up.
import "dotenv/config";
import { createTelegramClient } from "#integrations/telegram/client.ts";
import { telegramWebhookUrl } from "#integrations/telegram/webhook.ts";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { disconnectDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { createLogger, describeError } from "#app/utils/logger.server.ts";
import { createTelegramBot } from "./create-bot.ts";

const log = createLogger("bot");
const env = getEnv();
if (!env.TELEGRAM_BOT_TOKEN) {
  log.info("TELEGRAM_BOT_TOKEN is not set: the Telegram bot is off");
  process.exit(0);
}
const token = env.TELEGRAM_BOT_TOKEN;

process.on("unhandledRejection", (reason) => {
  log.error("unhandled rejection", describeError(reason));
});

let stopBot: (() => void) | undefined;
let keepAlive: NodeJS.Timeout | undefined;

if (env.PUBLIC_BASE_URL) {
  if (!env.TELEGRAM_WEBHOOK_SECRET || !env.TELEGRAM_WEBHOOK_PATH) {
    log.error("webhook mode needs TELEGRAM_WEBHOOK_SECRET and TELEGRAM_WEBHOOK_PATH (random, 16+ characters)");
    process.exit(1);
  }
  const client = createTelegramClient({ token, apiRoot: env.TELEGRAM_API_ROOT });
  await client.setWebhook({
    url: telegramWebhookUrl({ publicBaseUrl: env.PUBLIC_BASE_URL, path: env.TELEGRAM_WEBHOOK_PATH }),
    secretToken: env.TELEGRAM_WEBHOOK_SECRET,
  });
  log.info("telegram webhook set", { mode: "webhook" });
  keepAlive = setInterval(() => {}, 1 << 30);
} else {
  const bot = createTelegramBot({ token, apiRoot: env.TELEGRAM_API_ROOT });
  // launch() resolves only when polling stops; it deletes any webhook first.
  void bot
    .launch(() => log.info("telegram bot polling", { mode: "polling", username: bot.botInfo?.username }))
    .catch((e: Error) => {
      log.error("telegram polling stopped", describeError(e));
      void stop("polling-error", 1);
    });
  stopBot = () => bot.stop();
}

let stopping = false;
async function stop(reason: string, code = 0) {
  if (stopping) process.exit(1);
  stopping = true;
  log.info("stopping telegram bot", { reason });
  setTimeout(() => process.exit(1), 20_000).unref();
  try {
    // Stops fetching; the update being handled finishes first.
    stopBot?.();
  } catch {
    // not running yet
  }
  if (keepAlive) clearInterval(keepAlive);
  await closeTelegramRedis();
  await closeQueues();
  await disconnectDb();
  process.exit(code);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
