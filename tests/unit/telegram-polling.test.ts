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

describe("pollUpdates when an update cannot be recorded", () => {
  const away = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

  test("a passing failure is not confirmed: the next getUpdates asks from that update, after a backoff, and it is handled once", async () => {
    const stop = new AbortController();
    // Telegram hands out again whatever is at or above the offset asked for.
    const pending = [msg(31, 1), msg(32, 2), msg(33, 1)];
    const offsets: (number | undefined)[] = [];
    let calls = 0;
    const client = {
      async getUpdates(o: { offset?: number }) {
        offsets.push(o.offset);
        if (++calls > 3) {
          stop.abort();
          return [];
        }
        return pending.filter((u) => u.update_id >= (o.offset ?? 0));
      },
    };
    let databaseAway = true;
    const handled: number[] = [];
    const outcomes: { id: number; retried: boolean; waitMs: number }[] = [];
    await pollUpdates({
      client,
      signal: stop.signal,
      backoff: { minMs: 3, maxMs: 10 },
      isRetryable: (e) => e === away,
      onHandleError: (_e, u, o) => outcomes.push({ id: u.update_id, retried: o.retried, waitMs: o.waitMs }),
      handle: async (u) => {
        if (u.update_id === 31 && databaseAway) {
          databaseAway = false;
          throw away;
        }
        handled.push(u.update_id);
      },
    });
    // 31 failed: its chat's 33 waited; chat 2's 32 went on. Then 31 and 33 came again from offset 31.
    expect(offsets).toEqual([undefined, 31, 34, 34]);
    expect(outcomes).toEqual([{ id: 31, retried: true, waitMs: 3 }]);
    expect(handled.filter((id) => id === 31)).toEqual([31]);
    expect(handled.filter((id) => id !== 32)).toEqual([31, 33]);
  });

  test("a failure no retry can change (a bug, a malformed update) is reported and skipped, so the chat goes on", async () => {
    const stop = new AbortController();
    const { client, offsets } = scripted([[msg(41, 1), msg(42, 1)], [msg(43, 1)]], stop);
    const handled: number[] = [];
    const outcomes: { id: number; retried: boolean }[] = [];
    await pollUpdates({
      client,
      signal: stop.signal,
      backoff: { minMs: 1, maxMs: 4 },
      isRetryable: (e) => e === away,
      onHandleError: (_e, u, o) => outcomes.push({ id: u.update_id, retried: o.retried }),
      handle: async (u) => {
        if (u.update_id === 41) throw new TypeError("a bug");
        handled.push(u.update_id);
      },
    });
    expect(handled).toEqual([42, 43]);
    expect(outcomes).toEqual([{ id: 41, retried: false }]);
    expect(offsets).toEqual([undefined, 43, 44]);
  });
});
