// A citizen's SMS conversation with the contact centre, end to end: signed Twilio webhooks
// (the library's own signature), the intake worker's step, the notifications worker
// sending into the sandbox outbox (no Twilio account: what the citizen would receive is
// what the outbox holds). The city is the seeded Sloviansk organisation, so category
// suggestions, routing and due dates are the real ones.
import { describe, expect, test } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { countSmsSegments } from "#integrations/twilio/segments.ts";
import { smsParams, TWILIO, twilioRequest } from "#tests/fixtures/twilio/webhooks.ts";
import { action as smsAction } from "#app/routes/webhooks+/twilio.sms.ts";
import { loader as shortLinkLoader } from "#app/routes/t.$code.ts";
import { processInboundEvent } from "#app/domain/intake/process-inbound-event.server.ts";
import { linkIn, newPhone, numberBehind, outbox, requestsOf, resolve, sendDue, text, useSmsSandbox } from "./sms-helpers.ts";

const db = () => getDb();
useSmsSandbox();

describe("keywords count only as the whole command", () => {
  test("a report that starts with Статус or Стан becomes a request, with a receipt", async () => {
    const phone = newPhone();
    const pipe = await text(phone, "Статус: прорвало трубу на Захисників України 5");
    const road = await text(phone, "Стан дороги жахливий, ями на Шевченка");
    const requests = await requestsOf(phone);
    expect(requests.map((r) => r.description)).toEqual(["Статус: прорвало трубу на Захисників України 5", "Стан дороги жахливий, ями на Шевченка"]);
    expect(pipe.twiml).toEqual([]);
    expect(pipe.received).toHaveLength(1);
    expect(pipe.received[0]).toContain(requests[0]!.number);
    expect(road.received).toHaveLength(1);
    expect(road.received[0]).toContain(requests[1]!.number);
  });

  test("СТАТУС with a number in any usual form answers that request; STOP inside a sentence is a report", async () => {
    const phone = newPhone();
    await text(phone, "Не вивезли сміття, баки переповнені");
    const [request] = await requestsOf(phone);
    const short = request!.number.replace(/^SLV-/, ""); // "2026-000001"
    for (const body of [`статус ${short}`, `STATUS ${request!.number}`, `Стан ${request!.number}`]) {
      const asked = await text(phone, body);
      expect(asked.all, body).toHaveLength(1);
      expect(asked.all[0], body).toContain(request!.number);
    }
    expect(await requestsOf(phone)).toHaveLength(1);
    const report = await text(phone, "Стоп, тут яма на дорозі біля школи");
    expect(report.twiml).toEqual([]);
    expect(await requestsOf(phone)).toHaveLength(2);
  });
});

