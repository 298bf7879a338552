import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
import { createSmallCity, createStaff, POINTS } from "#tests/factories/org.ts";
import { BASE, buildPost, run, tinyPng, type Fields } from "./citizen-helpers.ts";

process.env.UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), "slv-uploads-"));
resetEnvForTests();

const { action, loader } = await import("#app/routes/track.$token.tsx");

type Reply = { intent: string; errors: Record<string, string> };
type View = Awaited<ReturnType<typeof getView>>;

let officerId: string;
let requestId: string;
let token: string;
beforeEach(async () => {
  await getDb().$executeRawUnsafe(
    `TRUNCATE "Attachment","Notification","Message","RequestEvent","Deadline","Appeal","RequestCoExecutor","RequestFollower","StaffAlert","Rating","Request","ChannelIdentity","Citizen","RoutingRule","OutageCategory","Outage","Category","District","StaffUser","Department","RequestNumberCounter","Setting" CASCADE`,
  );
  const city = await createSmallCity();
  officerId = (await createStaff({ role: "DEPARTMENT_OFFICER", departmentId: city.water.id, name: "Петро Виконавець" })).id;
  const r = await submitRequest({
    channel: "WEB",
    externalId: "form-1",
    description: "Немає води",
    categoryCode: "water.no-water",
    location: POINTS.centre,
    citizen: { phone: "+380501234567" },
  });
  requestId = r.request.id;
  token = r.accessToken;
});

const staff = () => ({ type: "STAFF" as const, id: officerId });
async function getView(query = "", t = token) {
  const out = (await loader({ request: new Request(`${BASE}/track/${t}${query}`), params: { token: t }, context: {} })) as unknown as {
    data: { view: Awaited<ReturnType<typeof import("#app/domain/tracking/get-tracking-view.server.ts").getTrackingView>>; isNew: boolean; trackingUrl: string };
  };
  return out.data;
}
const post = (fields: Fields, files?: Parameters<typeof buildPost>[2]) =>
  run<Reply>(() => action({ request: buildPost(`${BASE}/track/${token}`, fields, files), params: { token }, context: {} }));
async function resolve() {
  await transitionRequest({ requestId, to: "IN_PROGRESS", actor: staff() });
  await transitionRequest({ requestId, to: "RESOLVED", actor: staff(), resultCode: "RESOLVED_POSITIVELY", publicAnswer: "Воду подано" });
}
const status = async () => (await getDb().request.findUniqueOrThrow({ where: { id: requestId } })).status;

describe("GET /track/:token", () => {
  test("shows the number, the expected date, the department and the private link", async () => {
    const data: View = await getView("?new=1");
    expect(data.isNew).toBe(true);
    expect(data.view.number).toMatch(/^SLV-/);
    expect(data.view.department).toBe("Відділ water");
    expect(data.view.dueAt).not.toBeNull();
    expect(data.trackingUrl).toBe(`${BASE}/track/${token}`);
  });

  test("a wrong or malformed token → 404", async () => {
    for (const bad of ["A".repeat(43), "short", token.slice(0, -1) + (token.endsWith("A") ? "B" : "A")]) {
      const { response } = await run(() => loader({ request: new Request(`${BASE}/track/${bad}`), params: { token: bad }, context: {} }));
      expect(response?.status).toBe(404);
    }
  });

  test("the timeline holds only public events, without staff names or ids", async () => {
    await transitionRequest({ requestId, to: "IN_PROGRESS", actor: staff(), note: "Внутрішня нотатка: подзвонити майстру" });
    const { view } = await getView();
    const text = JSON.stringify(view);
    expect(text).not.toContain("Внутрішня нотатка");
    expect(text).not.toContain(officerId);
    expect(text).not.toContain("Петро");
    expect(text).not.toContain("+380501234567");
    expect(view.events.map((e) => e.type)).toEqual(expect.arrayContaining(["received", "status-changed"]));
    expect(view.events.some((e) => e.type === "note")).toBe(false);
  });
});

describe("POST /track/:token", () => {
  test("'not resolved' reopens; 'resolved' closes", async () => {
    await resolve();
    const { response } = await post({ intent: "reopen", comment: "Води досі немає" });
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toContain("done=reopen");
    expect(await status()).toBe("IN_PROGRESS");
    const again = await post({ intent: "confirm" });
    expect(again.result?.init.status).toBe(409);
    expect(again.result?.data.errors.form).toMatch(/лише вирішену заявку/);

    await transitionRequest({ requestId, to: "RESOLVED", actor: staff(), resultCode: "RESOLVED_POSITIVELY", publicAnswer: "Воду подано" });
    expect((await post({ intent: "confirm" })).response?.status).toBe(302);
    expect(await status()).toBe("CLOSED");
  });

  test("a rating only after resolution, and it may be revised", async () => {
    const early = await post({ intent: "rate", score: "5" });
    expect(early.result?.init.status).toBe(409);
    expect(early.result?.data.errors.score).toMatch(/після того, як заявку буде вирішено/);
    await resolve();
    const outOfRange = await post({ intent: "rate", score: "7" });
    expect(outOfRange.result?.init.status).toBe(400);
    expect((await post({ intent: "rate", score: "4", ratingComment: "Швидко" })).response?.status).toBe(302);
    expect((await post({ intent: "rate", score: "5" })).response?.status).toBe(302);
    expect(await getDb().rating.findUniqueOrThrow({ where: { requestId } })).toMatchObject({ score: 5, comment: null });
    expect((await getView()).view.rating?.score).toBe(5);
  });

  test("adding information answers a staff question: WAITING_CITIZEN → IN_PROGRESS", async () => {
    await transitionRequest({ requestId, to: "IN_PROGRESS", actor: staff() });
    await transitionRequest({ requestId, to: "WAITING_CITIZEN", actor: staff(), question: "Який номер під'їзду?" });
    expect((await getView()).view.question).toBe("Який номер під'їзду?");
    const { response } = await post({ intent: "info", text: "Під'їзд 3" }, { files: [{ name: "a.png", type: "image/png", bytes: tinyPng() }] });
    expect(response?.status).toBe(302);
    expect(response?.headers.get("Location")).toContain("done=answered");
    expect(await status()).toBe("IN_PROGRESS");
    const { view } = await getView();
    expect(view.events.find((e) => e.type === "citizen-info")?.text).toBe("Під'їзд 3");
    expect(view.events.some((e) => e.type === "citizen-answered")).toBe(true);
    expect(view.attachmentIds).toHaveLength(1);
  });

  test("empty information, and missing CSRF, are refused", async () => {
    const empty = await post({ intent: "info", text: "  " });
    expect(empty.result?.init.status).toBe(400);
    expect(empty.result?.data.errors.text).toBe("Напишіть текст або додайте фото.");
    const noCsrf = await post({ intent: "info", text: "x" }, { csrf: false });
    expect(noCsrf.response?.status).toBe(403);
  });
});

