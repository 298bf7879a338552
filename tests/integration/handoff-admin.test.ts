// Admin services page and the maintenance tasks that keep the catalogue and hand-offs current.
import type { Job } from "bullmq";
import { beforeEach, expect, test } from "vitest";
import { action, loader } from "#app/routes/admin+/services.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { processMaintenanceJob } from "#workers/process-maintenance.ts";
import { SCHEDULES } from "#workers/start-workers.ts";
import { createCategory } from "#tests/factories/org.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";
import { signInAs } from "#tests/factories/staff-session.ts";
import { args, BASE, formPost, settle } from "./handoff-helpers.ts";

let igov: ReturnType<typeof createIgovApi>;
beforeEach(() => {
  igov = createIgovApi();
  server.use(...igov.handlers);
});

const URL_ = `${BASE}/admin/services`;
type Page = {
  syncs: { ok: boolean; error: string | null }[];
  services: { id: string; provider: string; externalId: string }[];
  categories: { id: string; adminServiceId: string | null }[];
};

test("maintenance tasks sync-catalogue and poll-handoffs are scheduled and dispatched", async () => {
  expect(SCHEDULES.map((s) => s.id)).toEqual(expect.arrayContaining(["sync-catalogue", "poll-handoffs"]));
  expect(await processMaintenanceJob({ data: { task: "sync-catalogue" } } as Job)).toMatchObject({ ok: true, seen: 4 });
  expect(await processMaintenanceJob({ data: { task: "poll-handoffs" } } as Job)).toMatchObject({ checked: 0 });
});

test("admins see sync failures, map categories to services and enter Diia / ЦНАП services; others may not", async () => {
  const { cookie } = await signInAs("ADMIN");
  igov.state.down = true;
  const failed = await settle(action(args(formPost(URL_, cookie, { intent: "sync" }))));
  expect((failed as unknown as { init: { status: number } }).init.status).toBe(502);

  let page = (await loader(args(new Request(URL_, { headers: { Cookie: cookie } })))) as unknown as Page;
  expect(page.syncs[0]).toMatchObject({ ok: false, error: expect.stringMatching(/503/) });
  expect(page.services.filter((s) => s.provider === "IGOV")).toHaveLength(4); // the last good catalogue stays

  const cnap = await settle(
    action(
      args(
        formPost(URL_, cookie, {
          intent: "save-service",
          provider: "CNAP",
          externalId: "cnap-passport",
          nameUk: "Оформлення паспорта громадянина України",
          detailsUk: "Паспорт старого зразка, фото 3,5×4,5",
        }),
      ),
    ),
  );
  expect((cnap as Response).status).toBe(302);
  const leaky = await settle(
    action(
      args(
        formPost(URL_, cookie, {
          intent: "save-service",
          provider: "DIIA",
          externalId: "x",
          nameUk: "Послуга",
          link: "https://diia.gov.ua/services/x?phone=+380501234567",
        }),
      ),
    ),
  );
  expect((leaky as unknown as { init: { status: number } }).init.status).toBe(400);
  const offsite = await settle(
    action(args(formPost(URL_, cookie, { intent: "save-service", provider: "DIIA", externalId: "y", nameUk: "Послуга", link: "https://example.com/y" }))),
  );
  expect((offsite as unknown as { init: { status: number } }).init.status).toBe(400);

  const category = await createCategory({ code: "admin.passport" });
  const service = await getDb().adminService.findUniqueOrThrow({ where: { provider_externalId: { provider: "CNAP", externalId: "cnap-passport" } } });
  const mapped = await settle(action(args(formPost(URL_, cookie, { intent: "map", categoryId: category.id, serviceId: service.id, isAdminService: "on" }))));
  expect((mapped as Response).status).toBe(302);
  expect(await getDb().category.findUniqueOrThrow({ where: { id: category.id } })).toMatchObject({ isAdminService: true, adminServiceId: service.id });

  const operator = await signInAs("OPERATOR");
  const denied = await settle(loader(args(new Request(URL_, { headers: { Cookie: operator.cookie } }))));
  expect(denied).toBeInstanceOf(Response);
  expect((denied as Response).status).toBeGreaterThanOrEqual(300);
  page = (await loader(args(new Request(URL_, { headers: { Cookie: cookie } })))) as unknown as Page;
  expect(page.categories.find((c) => c.id === category.id)?.adminServiceId).toBe(service.id);
});
