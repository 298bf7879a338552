// /admin: the calendar and its regime, outage events, reply templates.
import { beforeAll, describe, expect, it } from "vitest";
import * as calendar from "#app/routes/admin+/calendar.tsx";
import * as outages from "#app/routes/admin+/outages.tsx";
import * as templates from "#app/routes/admin+/templates.tsx";
import { seedCalendar } from "#app/domain/calendar/seed-calendar.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createCategory, createDistrict, rect } from "#tests/factories/org.ts";
import { args, createAdminAndOperator, expectInvalid, expectOk, getRequest, lastAudit, postRequest, thrown } from "./admin-helpers.ts";

let ctx: Awaited<ReturnType<typeof createAdminAndOperator>>;
beforeAll(async () => {
  ctx = await createAdminAndOperator();
  await seedCalendar({ years: [2026] });
});

describe("calendar", () => {
  it("lists a year's exception days for a regime; refuses a non-admin", async () => {
    const page = await calendar.loader(args(getRequest("/admin/calendar?year=2026&regime=PEACETIME", ctx.adminCookie)));
    expect(page.days.some((d) => d.date === "2026-01-01")).toBe(true);
    expect(page.regime).toBe("PEACETIME");
    expect(page.periods.length).toBeGreaterThanOrEqual(2);
    expect((await thrown(calendar.loader(args(getRequest("/admin/calendar", ctx.operatorCookie))))).status).toBe(403);
    expect((await thrown(calendar.action(args(postRequest("/admin/calendar", ctx.operatorCookie, { intent: "add-day" }))))).status).toBe(403);
  });

  it("adds and removes a day with a reason, audited; validates the date", async () => {
    expectInvalid(
      await calendar.action(
        args(postRequest("/admin/calendar", ctx.adminCookie, { intent: "add-day", regime: "MARTIAL_LAW", date: "2026-02-30", reasonUk: "Тест" })),
      ),
      "date",
    );
    expectInvalid(
      await calendar.action(
        args(postRequest("/admin/calendar", ctx.adminCookie, { intent: "add-day", regime: "MARTIAL_LAW", date: "2026-03-02", reasonUk: "" })),
      ),
      "reasonUk",
    );
    expectOk(
      await calendar.action(
        args(
          postRequest("/admin/calendar", ctx.adminCookie, {
            intent: "add-day",
            regime: "MARTIAL_LAW",
            date: "2026-03-07",
            isWorking: "on",
            reasonUk: "Робоча субота",
            reasonEn: "Working Saturday",
          }),
        ),
      ),
    );
    const day = await getDb().calendarDay.findFirstOrThrow({ where: { regime: "MARTIAL_LAW", date: new Date("2026-03-07T00:00:00Z") } });
    expect(day).toMatchObject({ isWorking: true, reasonUk: "Робоча субота" });
    expect(await lastAudit("calendar.day-add")).toMatchObject({ actorId: ctx.admin.id, entityId: "MARTIAL_LAW:2026-03-07" });

    expectOk(await calendar.action(args(postRequest("/admin/calendar", ctx.adminCookie, { intent: "remove-day", regime: "MARTIAL_LAW", date: "2026-03-07" }))));
    expect(await getDb().calendarDay.count({ where: { regime: "MARTIAL_LAW", date: new Date("2026-03-07T00:00:00Z") } })).toBe(0);
    expect(await lastAudit("calendar.day-remove")).toMatchObject({ entityId: "MARTIAL_LAW:2026-03-07" });
    expectInvalid(
      await calendar.action(args(postRequest("/admin/calendar", ctx.adminCookie, { intent: "remove-day", regime: "MARTIAL_LAW", date: "2026-03-07" }))),
      "date",
      404,
    );
  });

  it("switches the regime from a date (setCalendarRegime), audited; validates the date", async () => {
    expectInvalid(
      await calendar.action(args(postRequest("/admin/calendar", ctx.adminCookie, { intent: "set-regime", regime: "PEACETIME", effectiveFrom: "soon" }))),
      "effectiveFrom",
    );
    expectOk(
      await calendar.action(
        args(
          postRequest("/admin/calendar", ctx.adminCookie, {
            intent: "set-regime",
            regime: "PEACETIME",
            effectiveFrom: "2030-01-01",
            note: "Скасування воєнного стану",
          }),
        ),
      ),
    );
    const period = await getDb().calendarRegimePeriod.findFirstOrThrow({ where: { effectiveFrom: new Date("2030-01-01T00:00:00Z") } });
    expect(period.regime).toBe("PEACETIME");
    expect(await lastAudit("calendar.regime-set")).toMatchObject({ actorId: ctx.admin.id, entityId: period.id });
  });
});