describe("what the tracking page promises", () => {
  test("a settled request shows when it was answered or closed, never an expected date 'to be decided'", async () => {
    await resolve();
    const resolved = (await getView()).view;
    expect(resolved.dueAt).toBeNull();
    expect(resolved.settled).toMatchObject({ kind: "answered" });
    expect(Date.parse(resolved.settled!.at)).not.toBeNaN();
    expect((await post({ intent: "confirm" })).response?.status).toBe(302);
    const closed = (await getView()).view;
    expect(closed.settled).toMatchObject({ kind: "closed" });
    expect(closed.dueAt).toBeNull();
  });

  test("a rejected request (no answer stamp) is dated by the move that settled it", async () => {
    await transitionRequest({ requestId, to: "REJECTED", actor: staff(), publicAnswer: "Не в компетенції міста", resultCode: "REFUSED" });
    const { view } = await getView();
    expect(view.settled).toMatchObject({ kind: "closed" });
    expect(view.dueAt).toBeNull();
  });

  test("a linked outage shows its cause and expected end", async () => {
    const plannedEndAt = new Date(Date.now() + 6 * 3600_000);
    const outage = await getDb().outage.create({
      data: {
        kind: "OUTAGE",
        titleUk: "Аварія на водогоні",
        causeUk: "Прорив магістралі на вул. Шевченка",
        startsAt: new Date(Date.now() - 3600_000),
        plannedEndAt,
      },
    });
    await getDb().request.update({ where: { id: requestId }, data: { outageId: outage.id } });
    const { view } = await getView();
    expect(view.outage).toMatchObject({
      title: "Аварія на водогоні",
      cause: "Прорив магістралі на вул. Шевченка",
      plannedEndAt: plannedEndAt.toISOString(),
      ended: false,
    });
  });

  test("an official appeal shows its registration number and date", async () => {
    const r = await submitRequest({
      channel: "WEB",
      externalId: "form-appeal",
      description: "Прошу відремонтувати дах",
      categoryCode: "water.no-water",
      location: POINTS.centre,
      citizen: { phone: "+380501234568", fullName: "Олена Петренко", residence: "вул. Шевченка, 5" },
      appeal: { kind: "APPLICATION" },
    });
    const { view } = await getView("", r.accessToken);
    expect(view.appeal).toMatchObject({ registrationNumber: r.request.number });
    const appeal = await getDb().appeal.findUniqueOrThrow({ where: { requestId: r.request.id } });
    expect(view.appeal!.registeredAt).toBe(appeal.createdAt.toISOString());
    // A plain request has none.
    expect((await getView()).view.appeal).toBeNull();
  });
});

describe("saving the link and the error summary, as the server sends them (no JavaScript yet)", () => {
  test("the confirmation offers the link as text to select; the copy button waits for a browser with a clipboard", async () => {
    const { renderToString } = await import("react-dom/server");
    const { createElement } = await import("react");
    const { CopyLink } = await import("#app/components/citizen/copy-link.tsx");
    const url = `${BASE}/track/${token}`;
    const html = renderToString(createElement(CopyLink, { lang: "uk", url }));
    expect(html).toContain(`value="${url}"`);
    expect(html).toMatch(/<label for="tracking-link-text">Ваше посилання/);
    expect(html).not.toContain(`data-testid="copy-link"`);
    expect(html).not.toContain("Скопіювати посилання");
  });

  test("the summary lists each problem as a link to its field, under a heading, focusable", async () => {
    const { renderToString } = await import("react-dom/server");
    const { createElement } = await import("react");
    const { ErrorSummary } = await import("#app/components/citizen/error-summary.tsx");
    const html = renderToString(createElement(ErrorSummary, { lang: "uk", errors: { description: "Опишіть проблему.", phone: "Неправильний номер." } }));
    expect(html).toContain('tabindex="-1"');
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/<h2 id="error-summary-title">/);
    expect(html).toContain('<a href="#description">Опишіть проблему.</a>');
    expect(html).toContain('<a href="#phone">Неправильний номер.</a>');
    expect(renderToString(createElement(ErrorSummary, { lang: "uk", errors: {} }))).toBe("");
  });
});
