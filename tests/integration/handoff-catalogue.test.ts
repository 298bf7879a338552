import { beforeEach, expect, test } from "vitest";
import { checkOrderId, hasValidLuhnDigit, luhnCheckDigit, makeOrderId } from "#integrations/igov/index.ts";
import { syncCatalogue } from "#app/domain/handoff/sync-catalogue.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createIgovApi } from "#tests/mocks/igov.ts";
import { server } from "#tests/mocks/server.ts";

let igov: ReturnType<typeof createIgovApi>;
beforeEach(() => {
  igov = createIgovApi();
  server.use(...igov.handlers);
});

test("Luhn: the last digit of nID_Protected checks the digits before it", () => {
  expect(luhnCheckDigit("7992739871")).toBe(3); // the textbook example
  expect(hasValidLuhnDigit("79927398713")).toBe(true);
  expect(hasValidLuhnDigit("79927398714")).toBe(false);
  const good = makeOrderId(0, "8862505");
  expect(checkOrderId(good)).toMatchObject({ ok: true, orderId: good });
  expect(checkOrderId(` ${good.replace("-", "–")} `)).toMatchObject({ ok: true, orderId: good });
  const bad = good.slice(0, -1) + String((Number(good.at(-1)) + 1) % 10);
  expect(checkOrderId(bad)).toEqual({ ok: false, reason: "checkDigit" });
  expect(checkOrderId("88625055")).toEqual({ ok: false, reason: "format" });
});

test("sync pulls Sloviansk's catalogue into AdminService with place-preselected links", async () => {
  const r = await syncCatalogue({});
  expect(r).toMatchObject({ ok: true, seen: 4 });
  const call = new URL(igov.calls.find((c) => c.route === "catalog")!.url);
  expect(Object.fromEntries(call.searchParams)).toEqual({ sFind: "", asIDPlaceUA: "1414100000", bShowEmptyFolders: "false" });

  const services = await getDb().adminService.findMany({ where: { provider: "IGOV" }, orderBy: { externalId: "asc" } });
  expect(services.map((s) => s.externalId).sort()).toEqual(["1016", "176", "177", "725"]);
  const reg = services.find((s) => s.externalId === "176")!;
  expect(reg).toMatchObject({ nameUk: "Реєстрація місця проживання", active: true });
  expect(reg.link).toBe("https://igov.org.ua/service/176/general?sID_UA_Region=1400000000&sID_UA_City=1414100000");
  const sync = await getDb().catalogSync.findUniqueOrThrow({ where: { id: r.syncId } });
  expect(sync).toMatchObject({ ok: true, seen: 4, error: null });
  expect(sync.finishedAt).not.toBeNull();
});

test("a failed or partial sync keeps the last good catalogue and records the failure", async () => {
  await syncCatalogue({ now: new Date("2026-03-01T00:00:00Z") });
  const before = await getDb().adminService.findMany({ where: { provider: "IGOV" }, orderBy: { externalId: "asc" } });

  igov.state.down = true;
  const failed = await syncCatalogue({ now: new Date("2026-03-02T00:00:00Z") });
  expect(failed.ok).toBe(false);

  // Partial: one service without a name; nothing may be deactivated because of it.
  igov.state.down = false;
  igov.state.catalog = [
    {
      nID: 1,
      sName: "Громадянам",
      aSubcategory: [{ nID: 11, sName: "Реєстрація", aService: [{ nID: 176, sName: "Реєстрація місця проживання" }, { nID: 999 }] }],
    },
  ];
  const partial = await syncCatalogue({ now: new Date("2026-03-03T00:00:00Z") });
  expect(partial).toMatchObject({ ok: false });
  if (!partial.ok) expect(partial.error).toMatch(/partial/);

  igov.state.catalog = [];
  expect((await syncCatalogue({ now: new Date("2026-03-04T00:00:00Z") })).ok).toBe(false);

  const after = await getDb().adminService.findMany({ where: { provider: "IGOV" }, orderBy: { externalId: "asc" } });
  expect(after).toEqual(before);
  const syncs = await getDb().catalogSync.findMany({ where: { startedAt: { lt: new Date("2026-03-05T00:00:00Z") } }, orderBy: { startedAt: "asc" } });
  expect(syncs.map((s) => s.ok)).toEqual([true, false, false, false]);
  expect(syncs[1]!.error).toMatch(/503/);
});

test("a good sync deactivates services gone from iGov, keeping their rows", async () => {
  await syncCatalogue({ now: new Date("2026-03-01T00:00:00Z") });
  igov.state.catalog = [
    {
      nID: 1,
      sName: "Громадянам",
      aSubcategory: [{ nID: 11, sName: "Реєстрація", aService: [{ nID: 176, sName: "Реєстрація місця проживання (оновлено)" }] }],
    },
  ];
  const r = await syncCatalogue({ now: new Date("2026-03-02T00:00:00Z") });
  expect(r).toMatchObject({ ok: true, seen: 1, deactivated: 3 });
  const rows = await getDb().adminService.findMany({ where: { provider: "IGOV" } });
  expect(rows).toHaveLength(4);
  expect(rows.find((s) => s.externalId === "176")).toMatchObject({ active: true, nameUk: "Реєстрація місця проживання (оновлено)" });
  expect(rows.filter((s) => !s.active)).toHaveLength(3);
});
