// The phone simulator acts as any phone number, so it exists only in sandbox mode (no
// Twilio account), only for admins, every use is audited, and it shows only the sandbox
// outbox's replies to the simulated number — never real messages sent to that number.
import { afterEach, describe, expect, test } from "vitest";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { action, loader } from "#app/routes/staff+/phone-simulator.tsx";
import { loader as layoutLoader } from "#app/routes/staff+/_layout.tsx";
import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { signInAs } from "#tests/factories/staff-session.ts";
import { args, getRequest, postRequest, thrown } from "./admin-helpers.ts";

const db = () => getDb();
const PATH = "/staff/phone-simulator";

// Session cookies only: postRequest adds the CSRF cookie.
async function signedIn(role: StaffRole) {
  const { user, session } = await signInAs(role);
  return { user, cookie: session };
}

function withTwilioAccount() {
  process.env.TWILIO_ACCOUNT_SID = "AC" + "2".repeat(32);
  process.env.TWILIO_AUTH_TOKEN = "real_account_token_0123";
  resetEnvForTests();
}

afterEach(() => {
  delete process.env.TWILIO_ACCOUNT_SID;
  delete process.env.TWILIO_AUTH_TOKEN;
  resetEnvForTests();
});

type SimResult = { ok: boolean; replies?: string[]; error?: string };

describe("phone simulator: sandbox only, admins only, audited", () => {
  test("with a Twilio account configured the page and its action are 404 and write nothing, even for an admin", async () => {
    withTwilioAccount();
    const { cookie } = await signedIn("ADMIN");
    expect((await thrown(loader(args(getRequest(PATH, cookie))))).status).toBe(404);
    const before = await db().inboundEvent.count();
    const res = await thrown(action(args(postRequest(PATH, cookie, { kind: "sms", from: "+380501110001", body: "СТОП" }))));
    expect(res.status).toBe(404);
    expect(await db().inboundEvent.count()).toBe(before);
    expect(await db().auditLog.count({ where: { action: "phone-simulator.used" } })).toBe(0);
  });

  test("other roles get 403 in sandbox mode and their attempt does nothing", async () => {
    for (const role of ["OPERATOR", "SUPERVISOR", "DEPARTMENT_OFFICER", "DEPARTMENT_HEAD"] as const) {
      const { cookie } = await signedIn(role);
      expect((await thrown(loader(args(getRequest(PATH, cookie))))).status, role).toBe(403);
      const res = await thrown(action(args(postRequest(PATH, cookie, { kind: "sms", from: "+380501110002", body: "СТОП" }))));
      expect(res.status, role).toBe(403);
    }
    expect(await db().channelIdentity.count({ where: { externalId: "+380501110002" } })).toBe(0);
  });

  test("an admin in sandbox mode uses it; each use is one audit row without the full number or text", async () => {
    const { user, cookie } = await signedIn("ADMIN");
    expect(await loader(args(getRequest(PATH, cookie)))).toMatchObject({ lang: "uk" });
    const result = (await action(args(postRequest(PATH, cookie, { kind: "sms", from: "+380501110003", body: "Не працює ліфт у під'їзді" })))) as SimResult;
    expect(result.ok).toBe(true);
    expect(result.replies?.[0]).toMatch(/SLV-\d{4}-\d{6}/);
    await action(args(postRequest(PATH, cookie, { kind: "voice", from: "+380501110003", step: "incoming" })));
    const rows = await db().auditLog.findMany({ where: { action: "phone-simulator.used", actorId: user.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => (r.data as { kind: string }).kind)).toEqual(["sms", "voice"]);
    const text = JSON.stringify(rows.map((r) => r.data));
    expect(text).not.toContain("+380501110003");
    expect(text).not.toContain("ліфт");
  });

  test("a call id that is not Twilio-shaped is a form error for the admin, not a 500", async () => {
    const { cookie } = await signedIn("ADMIN");
    for (const callSid of ["1", "CA123", "CA" + "z".repeat(32)]) {
      const result = (await action(
        args(postRequest(PATH, cookie, { kind: "voice", from: "+380501110004", step: "main", callSid, digits: "1" })),
      )) as SimResult & { error?: string };
      expect(result.ok, callSid).toBe(false);
      expect(result.error, callSid).toMatch(/CallSid/);
    }
    expect(await db().call.count({ where: { fromNumber: "+380501110004" } })).toBe(0);
  });

  test("replies shown are only sandbox-outbox messages to the simulated number, never real ones", async () => {
    const phone = "+380501110004";
    // A real message Twilio delivered to this number earlier (before the account was removed).
    await db().message.create({
      data: {
        channel: "SMS",
        direction: "OUT",
        externalId: "SM" + "9".repeat(32),
        address: phone,
        body: "Справжня приватна відповідь",
        sandbox: false,
        deliveryStatus: "DELIVERED",
      },
    });
    // A sandbox message to another number.
    await db().message.create({
      data: {
        channel: "SMS",
        direction: "OUT",
        externalId: "sandbox-other-1",
        address: "+380501110005",
        body: "Чужа відповідь",
        sandbox: true,
        deliveryStatus: "SENT",
      },
    });
    const { cookie } = await signedIn("ADMIN");
    const result = (await action(args(postRequest(PATH, cookie, { kind: "sms", from: phone, body: "Допомога" })))) as SimResult;
    expect(result.ok).toBe(true);
    expect(result.replies?.join("\n") ?? "").not.toContain("Справжня");
    expect(result.replies?.join("\n") ?? "").not.toContain("Чужа");
  });

  test("the navigation shows the link only to an admin, and only in sandbox mode", async () => {
    const admin = await signedIn("ADMIN");
    const operator = await signedIn("OPERATOR");
    const nav = async (cookie: string) => ((await layoutLoader(args(getRequest("/staff", cookie)))) as { canSimulate: boolean }).canSimulate;
    expect(await nav(admin.cookie)).toBe(true);
    expect(await nav(operator.cookie)).toBe(false);
    withTwilioAccount();
    expect(await nav(admin.cookie)).toBe(false);
  });
});
