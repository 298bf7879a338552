// The inline buttons' callback_data: every kind encodes within Telegram's 64 bytes and
// decodes back to itself; the wire strings stay what chats already hold on old messages.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { CB, decodeCallbackData, encodeCallbackData, type CallbackData } from "#app/channels/telegram/callback-data.ts";

const id = randomUUID();
const ALL: CallbackData[] = [
  { kind: "newRequest" },
  { kind: "myRequests" },
  { kind: "language" },
  { kind: "category", categoryId: id },
  { kind: "categoryUp" },
  { kind: "skipLocation" },
  { kind: "photosDone" },
  { kind: "anonymous" },
  { kind: "send" },
  { kind: "cancel" },
  { kind: "open", requestId: id },
  { kind: "addInfo", requestId: id },
  { kind: "handoffOrder", requestId: id },
  { kind: "resolvedYes", requestId: id },
  { kind: "resolvedNo", requestId: id },
  { kind: "rate", requestId: id, score: 5 },
];

describe("callback data codec", () => {
  test.each(ALL)("$kind round-trips within 64 bytes", (data) => {
    const wire = encodeCallbackData(data);
    expect(Buffer.byteLength(wire, "utf8")).toBeLessThanOrEqual(64);
    expect(decodeCallbackData(wire)).toEqual(data);
  });

  test("the wire format is the one already on buttons in chats", () => {
    expect([CB.newRequest, CB.myRequests, CB.language, CB.categoryUp, CB.skipLocation, CB.photosDone, CB.anonymous, CB.send, CB.cancel]).toEqual([
      "m:new",
      "m:my",
      "m:lang",
      "c:up",
      "l:skip",
      "p:done",
      "k:anon",
      "f:yes",
      "f:no",
    ]);
    expect(CB.category(id)).toBe(`c:${id}`);
    expect(CB.open(id)).toBe(`r:${id}`);
    expect(CB.addInfo(id)).toBe(`i:${id}`);
    expect(CB.handoffOrder(id)).toBe(`o:${id}`);
    expect(CB.resolvedYes(id)).toBe(`y:${id}`);
    expect(CB.resolvedNo(id)).toBe(`n:${id}`);
    expect(CB.rate(id, 3)).toBe(`s:3:${id}`);
  });

  test("unknown or foreign data decodes to null", () => {
    for (const raw of [undefined, null, "", "m:other", "x:1", "l:other", "f:maybe", "hello"]) expect(decodeCallbackData(raw)).toBeNull();
  });

  test("an id is passed on as sent (the step looks it up); a bad score stays for the core to refuse", () => {
    expect(decodeCallbackData("r:not-a-uuid")).toEqual({ kind: "open", requestId: "not-a-uuid" });
    expect(decodeCallbackData("r:a:b")).toEqual({ kind: "open", requestId: "a:b" });
    expect(decodeCallbackData(`s:9:${id}`)).toEqual({ kind: "rate", score: 9, requestId: id });
    const bad = decodeCallbackData(`s:x:${id}`);
    expect(bad?.kind === "rate" && Number.isNaN(bad.score)).toBe(true);
  });
});
