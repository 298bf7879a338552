// An operator records the outcome of a hand-off nobody can track (ЦНАП, manual): the
// request closes, the hand-off is closed, the citizen is told once. iGov is refused (it is
// polled), and department roles cannot do it.
import { beforeAll, expect, test } from "vitest";
import { handOffRequest } from "#app/domain/handoff/hand-off-request.server.ts";
import { recordHandoffOutcome } from "#app/domain/handoff/record-handoff-outcome.server.ts";
import { syncCatalogue } from "#app/domain/handoff/sync-catalogue.server.ts";
import { action as requestAction } from "#app/routes/staff+/requests.$id.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { createCategory, createDepartment, createStaff } from "#tests/factories/org.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";
import { signInAs } from "#tests/factories/staff-session.ts";
import { args, BASE, formPost, requestFrom, settle } from "./handoff-helpers.ts";

beforeAll(async () => {
  server.use(...createIgovApi().handlers);
  await syncCatalogue({});
  const service = await getDb().adminService.findUniqueOrThrow({ where: { provider_externalId: { provider: "IGOV", externalId: "176" } } });
  await createCategory({ code: "admin.outcome-registration", isAdminService: true, adminServiceId: service.id });
});

async function handedOff(provider: "CNAP" | "MANUAL" | "IGOV", door: "TELEGRAM" | "SMS" | "WEB" = "SMS") {
  const r = await requestFrom(door, "admin.outcome-registration");
  const h = await handOffRequest({ requestId: r.request.id, actor: { type: "SYSTEM" }, provider: provider === "IGOV" ? undefined : provider });
  expect(h.provider).toBe(provider);
  return { ...r, handoffId: h.handoffId };
}

const outcomeNotifications = (requestId: string) =>
  getDb().notification.findMany({ where: { requestId, template: { in: ["handoffClosed", "handoffRejected"] } } });

test("an operator records CLOSED for a ЦНАП hand-off through the staff page: request closed, hand-off closed, one notification", async () => {
  const r = await handedOff("CNAP");
  const { cookie } = await signInAs("OPERATOR");
  const note = "ЦНАП зареєстрував місце проживання, довідку видано";
  const res = await settle(
    requestAction(
      args(formPost(`${BASE}/staff/requests/${r.request.id}`, cookie, { intent: "handoff-outcome", outcome: "CLOSED", note }), { id: r.request.id }),
    ),
  );
  expect((res as Response).status).toBe(302);

  const request = await getDb().request.findUniqueOrThrow({ where: { id: r.request.id } });
  expect(request.status).toBe("CLOSED");
  expect(request.closedAt).not.toBeNull();
  expect(await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).toMatchObject({
    status: "CLOSED",
    outcome: note,
    closedAt: expect.any(Date),
  });
  const event = await getDb().requestEvent.findFirstOrThrow({ where: { requestId: r.request.id, type: "handoff-closed" } });
  expect(event).toMatchObject({ isPublic: true, actorType: "STAFF", fromStatus: "HANDED_OFF", toStatus: "CLOSED" });
  const sent = await outcomeNotifications(r.request.id);
  expect(sent.map((n) => n.template)).toEqual(["handoffClosed"]);
  // No generic "status changed" on top.
  expect(await getDb().notification.count({ where: { requestId: r.request.id, template: "statusChanged" } })).toBe(0);

  // Again: refused, nothing more sent.
  const { user } = await signInAs("OPERATOR");
  await expect(recordHandoffOutcome({ actor: user, requestId: r.request.id, outcome: "REJECTED", note: "ще раз" })).rejects.toMatchObject({ code: "CONFLICT" });
  expect(await outcomeNotifications(r.request.id)).toHaveLength(1);
});

test("REJECTED for a manual hand-off closes the request with the rejection notice", async () => {
  const r = await handedOff("MANUAL", "TELEGRAM");
  const { user } = await signInAs("ADMIN");
  await recordHandoffOutcome({ actor: user, requestId: r.request.id, outcome: "REJECTED", note: "Відмовлено: бракує довідки" });
  expect((await getDb().request.findUniqueOrThrow({ where: { id: r.request.id } })).status).toBe("CLOSED");
  expect((await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).status).toBe("REJECTED");
  expect((await outcomeNotifications(r.request.id)).map((n) => n.template)).toEqual(["handoffRejected"]);
});

test("an iGov hand-off is refused (its status is tracked), and nothing changes", async () => {
  const r = await handedOff("IGOV");
  const { user, cookie } = await signInAs("OPERATOR");
  await expect(recordHandoffOutcome({ actor: user, requestId: r.request.id, outcome: "CLOSED", note: "Закрито" })).rejects.toMatchObject({
    code: "VALIDATION",
    message: expect.stringMatching(/tracked automatically/),
  });
  const res = await settle(
    requestAction(
      args(formPost(`${BASE}/staff/requests/${r.request.id}`, cookie, { intent: "handoff-outcome", outcome: "CLOSED", note: "Закрито" }), { id: r.request.id }),
    ),
  );
  expect((res as unknown as { init: { status: number } }).init.status).toBe(400);
  expect((await getDb().request.findUniqueOrThrow({ where: { id: r.request.id } })).status).toBe("HANDED_OFF");
  expect((await getDb().handoff.findUniqueOrThrow({ where: { id: r.handoffId } })).status).not.toMatch(/CLOSED|REJECTED/);
  expect(await outcomeNotifications(r.request.id)).toHaveLength(0);
});

test("a department officer is refused, even for their own department's request", async () => {
  const r = await handedOff("CNAP");
  const department = await createDepartment();
  await getDb().request.update({ where: { id: r.request.id }, data: { departmentId: department.id } });
  const officer = await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: department.id });
  await expect(recordHandoffOutcome({ actor: officer, requestId: r.request.id, outcome: "CLOSED", note: "Закрито" })).rejects.toMatchObject({
    code: "FORBIDDEN",
  });
  expect((await getDb().request.findUniqueOrThrow({ where: { id: r.request.id } })).status).toBe("HANDED_OFF");
  expect(await outcomeNotifications(r.request.id)).toHaveLength(0);
});

test("an empty outcome text is refused", async () => {
  const r = await handedOff("CNAP");
  const { user } = await signInAs("OPERATOR");
  await expect(recordHandoffOutcome({ actor: user, requestId: r.request.id, outcome: "CLOSED", note: "  " })).rejects.toMatchObject({
    code: "VALIDATION",
    field: "note",
  });
});
