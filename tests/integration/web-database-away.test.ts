// The production web while PostgreSQL is away (a proxy in front of it is stopped): every page
// and the report form answer 503 with Retry-After and a page that says the service is briefly
// unavailable — on the form, that the report was NOT recorded — in the reader's language, never
// a 500; client-side navigations (single-fetch .data) get the 503 too. Once the database is
// back the same form is accepted.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getDb } from "#app/utils/db.server.ts";
import { t } from "#app/utils/i18n.server.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { startPostgresProxy, type PostgresProxy } from "#tests/fixtures/postgres-proxy.ts";
import { waitUntilServing } from "#tests/fixtures/serving.ts";

let server: ChildProcess;
let proxy: PostgresProxy;
let base = "";
let output = "";

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  await createSmallCity();
  const build = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], { encoding: "utf8" });
  expect(build.status, build.stderr).toBe(0);
  const u = new URL(process.env.DATABASE_URL!);
  proxy = await startPostgresProxy({ host: u.hostname, port: Number(u.port || 5432) });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: proxy.urlFor(process.env.DATABASE_URL!),
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      SESSION_SECRET: randomBytes(36).toString("base64url"),
      PUBLIC_BASE_URL: base,
    },
  });
  server.stdout!.on("data", (d) => (output += d));
  server.stderr!.on("data", (d) => (output += d));
  await waitUntilServing(base, () => output);
}, 180_000);

afterAll(async () => {
  if (server?.exitCode === null) server.kill("SIGKILL");
  await proxy?.close();
});

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ");

/** The report form as a browser has it: the CSRF cookie, its token and the form's idempotency key. */
async function openForm() {
  const res = await fetch(`${base}/report?category=water.no-water`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const idempotencyKey = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
  expect(csrf && idempotencyKey).toBeTruthy();
  return { cookie, csrf: csrf!, idempotencyKey: idempotencyKey! };
}

function postForm(form: Awaited<ReturnType<typeof openForm>>, lang = "uk") {
  const fd = new FormData();
  const fields: Record<string, string> = {
    csrf: form.csrf,
    idempotencyKey: form.idempotencyKey,
    categoryCode: "water.no-water",
    description: "Немає холодної води з ранку",
    lat: String(POINTS.centre.lat),
    lon: String(POINTS.centre.lon),
    address: "вул. Університетська, 1",
    fullName: "Олена Петренко",
    phone: "050 123 45 67",
    nearbyChecked: "1",
    intent: "submit",
  };
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fetch(`${base}/report?category=water.no-water&lang=${lang}`, {
    method: "POST",
    body: fd,
    headers: { cookie: form.cookie, origin: base },
    redirect: "manual",
  });
}

async function expectUnavailable(res: Response, lang: "uk" | "en", options: { notRecorded: boolean }) {
  expect(res.status, output.slice(-2000)).toBe(503);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  // What the page shows (its <main>), not the texts it carries for the browser.
  const text = plain(/<main\b[^>]*>([\s\S]*?)<\/main>/.exec(await res.text())?.[1] ?? "");
  expect(text).toContain(t(lang, "errors.unavailable"));
  expect(text).toContain(t(lang, "errors.unavailableText"));
  expect(text).toContain(t(lang, "errors.unavailableEmergency"));
  if (options.notRecorded) expect(text).toContain(t(lang, "errors.notRecorded"));
  else expect(text).not.toContain(t(lang, "errors.notRecorded"));
}

test("pages and the report form answer 503 with Retry-After while the database is away, and work again once it is back", async () => {
  const form = await openForm();
  const formEn = await openForm();
  await proxy.stop();
  try {
    await expectUnavailable(await fetch(`${base}/report?category=water.no-water`), "uk", { notRecorded: false });
    await expectUnavailable(await fetch(`${base}/report?lang=en`), "en", { notRecorded: false });
    await expectUnavailable(await postForm(form), "uk", { notRecorded: true });
    await expectUnavailable(await postForm(formEn, "en"), "en", { notRecorded: true });
    // A client-side navigation (single fetch) gets the 503 and the hint to come back, too.
    const data = await fetch(`${base}/report.data?category=water.no-water`);
    expect(data.status).toBe(503);
    expect(Number(data.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await getDb().request.count()).toBe(0);
  } finally {
    await proxy.start();
  }
  // The pool reconnects on the next query: the page and the same form (same key) now work.
  let page = await fetch(`${base}/report?category=water.no-water`);
  for (let i = 0; i < 20 && page.status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 250));
    page = await fetch(`${base}/report?category=water.no-water`);
  }
  expect(page.status).toBe(200);
  const sent = await postForm(form);
  expect(sent.status).toBe(302);
  expect(sent.headers.get("location")).toMatch(/^\/track\//);
  expect(await getDb().request.count()).toBe(1);
  // Nothing logged a stack per request: the outage is the rate-limited "database unavailable" line.
  expect(output).toContain("database unavailable");
  expect(output).not.toMatch(/"msg":"request failed"/);
}, 120_000);
