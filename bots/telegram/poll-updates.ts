// Long polling over our own Bot API client: getUpdates with an offset (the last update_id
// seen + 1, so Telegram forgets what we took), backoff when Telegram or the network fails,
// Telegram's retry_after on 429. Fatal answers (a revoked token, a webhook or another
// poller holding the bot: 401/404/409) stop the loop with the error, as there is nothing to
// wait for. Updates of one chat are handled in order; different chats at the same time.
import type { TelegramClient } from "#integrations/telegram/client.ts";
import { isTelegramApiError } from "#integrations/telegram/errors.ts";
import type { RawUpdate } from "#integrations/telegram/schemas.ts";

export type PollOptions = {
  client: Pick<TelegramClient, "getUpdates">;
  handle: (update: RawUpdate) => Promise<void>;
  allowedUpdates?: string[];
  /** How long Telegram holds one getUpdates open waiting for an update. */
  timeoutSeconds?: number;
  signal: AbortSignal;
  /** Waits between failed calls: doubling from minMs to maxMs. */
  backoff?: { minMs: number; maxMs: number };
  onError?: (e: unknown, waitMs: number) => void;
};

/** Runs until `signal` aborts (resolves after the batch in hand is handled) or a fatal error (rejects). */
export async function pollUpdates(options: PollOptions): Promise<void> {
  const { minMs, maxMs } = options.backoff ?? { minMs: 1000, maxMs: 30_000 };
  let offset: number | undefined;
  let failures = 0;
  while (!options.signal.aborted) {
    let batch: RawUpdate[];
    try {
      batch = await options.client.getUpdates({
        offset,
        timeoutSeconds: options.timeoutSeconds ?? 30,
        allowedUpdates: options.allowedUpdates,
        signal: options.signal,
      });
      failures = 0;
    } catch (e) {
      if (options.signal.aborted) return;
      if (isTelegramApiError(e) && (e.kind === "unauthorized" || e.errorCode === 409)) throw e;
      const waitMs = isTelegramApiError(e) && e.kind === "rate-limited" && e.retryAfterMs ? e.retryAfterMs : Math.min(maxMs, minMs * 2 ** failures);
      failures++;
      options.onError?.(e, waitMs);
      await sleep(waitMs, options.signal);
      continue;
    }
    if (!batch.length) continue;
    await Promise.all(
      [...groupByChat(batch).values()].map(async (updates) => {
        for (const u of updates) await options.handle(u);
      }),
    );
    // Confirmed by the next call: Telegram drops everything below the new offset.
    offset = Math.max(...batch.map((u) => u.update_id)) + 1;
  }
}

function chatKey(u: RawUpdate): string {
  const x = u as {
    message?: { chat?: { id?: unknown } };
    edited_message?: { chat?: { id?: unknown } };
    callback_query?: { message?: { chat?: { id?: unknown } }; from?: { id?: unknown } };
  };
  const id = x.message?.chat?.id ?? x.edited_message?.chat?.id ?? x.callback_query?.message?.chat?.id ?? x.callback_query?.from?.id;
  return id === undefined ? `update:${u.update_id}` : String(id);
}

function groupByChat(batch: RawUpdate[]) {
  const groups = new Map<string, RawUpdate[]>();
  for (const u of [...batch].sort((a, b) => a.update_id - b.update_id)) {
    const key = chatKey(u);
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return groups;
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
