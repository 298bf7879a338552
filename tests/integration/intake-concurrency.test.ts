// Several SMS from one number processed at the same moment (several intake workers, or a
// burst the worker takes in parallel) must end as they would one after another: the first
// makes (or joins) a request, the rest join it. Other numbers are not held up meanwhile.
import { beforeAll, describe, expect, test } from "vitest";
import { searchWordsOf } from "#app/domain/inbox/search-words.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { senderLockKey } from "#app/domain/intake/process-inbound-sms.server.ts";
import { receiveSms } from "#app/domain/intake/receive-sms.server.ts";
import { registerPhoneChannel } from "#app/channels/phone/register-phone-channel.server.ts";
import { getDb, withAdvisoryLock } from "#app/utils/db.server.ts";
import { smsParams } from "#tests/fixtures/twilio/webhooks.ts";

const db = () => getDb();
let seq = 0;
const newPhone = () => `+38067${String(Date.now()).slice(-5)}${String(++seq).padStart(2, "0")}`;
// A report and short follow-ups: what one conversation about one problem looks like.
const TEXTS = ["Не працює ліфт, під'їзд 2", "Уже третій день", "Будинок 14 на Шевченка", "Дуже прошу допомогти", "Там літні люди"];

beforeAll(() => {
  registerPhoneChannel({ twilio: null });
});

/** Records the SMS as the webhook does; returns their inbound event ids in order. */
async function record(phone: string, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await receiveSms({ params: smsParams({ from: phone, body: TEXTS[i % TEXTS.length]! }) })).inboundEventId);
  return ids;
}

/** A citizen who wrote before: one request, its messages outside the conversation window. */
async function returningCitizen(phone: string) {
  const [id] = await record(phone, 1);
  await processInboundEvent({ inboundEventId: id! });
  await db().message.updateMany({ where: { address: phone }, data: { createdAt: new Date(Date.now() - 3 * 3600_000) } });
}

async function outcome(phone: string, since: Date) {
  const requests = await db().request.findMany({ where: { channel: "SMS", createdAt: { gte: since }, citizen: { phone } }, select: { id: true } });
  const messages = await db().message.count({ where: { address: phone, direction: "IN", createdAt: { gte: since } } });
  return { requests: requests.length, messages };
}

describe("SMS from one number processed at the same moment", () => {
  test.each([2, 10])("%i from a returning citizen end as they do one after another: one new request, every message kept", async (count) => {
    const sequential = newPhone();
    await returningCitizen(sequential);
    const t1 = new Date();
    for (const id of await record(sequential, count)) await processInboundEvent({ inboundEventId: id });
    const expected = await outcome(sequential, t1);
    expect(expected).toEqual({ requests: 1, messages: count });

    const concurrent = newPhone();
    await returningCitizen(concurrent);
    const t2 = new Date();
    const ids = await record(concurrent, count);
    await Promise.all(ids.map((id) => processInboundEvent({ inboundEventId: id })));
    expect(await outcome(concurrent, t2)).toEqual(expected);
    expect(await db().inboundEvent.count({ where: { id: { in: ids }, processedAt: null } })).toBe(0);
  });

  test("10 from a number never seen before make one request", async () => {
    const phone = newPhone();
    const t = new Date();
    const ids = await record(phone, 10);
    await Promise.all(ids.map((id) => processInboundEvent({ inboundEventId: id })));
    expect(await outcome(phone, t)).toEqual({ requests: 1, messages: 10 });
  });

  test("taken in reverse of the order they were sent, they make one request that reads in the order they were sent", async () => {
    const phone = newPhone();
    const t = new Date();
    const ids = await record(phone, TEXTS.length);
    for (const id of [...ids].reverse()) await processInboundEvent({ inboundEventId: id });
    expect(await outcome(phone, t)).toEqual({ requests: 1, messages: TEXTS.length });
    const request = await db().request.findFirstOrThrow({
      where: { citizen: { phone }, createdAt: { gte: t } },
      select: { description: true, searchWords: true },
    });
    expect(request.description.split("\n")).toEqual(TEXTS);
    // The inbox search finds it by the words of the report that joined last.
    expect(request.searchWords).toEqual(expect.arrayContaining(searchWordsOf("ліфт під'їзд")));
  });

  test("a number whose turn is held does not hold up another number", async () => {
    const held = newPhone();
    const other = newPhone();
    const [heldId] = await record(held, 1);
    const [otherId] = await record(other, 1);
    let release!: () => void;
    const holding = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = withAdvisoryLock(senderLockKey({ channel: "SMS", address: held }), async () => {
      locked();
      await holding;
    });
    await isLocked;

    let heldDone = false;
    const heldRun = processInboundEvent({ inboundEventId: heldId! }).then(() => (heldDone = true));
    try {
      const otherResult = await processInboundEvent({ inboundEventId: otherId! });
      expect(otherResult.requestId).toBeTruthy();
      expect(heldDone).toBe(false);
    } finally {
      release();
      await holder;
      await heldRun;
    }
    expect(await db().request.count({ where: { citizen: { phone: held } } })).toBe(1);
  });
});
