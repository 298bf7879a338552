// The SMS loop at the moments that matter to a citizen, through the signed webhook and the
// sandbox outbox (sms-helpers.ts): every emergency category answered at once with its
// notice, also when it comes as a second message; the citizen's own words for a report that
// starts like a command; an answer to a staff question acknowledged; a dispute in the
// citizen's own words; HELP with the emergency numbers in the citizen's language.
import { describe, expect, test } from "vitest";
import { getEmergencyNotice } from "#app/domain/categories/emergency-notice.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { countSmsSegments } from "#integrations/twilio/segments.ts";
import { linkIn, newPhone, numberBehind, outbox, requestsOf, resolve, sendDue, text, useSmsSandbox } from "./sms-helpers.ts";

const db = () => getDb();
useSmsSandbox();

const tenMinutesAgo = (phone: string) => db().message.updateMany({ where: { address: phone }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });

describe("life safety by SMS", () => {
  test("every emergency category, in the citizen's words, is answered at once with its numbers and advice, then the receipt", async () => {
    const categories = await db().category.findMany({
      where: { active: true, isEmergency: true, children: { none: {} } },
      select: { id: true, code: true, synonyms: true },
      orderBy: { code: "asc" },
    });
    expect(categories.length).toBeGreaterThanOrEqual(4);
    for (const c of categories) {
      const phone = newPhone();
      const body = `${c.synonyms[0]}, вул. Шевченка 5`;
      const notice = (await getEmergencyNotice({ code: c.code, lang: "uk" }))!;
      const { twiml, received } = await text(phone, body);
      expect(twiml, `${c.code}: «${body}»`).toHaveLength(1);
      expect(twiml[0]!.startsWith(t("uk", "common:emergency.short")), c.code).toBe(true);
      // The first sentence of the city's advice at least, whole.
      expect(twiml[0], c.code).toContain(notice.advice[0]!.split(/(?<=[.!?])\s+/u)[0]);
      expect(countSmsSegments(twiml[0]!).segments).toBeLessThanOrEqual(4);
      const [request] = await requestsOf(phone);
      expect(request, c.code).toBeTruthy();
      expect(request!.suggestion?.categoryId ?? request!.categoryId, c.code).toBe(c.id);
      expect(received, c.code).toHaveLength(1);
      expect(received[0]).toContain(request!.number);
      expect(linkIn(received[0]!)).toBeTruthy();
    }
  });

  test("a gas smell texted ten minutes after another problem: the numbers at once, and a request of its own", async () => {
    const phone = newPhone();
    await text(phone, "Яма на дорозі біля зупинки на Слов'янській");
    await tenMinutesAgo(phone);
    const gas = await text(phone, "Пахне газом у під'їзді, вул. Шевченка 5");
    expect(gas.twiml).toHaveLength(1);
    expect(gas.twiml[0]).toContain("Негайно телефонуйте 104");
    const [pothole, gasRequest] = await requestsOf(phone);
    expect(gasRequest, "not appended to the pothole").toBeTruthy();
    expect(gas.received).toHaveLength(1);
    expect(gas.received[0]).toContain(gasRequest!.number);
    expect(gas.received[0]).toContain(`не ${pothole!.number}`);
  });

  test("HELP names the emergency numbers in the citizen's language, whatever the keyword's alphabet", async () => {
    const phone = newPhone();
    await text(phone, "Не горить ліхтар на Шевченка 40");
    const { twiml } = await text(phone, "HELP");
    expect(twiml).toHaveLength(1);
    for (const n of ["101", "102", "103", "104", "112"]) expect(twiml[0]).toContain(n);
    expect(twiml[0]).toContain("СТАТУС");
    expect(countSmsSegments(twiml[0]!).segments).toBeLessThanOrEqual(2);
  });
});

describe("reports that begin like a command", () => {
  test("«Статус: прорвало трубу на Центральній» is a request with its receipt and short link", async () => {
    const phone = newPhone();
    const { twiml, received } = await text(phone, "Статус: прорвало трубу на Центральній");
    const [request] = await requestsOf(phone);
    expect(request!.description).toBe("Статус: прорвало трубу на Центральній");
    expect(twiml).toEqual([]);
    expect(received).toHaveLength(1);
    expect(received[0]).toContain(`Заявку ${request!.number} зареєстровано.`);
    expect(await numberBehind(linkIn(received[0]!)!)).toBe(request!.number);
  });
});

