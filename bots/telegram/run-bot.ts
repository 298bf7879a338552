// The bot process's work, apart from the process itself (index.ts) so tests can run it:
// TELEGRAM_MODE=polling (the default) long-polls; TELEGRAM_MODE=webhook registers the
// webhook (the web process then receives the updates and the intake worker acts on them).
// Whatever Telegram answers, this keeps running and retrying (retry.ts), and publishes its
// state as a heartbeat the web's /healthz reads. A webhook mode without its settings only
// leaves Telegram off, said once in the log and in the heartbeat; nothing else stops.
import { createTelegramClient, type TelegramClient } from "#integrations/telegram/client.ts";
import { telegramWebhookUrl } from "#integrations/telegram/webhook.ts";
import { getEnv, type Env } from "#app/utils/env.server.ts";
import { startHeartbeat, telegramConfigProblem, type HeartbeatPublisher } from "#app/utils/health.server.ts";
import { createLogger, type Logger } from "#app/utils/logger.server.ts";
import { ALLOWED_UPDATES, createTelegramBot } from "./create-bot.ts";
import { callUntilOk, describeTelegramFailure, logTelegramFailure, TELEGRAM_BACKOFF, type Backoff, type FailureReport } from "./retry.ts";

export type TelegramLinkState = "connecting" | "ok" | "retrying" | "misconfigured";

export type TelegramLink = {
  mode: Env["TELEGRAM_MODE"];
  state: TelegramLinkState;
  /** For a person: what is wrong and what to do. Never the token. */
  detail?: string;
  /** The last failure's class and Bot API code ("TelegramApiError unauthorized", "401"). */
  error?: string;
  code?: string;
  failures: number;
  nextAttemptAt?: string;
  since: string;
};

export type RunningBot = {
  status(): TelegramLink;
  /** Settles when the bot stops (after stop()); rejects only on a bug, never because of Telegram. */
  done: Promise<void>;
  /** Stops fetching (the updates in hand finish first) and removes the heartbeat. */
  stop(): Promise<void>;
};

export function runTelegramBot(
  options: {
    env?: Env;
    log?: Logger;
    backoff?: Partial<Backoff>;
    /** Heartbeat interval (tests beat faster); false: no heartbeat. */
    heartbeat?: { everyMs?: number } | false;
    client?: TelegramClient;
  } = {},
): RunningBot {
  const env = options.env ?? getEnv();
  const log = options.log ?? createLogger("bot");
  const token = env.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error("runTelegramBot needs TELEGRAM_BOT_TOKEN");
  const backoff = { ...TELEGRAM_BACKOFF, ...options.backoff };
  const mode = env.TELEGRAM_MODE;
  const stopper = new AbortController();

  let link: TelegramLink = { mode, state: "connecting", detail: "connecting to Telegram", failures: 0, since: new Date().toISOString() };
  let heartbeat: HeartbeatPublisher | undefined;
  const set = (next: Omit<TelegramLink, "mode" | "since" | "failures"> & { failures?: number }) => {
    const changed = next.state !== link.state || next.code !== link.code;
    link = { mode, failures: 0, ...next, since: changed ? new Date().toISOString() : link.since };
    if (changed) void heartbeat?.beat();
  };
  const failed = (f: FailureReport) =>
    set({ state: "retrying", ...describeTelegramFailure(f.error), failures: f.failures, nextAttemptAt: new Date(Date.now() + f.waitMs).toISOString() });

  if (options.heartbeat !== false) {
    heartbeat = startHeartbeat({
      part: "bot",
      everyMs: options.heartbeat?.everyMs,
      status: () => ({
        state: link.state === "ok" ? "ok" : "degraded",
        detail: link.state === "ok" ? undefined : link.detail,
        info: { mode, telegram: link.state, error: link.error, code: link.code, failures: link.failures, nextAttemptAt: link.nextAttemptAt, since: link.since },
      }),
    });
  }

  const stopped = new Promise<void>((resolve) => stopper.signal.addEventListener("abort", () => resolve(), { once: true }));
  let stopPolling: (() => void) | undefined;

  const run = async () => {
    if (mode === "polling") {
      const bot = createTelegramBot({ token, apiRoot: env.TELEGRAM_API_ROOT, client: options.client, log });
      stopPolling = () => bot.stop();
      if (stopper.signal.aborted) bot.stop();
      await bot.launch({
        backoff,
        onFailure: failed,
        onStarted: () => log.info("telegram bot polling", { mode, username: bot.botInfo?.username }),
        onPolling: () => {
          if (link.state !== "ok") set({ state: "ok" });
        },
      });
      return;
    }
    const problem = telegramConfigProblem(env);
    if (problem) {
      log.error(problem);
      set({ state: "misconfigured", detail: problem });
      await stopped;
      return;
    }
    const client = options.client ?? createTelegramClient({ token, apiRoot: env.TELEGRAM_API_ROOT });
    await callUntilOk(
      "setWebhook",
      () =>
        client.setWebhook({
          url: telegramWebhookUrl({ publicBaseUrl: env.PUBLIC_BASE_URL!, path: env.TELEGRAM_WEBHOOK_PATH! }),
          secretToken: env.TELEGRAM_WEBHOOK_SECRET!,
          allowedUpdates: ALLOWED_UPDATES,
        }),
      {
        signal: stopper.signal,
        backoff,
        onFailure: (f) => {
          logTelegramFailure(log, f.method, f.error, f.waitMs, f.failures);
          failed(f);
        },
      },
    );
    if (!stopper.signal.aborted) {
      log.info("telegram webhook set", { mode });
      set({ state: "ok" });
    }
    await stopped;
  };

  const done = run();
  done.catch(() => {});
  return {
    status: () => link,
    done,
    async stop() {
      stopper.abort();
      stopPolling?.();
      await done.catch(() => {});
      await heartbeat?.stop();
    },
  };
}