describe("outages", () => {
  it("records an outage (validated), lists it as active, ends it; audited", async () => {
    await createDistrict("centre", rect(37.58, 48.84, 37.62, 48.87));
    await createCategory({ code: "water" });
    expect((await thrown(outages.action(args(postRequest("/admin/outages", ctx.operatorCookie, { intent: "record" }))))).status).toBe(403);
    const fields = {
      intent: "record",
      kind: "OUTAGE",
      titleUk: "Аварія на водогоні",
      causeUk: "Пошкодження труби",
      districtCode: "centre",
      categoryCodes: ["water"],
      startsAt: "2026-11-26T08:00",
      plannedEndAt: "2026-11-26T18:00",
    };
    expectInvalid(await outages.action(args(postRequest("/admin/outages", ctx.adminCookie, { ...fields, districtCode: "nowhere" }))), "districtCode");
    expectInvalid(await outages.action(args(postRequest("/admin/outages", ctx.adminCookie, { ...fields, categoryCodes: [] }))), "categoryCodes");
    expectInvalid(await outages.action(args(postRequest("/admin/outages", ctx.adminCookie, { ...fields, plannedEndAt: "2026-11-26T07:00" }))), "plannedEndAt");

    expectOk(await outages.action(args(postRequest("/admin/outages", ctx.adminCookie, fields))));
    const outage = await getDb().outage.findFirstOrThrow({ where: { titleUk: "Аварія на водогоні" } });
    // 08:00 Kyiv in November (UTC+2) is 06:00 UTC.
    expect(outage.startsAt.toISOString()).toBe("2026-11-26T06:00:00.000Z");
    expect(outage.createdById).toBe(ctx.admin.id);
    expect(await lastAudit("outage.record")).toMatchObject({ entityId: outage.id });
    const page = await outages.loader(args(getRequest("/admin/outages", ctx.adminCookie)));
    expect(page.outages.map((o) => o.id)).toContain(outage.id);

    expectOk(await outages.action(args(postRequest("/admin/outages", ctx.adminCookie, { intent: "end", outageId: outage.id }))));
    expect((await getDb().outage.findUniqueOrThrow({ where: { id: outage.id } })).endedAt).not.toBeNull();
    expect(await lastAudit("outage.end")).toMatchObject({ entityId: outage.id, actorId: ctx.admin.id });
    expectInvalid(await outages.action(args(postRequest("/admin/outages", ctx.adminCookie, { intent: "end", outageId: outage.id }))), "outageId", 409);
    expect((await outages.loader(args(getRequest("/admin/outages", ctx.adminCookie)))).outages.map((o) => o.id)).not.toContain(outage.id);
  });
});

describe("reply templates", () => {
  it("creates, edits and deletes a template with known placeholders only; audited", async () => {
    expect((await thrown(templates.loader(args(getRequest("/admin/templates", ctx.operatorCookie))))).status).toBe(403);
    const fields = {
      intent: "save",
      code: "resolved",
      titleUk: "Виконано",
      titleEn: "Done",
      bodyUk: "Заявку {number} виконано.",
      bodyEn: "Request {number} is done.",
      active: "on",
    };
    const bad = await templates.action(args(postRequest("/admin/templates", ctx.adminCookie, { ...fields, bodyUk: "Заявку {nomer} виконано." })));
    expect(expectInvalid(bad, "bodyUk")).toContain("{nomer}");

    expectOk(await templates.action(args(postRequest("/admin/templates", ctx.adminCookie, fields))));
    const tpl = await getDb().replyTemplate.findUniqueOrThrow({ where: { code: "resolved" } });
    expect(await lastAudit("reply-template.create")).toMatchObject({ entityId: tpl.id, actorId: ctx.admin.id });
    expectInvalid(await templates.action(args(postRequest("/admin/templates", ctx.adminCookie, fields))), "code", 409);

    expectOk(
      await templates.action(
        args(
          postRequest("/admin/templates", ctx.adminCookie, { ...fields, templateId: tpl.id, bodyUk: "Заявку {number} виконано ({department}).", active: "" }),
        ),
      ),
    );
    expect(await getDb().replyTemplate.findUniqueOrThrow({ where: { id: tpl.id } })).toMatchObject({
      bodyUk: "Заявку {number} виконано ({department}).",
      active: false,
    });
    expect(await lastAudit("reply-template.update")).toMatchObject({ entityId: tpl.id });

    expectOk(await templates.action(args(postRequest("/admin/templates", ctx.adminCookie, { intent: "delete", templateId: tpl.id, confirm: "yes" }))));
    expect(await getDb().replyTemplate.count({ where: { id: tpl.id } })).toBe(0);
    expect(await lastAudit("reply-template.delete")).toMatchObject({ entityId: tpl.id });
  });
});
