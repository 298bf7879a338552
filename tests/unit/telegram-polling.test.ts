// Long polling without telegraf: offsets move past what was handled, failures back off
// (Telegram's retry_after on 429; slowly after 401/409, which never stop the loop), one chat's updates stay in order.
import { describe, expect, test } from "vitest";
import { TelegramApiError } from "#integrations/telegram/errors.ts";
import type { RawUpdate } from "#integrations/telegram/schemas.ts";
import { pollUpdates } from "#bots/telegram/poll-updates.ts";

const msg = (update_id: number, chat: number) => ({ update_id, message: { message_id: update_id, date: 1, chat: { id: chat, type: "private" }, text: "x" } });

function scripted(steps: (RawUpdate[] | Error)[], stop: AbortController) {
  const offsets: (number | undefined)[] = [];
  return {
    offsets,
    client: {
      async getUpdates(o: { offset?: number }) {
        offsets.push(o.offset);
        const next = steps.shift();
        if (!next) {
          stop.abort();
          return [];
        }
        if (next instanceof Error) throw next;
        return next;
      },
    },
  };
}

describe("pollUpdates", () => {
  test("handles each update once, in order per chat, and asks for the next offset; backs off after a failure", async () => {
    const stop = new AbortController();
    const failure = new TelegramApiError({ kind: "unavailable", method: "getUpdates", errorCode: 502 });
    const limited = new TelegramApiError({ kind: "rate-limited", method: "getUpdates", errorCode: 429, retryAfterMs: 5 });
    const { client, offsets } = scripted([failure, limited, [msg(11, 1), msg(12, 2), msg(13, 1)], [], [msg(14, 2)]], stop);
    const handled: number[] = [];
    const waits: number[] = [];
    await pollUpdates({
      client,
      signal: stop.signal,
      backoff: { minMs: 1, maxMs: 4 },
      onError: (_e, waitMs) => waits.push(waitMs),
      handle: async (u) => {
        // The later update of chat 1 must not overtake the earlier one. The delay is kept on
        // purpose: it is the chance to overtake that is being tested, not a wait for an event.
        if (u.update_id === 11) await new Promise((r) => setTimeout(r, 20));
        handled.push(u.update_id);
      },
    });
    expect(offsets).toEqual([undefined, undefined, undefined, 14, 14, 15]);
    expect(handled.filter((id) => id === 11 || id === 13)).toEqual([11, 13]);
    expect([...handled].sort()).toEqual([11, 12, 13, 14]);
    expect(waits).toEqual([1, 5]);
  });

  test("a revoked token or a competing poller (409) does not stop polling: it waits the slow interval and goes on", async () => {
    for (const e of [
      new TelegramApiError({ kind: "unauthorized", method: "getUpdates", errorCode: 401 }),
      new TelegramApiError({ kind: "bad-request", method: "getUpdates", errorCode: 409 }),
    ]) {
      const stop = new AbortController();
      const { client, offsets } = scripted([e, e, [msg(21, 1)]], stop);
      const handled: number[] = [];
      const waits: number[] = [];
      await pollUpdates({
        client,
        signal: stop.signal,
        backoff: { minMs: 1, maxMs: 4, slowMs: 7 },
        onError: (_e, waitMs) => waits.push(waitMs),
        handle: async (u) => void handled.push(u.update_id),
      });
      expect(waits).toEqual([7, 7]);
      expect(handled).toEqual([21]);
      expect(offsets).toEqual([undefined, undefined, undefined, 22]);
    }
  });
});
