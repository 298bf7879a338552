// The Telegram bot process: `npm run start:bot` (node dist/bot.js, compiled; npm start runs it
// when TELEGRAM_BOT_TOKEN is set). TELEGRAM_MODE=polling (default) long-polls; webhook
// registers the webhook (the web app receives, the intake worker acts) and stays up. It
// never exits because Telegram is unreachable or refuses it: it retries (run-bot.ts) and
// says so in its heartbeat, which the web's /healthz shows.
import "dotenv/config";
import { closeTelegramRedis } from "#app/channels/telegram/telegram-redis.server.ts";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { disconnectDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { createLogger, describeError } from "#app/utils/logger.server.ts";
import { runTelegramBot } from "./run-bot.ts";

const log = createLogger("bot");
const env = getEnv();
if (!env.TELEGRAM_BOT_TOKEN) {
  log.info("TELEGRAM_BOT_TOKEN is not set: the Telegram bot is off");
  process.exit(0);
}

process.on("unhandledRejection", (reason) => {
  log.error("unhandled rejection", describeError(reason));
});

const bot = runTelegramBot({ env, log });
log.info("telegram bot starting", { mode: env.TELEGRAM_MODE });
// Webhook mode (or a misconfigured one) has nothing else keeping the process up.
const keepAlive = setInterval(() => {}, 1 << 30);
bot.done.catch((e: unknown) => {
  // Only a bug gets here (Telegram's answers are all retried): exit, so a supervisor restarts us.
  log.error("telegram bot crashed", describeError(e));
  void stop("crash", 1);
});

let stopping = false;
async function stop(reason: string, code = 0) {
  if (stopping) process.exit(1);
  stopping = true;
  log.info("stopping telegram bot", { reason });
  setTimeout(() => process.exit(1), (env.SHUTDOWN_GRACE_SECONDS + 5) * 1000).unref();
  // Stops fetching; the updates being handled finish first.
  await bot.stop();
  clearInterval(keepAlive);
  await closeTelegramRedis();
  await closeQueues();
  await disconnectDb();
  process.exit(code);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
