// The staff request page as a person sees it: the HTML the real loaders and components
// render inside the staff layout (the root's CSRF token stands in for the root route).
// Two panes (facts · actions), only the actions the status and the role allow, no raw
// codes anywhere, the category tree as groups, "after" photos from the executor, and a
// 403 that says so inside the staff navigation.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { Outlet } from "react-router-dom";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { handOffRequest } from "#app/domain/handoff/hand-off-request.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import * as layout from "#app/routes/staff+/_layout.tsx";
import * as phoneAppeal from "#app/routes/staff+/phone-appeal.tsx";
import * as requestPage from "#app/routes/staff+/requests.$id.tsx";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import "#app/utils/i18n.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { csrf, signInAs, type SignedIn } from "#tests/factories/staff-session.ts";

const BASE = "http://localhost:3000";
const uploadDir = mkdtempSync(path.join(tmpdir(), "slv-request-page-"));
let city: Awaited<ReturnType<typeof createSmallCity>>;
let operator: SignedIn;
let waterOfficer: SignedIn;
let roadsOfficer: SignedIn;

const routes = [
  {
    id: "root",
    path: "/",
    loader: () => ({ csrf: csrf.field, lang: "uk" }),
    Component: Outlet,
    children: [
      {
        id: "routes/staff+/_layout",
        path: "staff",
        loader: layout.loader,
        Component: layout.default,
        ErrorBoundary: (layout as { ErrorBoundary?: () => unknown }).ErrorBoundary,
        children: [
          {
            id: "routes/staff+/requests.$id",
            path: "requests/:id",
            loader: requestPage.loader,
            action: requestPage.action,
            Component: requestPage.default,
            ErrorBoundary: (requestPage as { ErrorBoundary?: () => unknown }).ErrorBoundary,
          },
          { id: "routes/staff+/phone-appeal", path: "phone-appeal", loader: phoneAppeal.loader, Component: phoneAppeal.default },
        ],
      },
    ],
  },
] as never;

/** The page's HTML after a GET (or the POST `body`), with its status; a redirect comes back as such. */
async function render(who: SignedIn, id: string, options: { lang?: "uk" | "en"; body?: FormData | URLSearchParams; path?: string } = {}) {
  const handler = createStaticHandler(routes);
  const url = `${BASE}${options.path ?? `/staff/requests/${id}`}${options.lang ? `?lang=${options.lang}` : ""}`;
  const request = options.body
    ? new Request(url, { method: "POST", headers: { Cookie: who.cookie }, body: options.body })
    : new Request(url, { headers: { Cookie: who.cookie } });
  const context = await handler.query(request, { requestContext: {} });
  if (context instanceof Response) return { status: context.status, html: "", location: context.headers.get("location") };
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(createElement(StaticRouterProvider, { router, context, hydrate: false }));
  return { status: context.statusCode, html, location: null };
}

/** What a person reads: the text between the tags, with no attribute values. */
const visibleText = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ");

const RAW_CODES =
  /\b(COMPLAINT|PROPOSAL|APPLICATION|MONTH_1|DAYS_15|REPEATED|INDIVIDUAL|COLLECTIVE|HANDED_OFF|IN_PROGRESS|WAITING_CITIZEN|PHONE_OPERATOR|MANUAL|CNAP|IGOV|DIIA|STATUTORY|SLA|NEW|ASSIGNED|RESOLVED|CLOSED|RETURNED|REJECTED|MERGED|WEB|TELEGRAM|VOICE|PENDING|SENT|FAILED|UNCERTAIN)\b|\b(appeal-1m|appeal-15d|appeal-extended|deadlines-set|status-changed|handed-off|handoff-order|handoff-status|handoff-closed|handoff-rejected|category-changed|result-photos)\b/;

async function photoFile(name: string, colour: string) {
  const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  return new File([new Uint8Array(jpeg)], name, { type: "image/jpeg" });
}

beforeAll(async () => {
  process.env.UPLOAD_DIR = uploadDir;
  resetEnvForTests();
  city = await createSmallCity();
  operator = await signInAs("OPERATOR", { name: "Олена Оператор" });
  waterOfficer = await signInAs("DEPARTMENT_OFFICER", { departmentId: city.water.id, name: "Сергій Водоканал" });
  roadsOfficer = await signInAs("DEPARTMENT_OFFICER", { departmentId: city.triageOnly.id, name: "Петро Дороги" });
});
afterAll(() => {
  delete process.env.UPLOAD_DIR;
  resetEnvForTests();
});

