// /admin/templates as an admin writes the texts staff send: a preview before saving, with
// sample values, in both languages, through the renderer the notifications use, and the
// SMS it becomes with its part count; Ukrainian texts never address a citizen by a name
// they cannot decline; deleting only after a confirmation.
import { beforeAll, describe, expect, it } from "vitest";
import * as templates from "#app/routes/admin+/templates.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { countSmsSegments } from "#integrations/twilio/segments.ts";
import { REPLY_TEMPLATES, seedReplyTemplates } from "#prisma/seed/reply-templates.ts";
import { args, asResult, createAdminAndOperator, expectInvalid, expectOk, getRequest, lastAudit, postRequest, thrown } from "./admin-helpers.ts";

let ctx: Awaited<ReturnType<typeof createAdminAndOperator>>;
beforeAll(async () => {
  ctx = await createAdminAndOperator();
});

const post = (fields: Record<string, string>, query = "") => templates.action(args(postRequest(`/admin/templates${query}`, ctx.adminCookie, fields)));
const page = (query = "") => templates.loader(args(getRequest(`/admin/templates${query}`, ctx.adminCookie)));

type Rendered = { text: string; message: string; sms: { text: string; segments: number; encoding: string; wholeSegments: number; shortened: boolean } };
type PreviewData = { ok: true; preview: { uk: Rendered; en: Rendered; sample: { number: string } }; values: Record<string, string> };

const fields = {
  code: "pv-done",
  titleUk: "Виконано",
  titleEn: "Done",
  bodyUk: "Доброго дня! Заявку {number} виконано ({department}). Дякуємо, що повідомили.",
  bodyEn: "Dear {name}, request {number} has been done by {department}. Thank you for reporting it.",
};

