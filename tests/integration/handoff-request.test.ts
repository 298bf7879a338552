// Hand-off of an administrative service: by category and by an operator's decision, from
// every door, reaching the citizen on their own channel with the right link, once.
import { beforeAll, beforeEach, expect, test } from "vitest";
import { handOffRequest } from "#app/domain/handoff/hand-off-request.server.ts";
import { syncCatalogue } from "#app/domain/handoff/sync-catalogue.server.ts";
import { sendNotification } from "#app/domain/notifications/send-notification.server.ts";
import { action as requestAction, loader as requestLoader } from "#app/routes/staff+/requests.$id.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { countSmsSegments } from "#integrations/twilio/segments.ts";
import { createCategory } from "#tests/factories/org.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";
import { signInAs } from "#tests/factories/staff-session.ts";
import { args, BASE, formPost, requestFrom, settle } from "./handoff-helpers.ts";

const LINK_176 = "https://igov.org.ua/service/176/general?sID_UA_Region=1400000000&sID_UA_City=1414100000";
let igov: ReturnType<typeof createIgovApi>;

beforeAll(async () => {
  const api = createIgovApi();
  server.use(...api.handlers);
  await syncCatalogue({});
  const service = await getDb().adminService.findUniqueOrThrow({ where: { provider_externalId: { provider: "IGOV", externalId: "176" } } });
  await getDb().adminService.update({
    where: { id: service.id },
    data: { detailsUk: "паспорт і документ про право на житло", detailsEn: "passport and a document on the right to the home" },
  });
  await createCategory({ code: "admin.registration", isAdminService: true, adminServiceId: service.id });
  await createCategory({ code: "other.question" });
  await getDb().adminService.create({
    data: { provider: "DIIA", externalId: "diia-eppo", nameUk: "єМалятко", link: "https://diia.gov.ua/services/yemalyatko" },
  });
});

beforeEach(() => {
  igov = createIgovApi();
  server.use(...igov.handlers);
});

async function sentTexts(requestId: string) {
  const rows = await getDb().notification.findMany({ where: { requestId, template: { startsWith: "handoff" } }, orderBy: { createdAt: "asc" } });
  for (const r of rows) await sendNotification({ notificationId: r.id });
  return getDb().notification.findMany({
    where: { requestId, template: { startsWith: "handoff" } },
    include: { message: true },
    orderBy: { createdAt: "asc" },
  });
}

test.each(["TELEGRAM", "SMS", "PHONE_OPERATOR", "WEB"] as const)(
  "by category, from a %s request: HANDED_OFF, public event, message with the link",
  async (door) => {
    const r = await requestFrom(door, "admin.registration");
    const result = await handOffRequest({ requestId: r.request.id, actor: { type: "SYSTEM" } });
    expect(result).toMatchObject({ provider: "IGOV", link: LINK_176, created: true });

    const db = getDb();
    const request = await db.request.findUniqueOrThrow({ where: { id: r.request.id }, include: { handoff: true, events: { orderBy: { id: "asc" } } } });
    expect(request.status).toBe("HANDED_OFF");
    expect(request.handoff).toMatchObject({ provider: "IGOV", link: LINK_176, status: "HANDED_OFF", createdById: null });
    const event = request.events.find((e) => e.type === "handed-off")!;
    expect(event).toMatchObject({ isPublic: true, toStatus: "HANDED_OFF", actorType: "SYSTEM" });
    expect((event.data as { link: string }).link).toBe(LINK_176);

    const sent = await sentTexts(r.request.id);
    // A web or phone request with a phone number is answered by SMS, as every other notice.
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: door === "TELEGRAM" ? "TELEGRAM" : "SMS", address: r.address, status: "SENT" });
    const text = sent[0]!.message!.body;
    expect(text).toContain("Реєстрація місця проживання");
    if (door === "TELEGRAM") {
      expect(text).toContain("паспорт і документ про право на житло");
      expect(text).toContain(LINK_176);
    } else {
      // An SMS is two parts at most: the rest, the service's link with it, is on the tracking
      // page its short link opens.
      expect(countSmsSegments(text).segments).toBeLessThanOrEqual(2);
      expect(text).toMatch(/\/t\/\d{4}-\d+-[\w-]{10}$/);
    }
    // No personal data in the link: only the service and the place.
    expect(LINK_176).not.toMatch(/380|Коваль|token/i);
  },
);

test("by an operator's decision on the staff page; a second hand-off returns the first and sends nothing", async () => {
  const { user, cookie } = await signInAs("OPERATOR");
  const r = await requestFrom("TELEGRAM", "other.question");
  const diia = await getDb().adminService.findUniqueOrThrow({ where: { provider_externalId: { provider: "DIIA", externalId: "diia-eppo" } } });

  const page = (await requestLoader(args(new Request(`${BASE}/staff/requests/${r.request.id}`, { headers: { Cookie: cookie } }), { id: r.request.id }))) as {
    options: { adminServices: { id: string }[] };
  };
  expect(page.options.adminServices.map((s) => s.id)).toContain(diia.id);

  const res = await settle(
    requestAction(args(formPost(`${BASE}/staff/requests/${r.request.id}`, cookie, { intent: "hand-off", serviceId: diia.id }), { id: r.request.id })),
  );
  expect((res as Response).status).toBe(302);
  const again = await settle(
    requestAction(args(formPost(`${BASE}/staff/requests/${r.request.id}`, cookie, { intent: "hand-off", serviceId: diia.id }), { id: r.request.id })),
  );
  expect((again as Response).status).toBe(302);
  const direct = await handOffRequest({ requestId: r.request.id, actor: { type: "SYSTEM" }, provider: "CNAP" });
  expect(direct).toMatchObject({ created: false, provider: "DIIA", link: "https://diia.gov.ua/services/yemalyatko" });

  const handoffs = await getDb().handoff.findMany({ where: { requestId: r.request.id } });
  expect(handoffs).toHaveLength(1);
  expect(handoffs[0]).toMatchObject({ provider: "DIIA", createdById: user.id, link: "https://diia.gov.ua/services/yemalyatko" });
  const events = await getDb().requestEvent.findMany({ where: { requestId: r.request.id, type: "handed-off" } });
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ actorType: "STAFF", actorId: user.id });
  const sent = await sentTexts(r.request.id);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.message!.body).toContain("https://diia.gov.ua/services/yemalyatko");
  // One message for the change, not a generic "status changed" beside it.
  const all = await getDb().notification.findMany({ where: { requestId: r.request.id, createdAt: { gte: handoffs[0]!.createdAt } } });
  expect(all.map((n) => n.template)).toEqual(["handoffSent"]);
});

test("a request whose category is no admin service needs the operator to pick one", async () => {
  const r = await requestFrom("SMS", "other.question");
  await expect(handOffRequest({ requestId: r.request.id, actor: { type: "SYSTEM" } })).rejects.toMatchObject({ code: "VALIDATION", field: "serviceId" });
  await expect(handOffRequest({ requestId: r.request.id, actor: { type: "SYSTEM" }, provider: "IGOV" })).rejects.toMatchObject({ code: "VALIDATION" });
  expect((await getDb().request.findUniqueOrThrow({ where: { id: r.request.id } })).status).not.toBe("HANDED_OFF");
  // ЦНАП without a specific service is fine (in person); manual too.
  const ok = await handOffRequest({ requestId: r.request.id, actor: { type: "SYSTEM" }, provider: "CNAP" });
  expect(ok).toMatchObject({ created: true, provider: "CNAP", link: null });
});