describe("answers to the city", () => {
  test("an answer to a staff question within the window is added to the waiting request and acknowledged as passed on", async () => {
    const phone = newPhone();
    await text(phone, "Не горить ліхтар біля під'їзду на Шевченка 22");
    const [request] = await requestsOf(phone);
    await transitionRequest({ requestId: request!.id, to: "IN_PROGRESS", actor: { type: "SYSTEM" } });
    await transitionRequest({ requestId: request!.id, to: "WAITING_CITIZEN", actor: { type: "SYSTEM" }, question: "Уточніть номер під'їзду" });
    await sendDue(); // the question itself reaches the citizen first
    const answer = await text(phone, "Третій під'їзд, ліхтар над дверима");
    expect(await requestsOf(phone)).toHaveLength(1);
    expect((await db().request.findUniqueOrThrow({ where: { id: request!.id } })).status).toBe("IN_PROGRESS");
    expect(answer.all).toHaveLength(1);
    expect(answer.all[0]).toContain(t("uk", "phone:sms.answered", { number: request!.number }));
    const joined = await db().message.findMany({ where: { requestId: request!.id, direction: "IN" }, orderBy: { createdAt: "asc" } });
    expect(joined.map((m) => m.body)).toEqual(["Не горить ліхтар біля під'їзду на Шевченка 22", "Третій під'їзд, ліхтар над дверима"]);
  });

  test("another problem texted while a question waits is a request of its own, and said so", async () => {
    const phone = newPhone();
    await text(phone, "Не горить ліхтар біля під'їзду на Шевченка 24");
    const [request] = await requestsOf(phone);
    await transitionRequest({ requestId: request!.id, to: "IN_PROGRESS", actor: { type: "SYSTEM" } });
    await transitionRequest({ requestId: request!.id, to: "WAITING_CITIZEN", actor: { type: "SYSTEM" }, question: "Уточніть номер під'їзду" });
    await sendDue(); // the question itself reaches the citizen first
    const gas = await text(phone, "Пахне газом у під'їзді");
    expect(gas.twiml[0]).toContain("Негайно телефонуйте 104");
    const [, gasRequest] = await requestsOf(phone);
    expect(gasRequest).toBeTruthy();
    expect(gas.received).toHaveLength(1);
    expect(gas.received[0]).toContain(gasRequest!.number);
    expect(gas.received[0]).toContain(`не ${request!.number}`);
    expect((await db().request.findUniqueOrThrow({ where: { id: request!.id } })).status).toBe("WAITING_CITIZEN");
  });

  test("«не виконано» after the resolution reopens the request and says so; «так» to the next one closes it", async () => {
    const phone = newPhone();
    await text(phone, "Не вивезли сміття з майданчика на Шевченка 9");
    const [request] = await requestsOf(phone);
    await resolve(request!.id, "Вивезли.");
    const no = await text(phone, "не виконано");
    expect((await db().request.findUniqueOrThrow({ where: { id: request!.id } })).status).toBe("IN_PROGRESS");
    expect(no.all).toHaveLength(1);
    expect(no.all[0]!.startsWith(t("uk", "phone:sms.reopened", { number: request!.number }))).toBe(true);
    expect(await numberBehind(linkIn(no.all[0]!)!)).toBe(request!.number);
    await resolve(request!.id, "Вивезли ще раз.");
    const yes = await text(phone, "так");
    expect((await db().request.findUniqueOrThrow({ where: { id: request!.id } })).status).toBe("CLOSED");
    expect(yes.all).toEqual([t("uk", "phone:sms.confirmed", { number: request!.number })]);
    expect(await requestsOf(phone)).toHaveLength(1);
  });

  test("a long staff question reaches the citizen in two SMS parts at most, cut between words, with the link to read it whole", async () => {
    const phone = newPhone();
    await text(phone, "Не вивезли сміття з майданчика на Шевченка 11");
    const [request] = await requestsOf(phone);
    await transitionRequest({ requestId: request!.id, to: "IN_PROGRESS", actor: { type: "SYSTEM" } });
    const question = Array.from({ length: 30 }, (_, i) => `Питання${i}`).join(" ");
    await transitionRequest({ requestId: request!.id, to: "WAITING_CITIZEN", actor: { type: "SYSTEM" }, question });
    await sendDue();
    const sms = (await outbox(phone)).at(-1)!;
    expect(countSmsSegments(sms).segments).toBeLessThanOrEqual(2);
    expect(sms).toContain("Питання0");
    const cutAt = sms.slice(0, sms.indexOf("…")).trim().split(/\s+/).at(-1)!;
    expect(question.split(" "), "cut between words").toContain(cutAt);
    expect(await numberBehind(linkIn(sms)!)).toBe(request!.number);
  });
});