describe("the request page's layout and actions", () => {
  test("two panes: facts, contact, attachments and history on one side, the actions as tabs on the other", async () => {
    const { request } = await submitRequest({
      channel: "WEB",
      description: "Немає води в будинку",
      categoryCode: "water.no-water",
      location: POINTS.centre,
      citizen: { fullName: "Марія Петренко", phone: "+380501112233" },
    });
    const { status, html } = await render(operator, request.id);
    expect(status).toBe(200);
    expect(html).toMatch(/class="request-layout"/);
    const main = html.slice(html.indexOf('class="request-main"'), html.indexOf('class="request-side"'));
    const side = html.slice(html.indexOf('class="request-side"'));
    expect(main).toContain('id="details"');
    expect(main).toContain('id="contact"');
    expect(main).toContain('id="attachments"');
    expect(main).toContain('id="timeline"');
    expect(side).toContain('role="tablist"');
    expect(side).toMatch(/role="tab"[^>]*>[^<]*Виконати|Виконати[^<]*<\/a>/);
    // The contact stays hidden until asked for; showing it is written to the audit log.
    expect(html).not.toContain("+380501112233");
    const shown = await render(operator, request.id, { body: new URLSearchParams({ csrf: csrf.field, intent: "reveal-contact" }) });
    const shownMain = shown.html.slice(shown.html.indexOf('class="request-main"'), shown.html.indexOf('class="request-side"'));
    expect(shownMain).toContain("+380501112233");
    expect(await getDb().auditLog.count({ where: { action: "citizen-contact.viewed", entityId: request.id } })).toBe(1);
  });

  test("only the actions the status and the role allow: an officer gets no centre actions; nobody resolves a resolved request", async () => {
    const { request } = await submitRequest({ channel: "WEB", description: "Тече труба", categoryCode: "water.no-water", location: POINTS.centre });
    const officer = await render(waterOfficer, request.id);
    const intents = (html: string) => [...html.matchAll(/name="intent" value="([a-z-]+)"/g)].map((m) => m[1]);
    expect(intents(officer.html)).toEqual(expect.arrayContaining(["note", "reply", "take", "ask", "resolve", "return", "result-photos"]));
    for (const centreOnly of ["reroute", "merge", "change-category", "callback"]) expect(intents(officer.html)).not.toContain(centreOnly);

    const operatorPage = await render(operator, request.id);
    expect(intents(operatorPage.html)).toEqual(expect.arrayContaining(["reroute", "merge", "change-category", "resolve"]));
    expect(intents(operatorPage.html)).not.toContain("callback");
    expect(intents(operatorPage.html)).not.toContain("return");

    const body = new URLSearchParams({ csrf: csrf.field, intent: "resolve", resultCode: "RESOLVED_POSITIVELY", publicAnswer: "Трубу замінено" });
    expect((await render(waterOfficer, request.id, { body })).status).toBe(302);
    const resolved = await render(operator, request.id);
    expect(intents(resolved.html)).toContain("callback");
    for (const gone of ["resolve", "ask", "reject", "reroute", "merge", "change-category", "assign", "extend"])
      expect(intents(resolved.html)).not.toContain(gone);
  });
});

describe("no raw codes", () => {
  test("an official appeal handed off, with every coded field set, shows each in words (uk and en)", async () => {
    const { request } = await submitRequest({
      channel: "PHONE_OPERATOR",
      description: "Скарга на відсутність відповіді щодо допомоги",
      categoryCode: "social.aid",
      location: POINTS.centre,
      citizen: { fullName: "Іван Коваль", phone: "+380671112244", residence: "вул. Шкільна, 5" },
      appeal: { kind: "COMPLAINT", subject: "COLLECTIVE", statutoryTerm: "DAYS_15" },
      actor: { type: "STAFF", id: operator.user.id },
    });
    // A second one of the same kind from the same person: a repeated appeal.
    const again = await submitRequest({
      channel: "PHONE_OPERATOR",
      description: "Повторна скарга щодо допомоги",
      categoryCode: "social.aid",
      location: POINTS.centre,
      citizen: { fullName: "Іван Коваль", phone: "+380671112244", residence: "вул. Шкільна, 5" },
      appeal: { kind: "COMPLAINT" },
      actor: { type: "STAFF", id: operator.user.id },
    });
    await getDb().appeal.update({ where: { requestId: again.request.id }, data: { isRepeated: true } });
    await handOffRequest({ requestId: again.request.id, actor: { type: "STAFF", ...operator.user, departmentId: null }, provider: "MANUAL" });
    for (const id of [request.id, again.request.id]) {
      for (const lang of ["uk", "en"] as const) {
        const { status, html } = await render(operator, id, { lang });
        expect(status).toBe(200);
        const text = visibleText(html);
        expect(text.match(RAW_CODES)?.[0] ?? null, `${lang}: ${id}`).toBeNull();
      }
    }
    const uk = visibleText((await render(operator, again.request.id)).html);
    expect(uk).toContain("Скарга");
    expect(uk).toContain("повторне");
    const en = visibleText((await render(operator, request.id, { lang: "en" })).html);
    expect(en).toContain("Complaint");
    expect(en).toContain("15 days");
  });
});

