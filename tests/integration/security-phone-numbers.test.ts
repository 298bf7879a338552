// Callers' phone numbers by role: the contact centre (operators, supervisors, admins) calls
// people back and sees full numbers, each such page view audited with the records shown;
// department roles see them masked and cannot close a callback task.
import { beforeAll, describe, expect, test } from "vitest";
import { lookupCallerHistory } from "#app/domain/calls/lookup-caller-history.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { action as callsAction, loader as callsLoader } from "#app/routes/staff+/calls.tsx";
import { createDepartment, createStaff } from "#tests/factories/org.ts";
import { signInAs } from "#tests/factories/staff-session.ts";
import { args, getRequest, postRequest, thrown } from "./admin-helpers.ts";

const db = () => getDb();
const WAITING = "+380671234567";
const CALLBACK = "+380501234589";
type Board = { waiting: { id: string; phone: string }[]; callbacks: { id: string; phone: string; earlier: { number: string }[] }[] };

let callId = "";
let taskId = "";
let requestNumber = "";
let departmentId = "";

beforeAll(async () => {
  departmentId = (await createDepartment()).id;
  const call = await db().call.create({
    data: { callSid: "CA" + "a".repeat(32), fromNumber: WAITING, status: "QUEUED", queuedAt: new Date(), menuPath: ["greeting", "0"] },
  });
  callId = call.id;
  const earlier = await submitRequest({
    channel: "SMS",
    externalId: "SM" + "b".repeat(32),
    description: "Не вивезли сміття біля будинку",
    citizen: { phone: CALLBACK },
  });
  requestNumber = earlier.request.number;
  const citizenId = (await db().request.findUniqueOrThrow({ where: { id: earlier.request.id } })).citizenId;
  taskId = (await db().callbackTask.create({ data: { phone: CALLBACK, citizenId, reason: "long-wait" } })).id;
});

async function boardFor(role: "OPERATOR" | "SUPERVISOR" | "ADMIN" | "DEPARTMENT_OFFICER" | "DEPARTMENT_HEAD") {
  // The session cookie alone: postRequest adds the CSRF cookie.
  const { user, session: cookie } = await signInAs(role, { departmentId: role.startsWith("DEPARTMENT") ? departmentId : undefined });
  const board = (await callsLoader(args(getRequest("/staff/calls", cookie)))) as Board;
  return { user, cookie, board };
}

describe("calls board: phone numbers by role", () => {
  for (const role of ["OPERATOR", "SUPERVISOR", "ADMIN"] as const) {
    test(`${role} sees full numbers, and the view is one audit row naming the calls and tasks shown`, async () => {
      const { user, board } = await boardFor(role);
      expect(board.waiting.find((w) => w.id === callId)?.phone).toBe(WAITING);
      const task = board.callbacks.find((c) => c.id === taskId)!;
      expect(task.phone).toBe(CALLBACK);
      expect(task.earlier.map((r) => r.number)).toEqual([requestNumber]);
      const rows = await db().auditLog.findMany({ where: { actorId: user.id, action: "call-board.viewed" } });
      expect(rows).toHaveLength(1);
      const data = rows[0]!.data as { callIds: string[]; callbackTaskIds: string[] };
      expect(data.callIds).toContain(callId);
      expect(data.callbackTaskIds).toContain(taskId);
      expect(JSON.stringify(data)).not.toContain(WAITING);
    });
  }

  for (const role of ["DEPARTMENT_OFFICER", "DEPARTMENT_HEAD"] as const) {
    test(`${role} sees masked numbers only, no caller's earlier requests, and cannot close a task`, async () => {
      const { user, cookie, board } = await boardFor(role);
      expect(board.waiting.find((w) => w.id === callId)?.phone).toBe("+380 •• ••• •• 67");
      const task = board.callbacks.find((c) => c.id === taskId)!;
      expect(task.phone).toBe("+380 •• ••• •• 89");
      expect(task.earlier).toEqual([]);
      const text = JSON.stringify(board);
      for (const secret of [WAITING, CALLBACK, "671234567", "501234589"]) expect(text).not.toContain(secret);
      expect(await db().auditLog.count({ where: { actorId: user.id } })).toBe(0);
      const res = await thrown(callsAction(args(postRequest("/staff/calls", cookie, { taskId, note: "" }))));
      expect(res.status).toBe(403);
      expect((await db().callbackTask.findUniqueOrThrow({ where: { id: taskId } })).status).toBe("OPEN");
    });
  }

  test("an operator's view with nothing on the board writes no audit row", async () => {
    await db().call.update({ where: { id: callId }, data: { status: "COMPLETED", endedAt: new Date() } });
    await db().callbackTask.update({ where: { id: taskId }, data: { status: "DONE" } });
    const { user, board } = await boardFor("OPERATOR");
    expect(board.waiting.length + board.callbacks.length).toBe(0);
    expect(await db().auditLog.count({ where: { actorId: user.id } })).toBe(0);
  });
});

describe("phone appeal: the caller's history", () => {
  test("is for the contact centre only and its audit row lists the requests shown", async () => {
    const operator = await createStaff({ role: "OPERATOR" });
    const history = await lookupCallerHistory({ actor: { id: operator.id, role: "OPERATOR", departmentId: null }, phone: CALLBACK });
    expect(history.requests.map((r) => r.number)).toContain(requestNumber);
    const row = await db().auditLog.findFirstOrThrow({ where: { actorId: operator.id, action: "caller-history.viewed" } });
    expect((row.data as { requestIds: string[] }).requestIds).toEqual(history.requests.map((r) => r.id));
    const officer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId });
    await expect(lookupCallerHistory({ actor: { id: officer.id, role: "DEPARTMENT_OFFICER", departmentId }, phone: CALLBACK })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