describe("preview", () => {
  it("shows both languages with sample values as the citizen gets them, with the SMS and its parts; saves nothing", async () => {
    expect((await thrown(templates.action(args(postRequest("/admin/templates", ctx.operatorCookie, { intent: "preview", ...fields }))))).status).toBe(403);
    const r = asResult(await post({ intent: "preview", ...fields }));
    expect(r.init?.status ?? 200).toBe(200);
    const { preview, values } = r.data as unknown as PreviewData;
    const number = preview.sample.number;
    expect(number).toMatch(/^SLV-\d{4}-\d{6}$/);

    // The message is the notification "reply" around the rendered text, placeholders filled.
    expect(preview.uk.text).toMatch(new RegExp(`^Доброго дня! Заявку ${number} виконано \\(.+\\)\\. Дякуємо, що повідомили\\.$`));
    expect(preview.uk.text).not.toMatch(/[{}]/);
    expect(preview.uk.message).toBe(`Заявка ${number}: ${preview.uk.text}`);
    expect(preview.en.text).toMatch(new RegExp(`^Dear \\S.+, request ${number} has been done by \\S.+\\. Thank you for reporting it\\.$`));
    expect(preview.en.message).toBe(`Request ${number}: ${preview.en.text}`);

    // The SMS: Cyrillic → UCS-2, parts counted by Twilio's own calculator.
    expect(preview.uk.sms).toMatchObject({ text: preview.uk.message, encoding: "UCS-2", shortened: false });
    expect(preview.uk.sms.segments).toBe(countSmsSegments(preview.uk.message).segments);
    expect(preview.en.sms).toMatchObject({ encoding: "GSM-7", segments: 1, shortened: false });

    // The form keeps what was typed, and nothing was saved.
    expect(values).toMatchObject({ code: "pv-done", bodyUk: fields.bodyUk });
    expect(await getDb().replyTemplate.count({ where: { code: "pv-done" } })).toBe(0);
  });

  it("shows how a long text is shortened to two SMS parts, with the link to the rest", async () => {
    const long = `Доброго дня! ${"Бригада працює на місці, роботи тривають згідно з графіком. ".repeat(5)}Заявка {number}.`;
    const { preview } = asResult(await post({ intent: "preview", ...fields, bodyUk: long })).data as unknown as PreviewData;
    expect(preview.uk.sms.wholeSegments).toBeGreaterThan(2);
    expect(preview.uk.sms).toMatchObject({ shortened: true, segments: 2 });
    expect(preview.uk.sms.text).toMatch(/…/);
    expect(preview.uk.sms.text).toMatch(/\/t\//);
  });

  it("refuses what saving would refuse: unknown placeholders, {name} in Ukrainian", async () => {
    expect(expectInvalid(await post({ intent: "preview", ...fields, bodyUk: "Заявку {nomer} виконано." }), "bodyUk")).toMatch(/\{nomer\}/);
    const vocative = expectInvalid(await post({ intent: "preview", ...fields, bodyUk: "Шановний(а) {name}! Заявку {number} виконано." }), "bodyUk");
    expect(vocative).toMatch(/кличному відмінку/);
    expect(vocative).toContain("{name}");
  });
});

describe("addressing the citizen", () => {
  it("refuses {name} in the Ukrainian text when saving (the vocative), keeps it in English", async () => {
    const vocative = expectInvalid(await post({ intent: "save", ...fields, code: "voc", bodyUk: "Шановна {name}, заявку {number} виконано." }), "bodyUk");
    expect(vocative).toMatch(/Доброго дня!/);
    expect(await getDb().replyTemplate.count({ where: { code: "voc" } })).toBe(0);
    expectOk(await post({ intent: "save", ...fields, code: "voc" }));
    expect(await getDb().replyTemplate.findUniqueOrThrow({ where: { code: "voc" } })).toMatchObject({ bodyEn: fields.bodyEn });
  });

  it("the seeded templates address no one by name in Ukrainian; an unedited old one is brought up to date, an edited one is kept", async () => {
    for (const tpl of REPLY_TEMPLATES) expect(tpl.bodyUk).not.toContain("{name}");
    const db = getDb();
    await db.replyTemplate.deleteMany({ where: { code: { in: REPLY_TEMPLATES.map((t) => t.code) } } });
    // As seeded before: the nominative name after "Шановний(а)".
    await db.replyTemplate.create({
      data: {
        code: "in-work",
        titleUk: "Взято в роботу",
        titleEn: "Taken into work",
        bodyUk: "Шановний(а) {name}! Вашу заявку {number} взято в роботу: {department}. Орієнтовний строк виконання — {dueDate}.",
        bodyEn: "Dear {name}, your request {number} is being worked on by {department}. Expected by {dueDate}.",
      },
    });
    await db.replyTemplate.create({
      data: { code: "need-details", titleUk: "Уточнення", titleEn: "Details", bodyUk: "Шановний(а) {name}! Свій текст адміністратора.", bodyEn: "Own text." },
    });
    await seedReplyTemplates();
    const inWork = await db.replyTemplate.findUniqueOrThrow({ where: { code: "in-work" } });
    expect(inWork.bodyUk).toBe(REPLY_TEMPLATES.find((t) => t.code === "in-work")!.bodyUk);
    expect((await db.replyTemplate.findUniqueOrThrow({ where: { code: "need-details" } })).bodyUk).toBe("Шановний(а) {name}! Свій текст адміністратора.");
    expect(await db.replyTemplate.count({ where: { code: "planned-works" } })).toBe(1);

    // The list says which saved texts still use {name} in Ukrainian.
    const list = await page();
    expect(list.templates.find((t) => t.code === "need-details")!.nameInUk).toBe(true);
    expect(list.templates.find((t) => t.code === "in-work")!.nameInUk).toBe(false);
  });
});

describe("deleting a template", () => {
  it("asks for confirmation first (a page of its own, no script needed); deletes only when confirmed", async () => {
    expectOk(await post({ intent: "save", ...fields, code: "del-me" }));
    const tpl = await getDb().replyTemplate.findUniqueOrThrow({ where: { code: "del-me" } });
    expectInvalid(await post({ intent: "delete", templateId: tpl.id }), "confirm");
    expect(await getDb().replyTemplate.count({ where: { id: tpl.id } })).toBe(1);

    expect((await page(`?delete=${tpl.id}`)).confirmDelete).toMatchObject({ id: tpl.id, code: "del-me" });
    expect((await page(`?delete=nothing`)).confirmDelete).toBeNull();

    expectOk(await post({ intent: "delete", templateId: tpl.id, confirm: "yes" }));
    expect(await getDb().replyTemplate.count({ where: { id: tpl.id } })).toBe(0);
    expect(await lastAudit("reply-template.delete")).toMatchObject({ entityId: tpl.id, actorId: ctx.admin.id });
  });
});
