import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { recordNotifications } from "#app/domain/notifications/record-notifications.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { loader } from "#app/routes/staff+/sandbox-outbox.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { signInAs } from "#tests/factories/staff-session.ts";

const URL_BASE = "http://127.0.0.1/staff/sandbox-outbox";

async function sendOne(options: { phone: string }) {
  const db = getDb();
  const citizen = await db.citizen.create({
    data: { phone: options.phone, identities: { create: { channel: "SMS", externalId: options.phone } } },
  });
  const request = await db.request.create({
    data: {
      number: `SLV-2026-${Math.floor(Math.random() * 1e6)
        .toString()
        .padStart(6, "0")}`,
      channel: "SMS",
      citizenId: citizen.id,
      description: "Зламана лавка",
      accessTokenHash: randomUUID(),
    },
  });
  const [row] = await db.$transaction((tx) => recordNotifications({ tx, requestId: request.id, template: "closed", eventKey: `test:${randomUUID()}` }));
  if (!row) throw new Error("expected one notification to be recorded");
  await sendNotification({ notificationId: row.id });
  return request;
}

async function callLoader(url: string, cookie?: string) {
  const request = new Request(url, { headers: cookie ? { cookie } : {} });
  return loader({ request, params: {}, context: {} });
}

test("signed out: sent to the login page", async () => {
  const thrown = await callLoader(URL_BASE).catch((e: unknown) => e);
  expect(thrown).toBeInstanceOf(Response);
  expect((thrown as Response).status).toBe(302);
  expect((thrown as Response).headers.get("location")).toMatch(/^\/login\?/);
});

test("staff see what went out: request number, text, masked phone, Kyiv time", async () => {
  const request = await sendOne({ phone: "+380501234567" });
  const { cookie } = await signInAs("OPERATOR", { name: "Оператор" });

  const data = await callLoader(URL_BASE, cookie);

  expect(data.lang).toBe("uk");
  const row = data.messages.find((m) => m.requestNumber === request.number);
  expect(row).toMatchObject({
    channel: "SMS",
    maskedAddress: "+38050*****67",
    text: `Заявку ${request.number} закрито. Дякуємо, що повідомили!`,
    status: "SENT",
  });
  expect(JSON.stringify(data)).not.toContain("+380501234567");
  expect(row?.time).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/);

  const en = await callLoader(`${URL_BASE}?lang=en`, cookie);
  expect(en.lang).toBe("en");
});