describe("category selects", () => {
  test("the change-category select shows the tree: parents as groups, their leaves inside", async () => {
    const { request } = await submitRequest({ channel: "WEB", description: "Тече кран", categoryCode: "water.no-water", location: POINTS.centre });
    const { html } = await render(operator, request.id);
    const select = html.slice(html.indexOf('name="categoryCode"'), html.indexOf("</select>", html.indexOf('name="categoryCode"')));
    expect(select).toMatch(/<optgroup label="[^"]+">(?:(?!<\/optgroup>)[\s\S])*value="water.no-water"/);
    // A group's parent is not itself a choice when it has leaves; a category with no children is.
    expect(select).not.toMatch(/<option value="water"/);
    expect(select).toContain('value="roads.pothole"');
  });

  test("the phone-appeal form's category select shows the same groups", async () => {
    const { status, html } = await render(operator, "", { path: "/staff/phone-appeal" });
    expect(status).toBe(200);
    const select = html.slice(html.indexOf('name="categoryCode"'), html.indexOf("</select>", html.indexOf('name="categoryCode"')));
    expect(select).toMatch(/<optgroup label="[^"]+">(?:(?!<\/optgroup>)[\s\S])*value="water.no-water"/);
    expect(select).not.toMatch(/<option value="water"/);
    // No category is still a choice: the operator may leave it to the routing desk.
    expect(select).toMatch(/<option value=""[^>]*>[^<]*Не визначено/);
  });
});

describe("after photos", () => {
  test("the executor adds photos of the finished work with the resolution; staff see them as after-photos with thumbnails", async () => {
    const { request } = await submitRequest({ channel: "WEB", description: "Яма біля під'їзду", categoryCode: "water.no-water", location: POINTS.centre });
    const body = new FormData();
    body.set("csrf", csrf.field);
    body.set("intent", "resolve");
    body.set("resultCode", "RESOLVED_POSITIVELY");
    body.set("publicAnswer", "Люк закрито");
    body.append("photos", await photoFile("after.jpg", "#22aa44"));
    const posted = await render(waterOfficer, request.id, { body });
    expect(posted.status).toBe(302);
    const rows = await getDb().attachment.findMany({ where: { requestId: request.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "photo-after", isPublic: true, mimeType: "image/jpeg" });
    expect((await getDb().request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("RESOLVED");

    // A further photo as its own action, after the resolution.
    const more = new FormData();
    more.set("csrf", csrf.field);
    more.set("intent", "result-photos");
    more.append("photos", await photoFile("after-2.jpg", "#2244aa"));
    expect((await render(waterOfficer, request.id, { body: more })).status).toBe(302);
    expect(await getDb().attachment.count({ where: { requestId: request.id, kind: "photo-after" } })).toBe(2);

    const { html } = await render(operator, request.id);
    const attachments = html.slice(html.indexOf('id="attachments"'), html.indexOf('id="timeline"'));
    expect(attachments.match(/data-attachment-kind="photo-after"/g)).toHaveLength(2);
    expect(attachments).toMatch(/<img[^>]+src="\/staff\/attachments\/[0-9a-f-]+"/);
    expect(visibleText(attachments)).toContain("Фото після виконання");
    const events = await getDb().requestEvent.findMany({ where: { requestId: request.id, type: "result-photos" } });
    expect(events).toHaveLength(2);

    // Not a photo: refused with the photo's own error, nothing stored.
    const bad = new FormData();
    bad.set("csrf", csrf.field);
    bad.set("intent", "result-photos");
    bad.append("photos", new File([new TextEncoder().encode("not an image")], "x.jpg", { type: "image/jpeg" }));
    const refused = await render(waterOfficer, request.id, { body: bad });
    expect(refused.status).toBe(400);
    expect(await getDb().attachment.count({ where: { requestId: request.id } })).toBe(2);

    // Another department's officer cannot add photos.
    const foreign = new FormData();
    foreign.set("csrf", csrf.field);
    foreign.set("intent", "result-photos");
    foreign.append("photos", await photoFile("x.jpg", "#000000"));
    expect((await render(roadsOfficer, request.id, { body: foreign })).status).toBe(403);
  });
});

describe("403", () => {
  test("another department's request: «no access to this request» inside the staff navigation", async () => {
    const { request } = await submitRequest({ channel: "WEB", description: "Немає води", categoryCode: "water.no-water", location: POINTS.centre });
    const uk = await render(roadsOfficer, request.id);
    expect(uk.status).toBe(403);
    expect(uk.html).toContain('class="staff-nav"');
    expect(visibleText(uk.html)).toContain("Немає доступу до цієї заявки");
    expect(uk.html).toContain('href="/staff/inbox?lang=uk"');
    const en = await render(roadsOfficer, request.id, { lang: "en" });
    expect(en.status).toBe(403);
    expect(en.html).toContain('class="staff-nav"');
    expect(visibleText(en.html)).toContain("No access to this request");
  });

  test("any other staff page one's role may not open keeps the staff navigation around its error", async () => {
    // The phone-appeal form is the contact centre's: an officer gets a 403 with the reason.
    const { status, html } = await render(waterOfficer, "", { path: "/staff/phone-appeal" });
    expect(status).toBe(403);
    expect(html).toContain('class="staff-nav"');
    expect(html).toContain("Сергій Водоканал");
    expect(visibleText(html)).toMatch(/доступ/i);
  });
});