describe("a second message within the conversation window", () => {
  test("a different problem becomes a new request; an address, a photo or the same problem joins it; every message is acknowledged", async () => {
    const phone = newPhone();
    const first = await text(phone, "Не вивезли сміття, баки переповнені");
    // Ten minutes later: well within the conversation window.
    await db().message.updateMany({ where: { address: phone }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    const second = await text(phone, "Яма на дорозі біля зупинки на Слов'янській, глибока");
    const [waste, pothole] = await requestsOf(phone);
    expect(pothole, "the second problem is a request of its own").toBeTruthy();
    expect(first.received[0]).toContain(waste!.number);
    expect(second.received).toHaveLength(1);
    expect(second.received[0]).toContain(pothole!.number);
    // Said plainly, so the citizen knows it was not added to the first one.
    expect(second.received[0]).toContain(`не ${waste!.number}`);

    const address = await text(phone, "буд. 5");
    expect(address.received).toHaveLength(1);
    expect(address.received[0]).toContain(pothole!.number);
    expect(address.received[0]).toMatch(/додано/i);

    const photo = await text(phone, "", [
      {
        url: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/MM${"1".repeat(32)}/Media/ME${"2".repeat(32)}`,
        contentType: "image/jpeg",
      },
    ]);
    expect(photo.received).toHaveLength(1);
    expect(photo.received[0]).toContain(pothole!.number);

    const same = await text(phone, "Там на дорозі ще одна велика яма, машини пробивають колеса");
    expect(same.received).toHaveLength(1);
    expect(same.received[0]).toContain(pothole!.number);
    expect(await requestsOf(phone)).toHaveLength(2);
    const joined = await db().message.count({ where: { requestId: pothole!.id, direction: "IN" } });
    expect(joined).toBe(4);
  });

  // A worker that crashed with the report in hand, or the database away, lets the short
  // addition sent a few seconds later be taken first. The two are judged as they were sent:
  // the addition follows the report, so they stay one request, described by the report.
  test("a report taken after its own short addition (a crash or an outage in between) still makes one request", async () => {
    const phone = newPhone();
    const sent = [];
    for (const [body, secondsAgo] of [
      ["Яма на дорозі біля зупинки на Слов'янській, глибока", 20],
      ["Додаю: другий під'їзд, квартира 12", 12],
    ] as const) {
      const params = smsParams({ from: phone, body });
      const res = await smsAction({ request: twilioRequest({ path: "/webhooks/twilio/sms", params }), params: {}, context: {} });
      expect(res.status).toBe(200);
      const event = await db().inboundEvent.findUniqueOrThrow({ where: { channel_externalId: { channel: "SMS", externalId: params.MessageSid } } });
      // When each reached us (the payload keeps it), a few seconds apart.
      const payload = event.payload as { params: Record<string, string>; receivedAt?: string };
      await db().inboundEvent.update({
        where: { id: event.id },
        data: { payload: { ...payload, receivedAt: new Date(Date.now() - secondsAgo * 1000).toISOString() } },
      });
      sent.push(event.id);
    }
    // The addition first, then the report.
    await processInboundEvent({ inboundEventId: sent[1]! });
    await processInboundEvent({ inboundEventId: sent[0]! });
    await sendDue();
    const requests = await requestsOf(phone);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.description).toContain("Яма на дорозі");
    expect(requests[0]!.description).toContain("квартира 12");
    expect(await db().message.count({ where: { requestId: requests[0]!.id, direction: "IN" } })).toBe(2);
  });
});

describe("the citizen answers the resolution by SMS", () => {
  test("the resolution SMS asks ТАК/НІ; НІ reopens the request and says so; ТАК closes it", async () => {
    const phone = newPhone();
    await text(phone, "Не горить ліхтар біля під'їзду на Шевченка 12");
    const [request] = await requestsOf(phone);
    await resolve(request!.id, "Замінили лампу.");
    const resolution = (await outbox(phone)).at(-1)!;
    expect(resolution).toContain("Замінили лампу");
    expect(resolution).toMatch(/ТАК/);
    expect(resolution).toMatch(/НІ/);

    const no = await text(phone, "НІ");
    expect((await db().request.findUniqueOrThrow({ where: { id: request!.id } })).status).toBe("IN_PROGRESS");
    const reopened = await db().requestEvent.findFirstOrThrow({ where: { requestId: request!.id, type: "reopened" } });
    expect(reopened.actorType).toBe("CITIZEN");
    expect(no.all).toHaveLength(1);
    expect(no.all[0]).toContain(request!.number);
    expect(no.all[0]).toMatch(/знову/i);
    expect(await requestsOf(phone)).toHaveLength(1);

    await resolve(request!.id, "Замінили лампу ще раз.");
    const yes = await text(phone, "виконано");
    expect((await db().request.findUniqueOrThrow({ where: { id: request!.id } })).status).toBe("CLOSED");
    expect(yes.all).toHaveLength(1);
    expect(yes.all[0]).toContain(request!.number);
  });

  test("a web report with a typed phone: the resolution texted to that phone is disputed from it", async () => {
    const phone = newPhone();
    const { request } = await submitRequest({ channel: "WEB", description: "Не вивезли сміття біля школи", citizen: { phone } });
    await resolve(request.id, "Вивезли.");
    expect((await outbox(phone)).at(-1)).toMatch(/ТАК або НІ/);
    const no = await text(phone, "Ні, баки досі повні");
    expect((await db().request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("IN_PROGRESS");
    const reopened = await db().requestEvent.findFirstOrThrow({ where: { requestId: request.id, type: "reopened" } });
    expect(reopened.data).toMatchObject({ comment: "баки досі повні" });
    expect(no.all[0]).toContain(request.number);
  });

  test("«не вирішено» from another number changes nothing; НІ with nothing to answer is not a request", async () => {
    const phone = newPhone();
    await text(phone, "Не горить ліхтар на Шевченка 14");
    const [request] = await requestsOf(phone);
    await resolve(request!.id, "Полагодили.");
    const stranger = newPhone();
    const theirs = await text(stranger, "не вирішено");
    expect((await db().request.findUniqueOrThrow({ where: { id: request!.id } })).status).toBe("RESOLVED");
    expect(await requestsOf(stranger)).toHaveLength(0);
    expect(theirs.all).toHaveLength(1);
    expect(theirs.all[0]).not.toContain(request!.number);
    // Nothing to go on is said, not made a request of.
    const blank = await text(stranger, "??");
    expect(blank.all).toEqual([expect.stringMatching(/докладніше/)]);
    expect(await requestsOf(stranger)).toHaveLength(0);
  });
});

describe("replies fit two SMS and carry the tracking link", () => {
  test("the receipt holds the short link that opens the request's tracking page", async () => {
    const phone = newPhone();
    const { received } = await text(phone, "Третій день немає води в будинку на Шевченка 12");
    const [request] = await requestsOf(phone);
    const link = linkIn(received[0]!);
    expect(link).toBeTruthy();
    expect(await numberBehind(link!)).toBe(request!.number);
    expect(countSmsSegments(received[0]!).segments).toBeLessThanOrEqual(2);
    // The number alone, or with another code, opens nothing.
    const code = new URL(link!).pathname.replace(/^\/t\//, "");
    const forged = code.replace(/-[\w-]{10}$/, "-AAAAAAAAAA");
    for (const c of [forged, code.replace(/-[\w-]{10}$/, ""), "2026-999999-AAAAAAAAAA"]) {
      await expect(shortLinkLoader({ request: new Request(`http://127.0.0.1:3000/t/${c}`), params: { code: c }, context: {} })).rejects.toMatchObject({
        status: 404,
      });
    }
  });

  test("a long answer is shortened at a word, keeps the link and the ТАК/НІ question", async () => {
    const phone = newPhone();
    await text(phone, "Не вивезли сміття, баки переповнені на Шевченка 3");
    const [request] = await requestsOf(phone);
    const answer = Array.from({ length: 40 }, (_, i) => `Слово${i}`).join(" ");
    await resolve(request!.id, answer);
    const sms = (await outbox(phone)).at(-1)!;
    expect(countSmsSegments(sms).segments).toBeLessThanOrEqual(2);
    expect(sms).toContain("…");
    const cutAt = sms.slice(0, sms.indexOf("…")).trim().split(/\s+/).at(-1)!;
    const words = `Заявку ${request!.number} виконано. Відповідь: ${answer}`.split(" ").map((w) => w.replace(/[.:,]$/, ""));
    expect(words, "cut between words").toContain(cutAt);
    expect(sms).toMatch(/ТАК/);
    expect(await numberBehind(linkIn(sms)!)).toBe(request!.number);
  });

  test("СТАТУС alone answers the caller's own open requests, newest first, each with its link", async () => {
    const phone = newPhone();
    await text(phone, "Не вивезли сміття, баки переповнені");
    await text(phone, "Яма на дорозі біля зупинки");
    await text(phone, "Не горить ліхтар на Шевченка 20");
    await text(phone, "Немає води в будинку на Шевченка 1");
    const requests = await requestsOf(phone);
    expect(requests).toHaveLength(4);
    await resolve(requests[3]!.id, "Воду дали.");
    const { all } = await text(phone, "СТАТУС");
    const numbers = all.map((sms) => sms.match(/SLV-\d{4}-\d{6}/)?.[0]);
    expect(numbers).toEqual([requests[2]!.number, requests[1]!.number, requests[0]!.number]);
    for (const sms of all) {
      expect(await numberBehind(linkIn(sms)!)).toBe(sms.match(/SLV-\d{4}-\d{6}/)?.[0]);
      expect(countSmsSegments(sms).segments).toBeLessThanOrEqual(2);
    }
    // Someone else's number learns nothing.
    const stranger = await text(newPhone(), "СТАТУС");
    expect(stranger.all).toHaveLength(1);
    expect(stranger.all[0]).not.toMatch(/SLV-/);
  });
});

describe("after STOP, and the language of the answer", () => {
  test("a new report after STOP still gets one receipt; status updates stay off", async () => {
    const phone = newPhone();
    const stop = await text(phone, "СТОП");
    expect(stop.twiml[0]).toContain("СТАРТ");
    const report = await text(phone, "Не горить ліхтар на Шевченка 30");
    const [request] = await requestsOf(phone);
    expect(report.received).toHaveLength(1);
    expect(report.received[0]).toContain(request!.number);
    expect(report.received[0]).toContain("СТАРТ");
    await transitionRequest({ requestId: request!.id, to: "IN_PROGRESS", actor: { type: "SYSTEM" } });
    await sendDue();
    expect(await outbox(phone)).toHaveLength(1);
  });

  test("the answer follows the citizen's language, not the keyword's alphabet", async () => {
    const phone = newPhone();
    await text(phone, "Немає води в будинку на Шевченка 7");
    const [request] = await requestsOf(phone);
    const status = await text(phone, "STATUS");
    expect(status.all).toHaveLength(1);
    expect(status.all[0]).toContain(request!.number);
    expect(status.all[0]).toMatch(/[а-яіїє]/i);
    const help = await text(phone, "HELP");
    expect(help.twiml[0]).toMatch(/СТАТУС/);

    const english = newPhone();
    const { received } = await text(english, "No water in the building at Shevchenka 7 since morning");
    expect(received[0]).toMatch(/^Request SLV-/m);
  });
});

describe("life safety", () => {
  test("a gas smell reported by SMS is answered at once with the emergency numbers and the advice, then the receipt", async () => {
    const phone = newPhone();
    const { twiml, received, all } = await text(phone, "Пахне газом у під'їзді, Шевченка 12");
    const [request] = await requestsOf(phone);
    const gas = await db().category.findUniqueOrThrow({ where: { code: "emergency.gas-smell" } });
    expect(request!.suggestion?.categoryId ?? request!.categoryId).toBe(gas.id);
    // The first reply, in the webhook's own answer: the numbers first, then what to do.
    expect(twiml).toHaveLength(1);
    expect(all[0]).toBe(twiml[0]);
    expect(twiml[0]!.split("\n")[0]).toMatch(/101.*104.*112/);
    expect(twiml[0]).toContain("Негайно телефонуйте 104");
    // The whole advice, not only its first sentence: a life threat is worth up to four parts.
    expect(twiml[0]).toContain("вийдіть");
    expect(countSmsSegments(twiml[0]!).segments).toBeLessThanOrEqual(4);
    // Then the receipt, whole, with its link.
    expect(received).toHaveLength(1);
    expect(received[0]).toContain(`Заявку ${request!.number} зареєстровано.`);
    expect(linkIn(received[0]!)).toBeTruthy();
    expect(countSmsSegments(received[0]!).segments).toBeLessThanOrEqual(2);
    // An ordinary report gets no such notice.
    expect((await text(newPhone(), "Яма на дорозі біля зупинки")).twiml).toEqual([]);
  });

  test("HELP names the emergency numbers", async () => {
    const { twiml } = await text(newPhone(), "ДОПОМОГА");
    expect(twiml[0]).toMatch(/101/);
    expect(twiml[0]).toMatch(/104/);
    expect(twiml[0]).toMatch(/112/);
    expect(countSmsSegments(twiml[0]!).segments).toBeLessThanOrEqual(2);
  });
});
