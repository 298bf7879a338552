// Staff side of the phone channel without Twilio accounts: the simulator (sandbox replies,
// TwiML), the call board and marking a callback done.
import { describe, expect, test } from "vitest";
import { completeCallbackTask } from "#app/domain/calls/complete-callback-task.server.ts";
import { listCallBoard } from "#app/domain/calls/list-call-board.server.ts";
import { simulatePhone } from "#app/channels/phone/simulate-phone.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { createStaff } from "#tests/factories/org.ts";

describe("phone simulator and call board", () => {
  test("an SMS gets its request number back in the sandbox; a voice walk shows TwiML and ends in a callback task", async () => {
    const admin = await createStaff({ role: "ADMIN" });
    const actor = { id: admin.id, role: admin.role, departmentId: null };
    const sms = await simulatePhone({ actor, kind: "sms", from: "0501239876", body: "Не працює ліфт у під'їзді" });
    expect(sms.replies[0]?.body).toMatch(/SLV-\d{4}-\d{6}/);
    const first = await simulatePhone({ actor, kind: "voice", from: "0501239876", step: "incoming" });
    expect(first.twiml).toContain('language="uk-UA"');
    process.env.HOTLINE_HOURS = "1-7 00:00-23:59";
    resetEnvForTests();
    const menu = await simulatePhone({ actor, kind: "voice", from: "0501239876", callSid: first.callSid, step: "menu", digits: "0" });
    expect(menu.twiml).toContain("<Enqueue");
    const operator = await createStaff({ role: "OPERATOR" });
    const asOperator = { id: operator.id, role: operator.role, departmentId: null };
    expect((await listCallBoard({ actor: asOperator })).waiting.map((w) => w.phone)).toContain("+380501239876");
    await simulatePhone({ actor, kind: "voice", from: "0501239876", callSid: first.callSid, step: "callback?reason=long-wait", digits: "1" });
    const board = await listCallBoard({ actor: asOperator });
    const task = board.callbacks.find((c) => c.phone === "+380501239876")!;
    expect(task.earlier.length).toBe(1);
    expect(await completeCallbackTask({ taskId: task.id, actor: asOperator, note: "поговорили" })).toEqual({ done: true });
    expect(await completeCallbackTask({ taskId: task.id, actor: asOperator })).toEqual({ done: false });
    expect((await getDb().callbackTask.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("DONE");
  });
});
