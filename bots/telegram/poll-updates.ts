// Long polling over our own Bot API client: getUpdates with an offset (the last update_id
// seen + 1, so Telegram forgets what we took). Nothing Telegram answers stops the loop:
// failures wait as retry.ts says (backoff; retry_after on 429; slowly on 401/404/409,
// which only a person can fix) and polling resumes by itself. Updates of one chat are
// handled in order; different chats at the same time.
//
// An update is confirmed only once it is handled. One that could not be recorded for a
// passing reason (the database or Redis away: `isRetryable`) stops its chat's part of the
// batch; the next getUpdates, after a backoff, asks from the earliest such update_id, so
// Telegram hands it out again (what the webhook gets by answering 503). Updates after it that
// were handled come again too and are recognised by update_id. A failure no retry can change
// (a bug, a malformed update) is reported and skipped, so one poison update cannot hold its
// chat forever.
import type { TelegramClient } from "#integrations/telegram/client.ts";
import type { RawUpdate } from "#integrations/telegram/schemas.ts";
import { retryDelay, sleep, TELEGRAM_BACKOFF, type Backoff } from "./retry.ts";

export type PollOptions = {
  client: Pick<TelegramClient, "getUpdates">;
  /** Handles one update; throws when it could not be handled. */
  handle: (update: RawUpdate) => Promise<void>;
  /** A failure of `handle` worth another delivery (the update is then not confirmed); default: none. */
  isRetryable?: (e: unknown) => boolean;
  /** Every failed update: retried (not confirmed; the next getUpdates after waitMs) or skipped. */
  onHandleError?: (e: unknown, update: RawUpdate, outcome: { retried: boolean; waitMs: number; failures: number }) => void;
  allowedUpdates?: string[];
  /** How long Telegram holds one getUpdates open waiting for an update. */
  timeoutSeconds?: number;
  signal: AbortSignal;
  /** Waits between failed calls: doubling from minMs to maxMs; slowMs after a 401/404/409. */
  backoff?: Partial<Backoff>;
  onError?: (e: unknown, waitMs: number, failures: number) => void;
  /** After every answered getUpdates (Telegram is reachable and lets us poll). */
  onSuccess?: () => void;
};

/** Runs until `signal` aborts; resolves then, after the batch in hand is handled. */
export async function pollUpdates(options: PollOptions): Promise<void> {
  const backoff = { ...TELEGRAM_BACKOFF, ...options.backoff };
  let offset: number | undefined;
  let failures = 0;
  // Batches in a row with an update left unconfirmed (the backoff grows with them).
  let handleFailures = 0;
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
      options.onSuccess?.();
    } catch (e) {
      if (options.signal.aborted) return;
      const waitMs = retryDelay(e, failures, backoff);
      failures++;
      options.onError?.(e, waitMs, failures);
      await sleep(waitMs, options.signal);
      continue;
    }
    if (!batch.length) continue;
    const retry: { update: RawUpdate; error: unknown }[] = [];
    const skipped: { update: RawUpdate; error: unknown }[] = [];
    await Promise.all(
      [...groupByChat(batch).values()].map(async (updates) => {
        for (const u of updates) {
          try {
            await options.handle(u);
          } catch (error) {
            if (!options.isRetryable?.(error)) {
              skipped.push({ update: u, error });
              continue;
            }
            // The rest of this chat waits: its updates stay in order.
            retry.push({ update: u, error });
            return;
          }
        }
      }),
    );
    for (const f of skipped) options.onHandleError?.(f.error, f.update, { retried: false, waitMs: 0, failures: 0 });
    if (!retry.length) {
      handleFailures = 0;
      // Confirmed by the next call: Telegram drops everything below the new offset.
      offset = Math.max(...batch.map((u) => u.update_id)) + 1;
      continue;
    }
    // Everything below the earliest update not handled is confirmed; it and what follows come again.
    const first = retry.reduce((a, b) => (b.update.update_id < a.update.update_id ? b : a));
    offset = first.update.update_id;
    const waitMs = retryDelay(first.error, handleFailures, backoff);
    handleFailures++;
    for (const f of retry) options.onHandleError?.(f.error, f.update, { retried: true, waitMs, failures: handleFailures });
    await sleep(waitMs, options.signal);
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
