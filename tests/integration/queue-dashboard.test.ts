// The BullMQ dashboard at /admin/queues, mounted as server.ts mounts it (behind the same
// security headers): administrators see the queues and their jobs, read-only; an operator
// is refused with 403; nobody signed in is sent to the sign-in page (its API answers 401).
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getQueue } from "#app/jobs/queues.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { QUEUE_DASHBOARD_PATH, queueDashboard } from "#app/utils/queue-dashboard.server.ts";
import { securityHeaders } from "#app/utils/security-headers.server.ts";
import { signInAs } from "#tests/factories/staff-session.ts";

let base = "";
let close = () => {};
let admin = "";
let operator = "";
let supervisor = "";

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders(getEnv(), { viteDev: false }));
  app.use(QUEUE_DASHBOARD_PATH, queueDashboard());
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
  admin = (await signInAs("ADMIN")).session;
  operator = (await signInAs("OPERATOR")).session;
  supervisor = (await signInAs("SUPERVISOR")).session;
  await getQueue("routing").add("routing", { requestId: "00000000-0000-4000-8000-00000000d45b" }, { jobId: "dashboard-job", delay: 3_600_000 });
});
afterAll(() => close());

const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { redirect: "manual", headers: { ...(cookie ? { cookie } : {}), ...headers } });

describe("queue dashboard", () => {
  test("an administrator sees the dashboard page and every queue with its counts and jobs", async () => {
    const page = await get(`${QUEUE_DASHBOARD_PATH}`, admin);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<base href="${QUEUE_DASHBOARD_PATH}/"`);
    // Its scripts are its own files, allowed by the site's policy; <base> may name this site.
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("script-src 'self'");
    const script = html.match(/src="(static\/js\/main\.[\w.]+\.js)"/)![1];
    expect((await get(`${QUEUE_DASHBOARD_PATH}/${script}`, admin)).status).toBe(200);

    const api = await get(`${QUEUE_DASHBOARD_PATH}/api/queues?activeQueue=routing&status=delayed&page=1`, admin);
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string; readOnlyMode: boolean; counts: Record<string, number>; jobs: { id: string }[] }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(["deadlines", "intake", "maintenance", "notifications", "routing"]);
    const routing = body.queues.find((q) => q.name === "routing")!;
    expect(routing.readOnlyMode).toBe(true);
    expect(routing.counts.delayed).toBe(1);
    expect(routing.jobs.map((j) => j.id)).toContain("dashboard-job");
  });

  test("it is read-only: no job can be promoted, retried, removed or cleaned from it", async () => {
    for (const [method, path] of [
      ["PUT", "/api/queues/routing/dashboard-job/promote"],
      ["PUT", "/api/queues/routing/clean/delayed"],
      ["PUT", "/api/queues/pause"],
      ["DELETE", "/api/queues/routing/empty"],
      ["POST", "/api/queues/routing/add"],
    ] as const) {
      const res = await fetch(`${base}${QUEUE_DASHBOARD_PATH}${path}`, { method, headers: { cookie: admin, "content-type": "application/json" }, body: "{}" });
      expect(res.status, `${method} ${path}`).toBe(405);
    }
    expect(await getQueue("routing").getJobState("dashboard-job")).toBe("delayed");
  });

  test("an operator and a supervisor are refused with 403, on the page and on its API", async () => {
    for (const cookie of [operator, supervisor]) {
      const page = await get(QUEUE_DASHBOARD_PATH, cookie, { "accept-language": "en" });
      expect(page.status).toBe(403);
      expect(await page.text()).not.toContain("routing");
      expect((await get(`${QUEUE_DASHBOARD_PATH}/api/queues`, cookie)).status).toBe(403);
    }
  });

  test("nobody signed in: the page redirects to the sign-in and back, the API answers 401, a forged cookie counts as nobody", async () => {
    const page = await get(`${QUEUE_DASHBOARD_PATH}/queue/routing`);
    expect(page.status).toBe(302);
    const location = new URL(page.headers.get("location")!, base);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("redirectTo")).toBe(`${QUEUE_DASHBOARD_PATH}/queue/routing`);

    const api = await get(`${QUEUE_DASHBOARD_PATH}/api/queues`, undefined, { "accept-language": "uk" });
    expect(api.status).toBe(401);
    expect(await api.text()).toContain("адміністратор");
    expect((await get(`${QUEUE_DASHBOARD_PATH}/api/queues`, "__slv_session=forged.value")).status).toBe(401);
    expect((await get(`${QUEUE_DASHBOARD_PATH}/static/js/main.js`)).status).toBe(302);
  });
});
