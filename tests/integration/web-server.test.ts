// The production web process: builds the app, serves it on HOST:PORT from our own server,
// answers the public deadlines API, and exits cleanly on SIGTERM.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "#app/utils/db.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { fc, FuzzStats, fuzz, formRequest, getRequest, hostileForm, hostileHeaders, hostileText, encodeQueryValue } from "#tests/fuzz/harness.ts";
import { waitUntilServing } from "#tests/fixtures/serving.ts";

let server: ChildProcess;
let base = "";
let output = "";
// Production refuses to start without a strong secret of its own.
const SESSION_SECRET = randomBytes(36).toString("base64url");

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], { encoding: "utf8" });
  expect(build.status, build.stderr).toBe(0);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      SESSION_SECRET,
      // Twilio configured, so its webhooks read the body to check signatures (the body-limit tests).
      TWILIO_AUTH_TOKEN: "test-auth-token",
      PUBLIC_BASE_URL: base,
    },
  });
  server.stdout!.on("data", (d) => (output += d));
  server.stderr!.on("data", (d) => (output += d));
  await waitUntilServing(base, () => output);
}, 120_000);

afterAll(() => {
  if (server.exitCode === null) server.kill("SIGKILL");
});

test("serves the Ukrainian home page and the deadlines API", async () => {
  const home = await fetch(`${base}/`);
  expect(home.status).toBe(200);
  const html = await home.text();
  expect(html).toContain('lang="uk"');
  expect(html).toContain("Повідомте про проблему в місті");

  const api = await fetch(`${base}/api/deadlines?receivedAt=2026-01-31T10:00:00Z`);
  expect(api.status).toBe(200);
  const body = (await api.json()) as { clocks: { kind: string; dueAt: string }[] };
  expect(body.clocks.find((c) => c.kind === "appeal-1m")?.dueAt).toBe("2026-03-02T23:59:59.999+02:00");

  const bad = await fetch(`${base}/api/deadlines?receivedAt=yesterday`);
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ field: "receivedAt" });
});

describe("security headers", () => {
  const paths = [
    ["a page", "/"],
    ["the staff sign-in", "/login"],
    ["the JSON API", "/api/deadlines?receivedAt=2026-01-31T10:00:00Z"],
    ["a 400 from the API", "/api/deadlines?receivedAt=yesterday"],
    ["a 404", "/no-such-page"],
  ] as const;

  test.each(paths)("on %s", async (_label, path) => {
    const res = await fetch(`${base}${path}`);
    const h = res.headers;
    const csp = h.get("content-security-policy") ?? "";
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(h.get("x-content-type-options")).toBe("nosniff");
    expect(h.get("x-frame-options")).toBe("DENY");
    // Tracking links carry their secret in the URL: no Referer leaves the site.
    expect(h.get("referrer-policy")).toBe("same-origin");
    expect(h.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    expect(h.get("x-powered-by")).toBeNull();
  });

  test("a page's inline scripts carry this response's nonce; the map tiles' host may serve images", async () => {
    const res = await fetch(`${base}/report`);
    const csp = res.headers.get("content-security-policy")!;
    const nonce = csp.match(/script-src [^;]*'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toMatch(/img-src [^;]*https:\/\/tile\.openstreetmap\.org/);
    const html = await res.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inline.length).toBeGreaterThan(0);
    for (const [, attrs] of inline) expect(attrs).toContain(`nonce="${nonce}"`);
    const asset = html.match(/\/assets\/[\w.-]+\.css/)![0];
    const css = await fetch(`${base}${asset}`);
    expect(css.status).toBe(200);
    expect(css.headers.get("x-content-type-options")).toBe("nosniff");
    const again = (await fetch(`${base}/report`)).headers.get("content-security-policy")!;
    expect(again.match(/'nonce-([^']+)'/)?.[1]).not.toBe(nonce);
  });
});

describe("request body limits", () => {
  const MB = 1024 * 1024;
  const rssKb = () => Number(readFileSync(`/proc/${server.pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)![1]);

  /** Streams `total` bytes chunked (no Content-Length) until the server answers; resolves with its status. */
  function chunkedPost(path: string, total: number, headers: Record<string, string>) {
    return new Promise<{ status: number; sent: number; ms: number; body: string }>((resolve, reject) => {
      const started = Date.now();
      let sent = 0;
      let answered = false;
      const req = http.request(`${base}${path}`, { method: "POST", headers: { ...headers, "Transfer-Encoding": "chunked" } });
      req.on("response", (res) => {
        answered = true;
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, sent, ms: Date.now() - started, body }));
      });
      req.on("error", (e) => (answered ? undefined : reject(e)));
      const chunk = Buffer.alloc(256 * 1024, "a");
      const pump = () => {
        while (!answered && sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!answered) req.end();
      };
      pump();
    });
  }

  test.each([
    ["/report?lang=en", { "Content-Type": "multipart/form-data; boundary=x" }],
    // With a signature header, so the webhook has to read the body to check it.
    ["/webhooks/twilio/sms", { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "bm90LWEtc2lnbmF0dXJl" }],
    ["/login", { "Content-Type": "application/x-www-form-urlencoded" }],
  ])("a 200 MB chunked POST to %s gets 413 quickly and the server's memory does not grow", async (path, headers) => {
    const before = rssKb();
    const result = await chunkedPost(path, 200 * MB, headers);
    expect(result.status).toBe(413);
    expect(result.ms).toBeLessThan(10_000);
    expect((rssKb() - before) / 1024).toBeLessThan(50);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  test("a declared Content-Length over the limit is refused before any of the body is read", async () => {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${base}/webhooks/twilio/sms`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(50 * MB) },
      });
      req.on("response", resolve);
      req.on("error", reject);
      req.write("Body=hello");
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers.connection).toBe("close");
    res.resume();
  });

  test("a 413 is in Ukrainian, English with ?lang=en", async () => {
    const uk = await fetch(`${base}/login`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "x".repeat(200 * 1024) });
    expect(uk.status).toBe(413);
    expect(await uk.text()).toMatch(/завеликий/);
    const en = await fetch(`${base}/login?lang=en`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "x".repeat(200 * 1024),
    });
    expect(await en.text()).toMatch(/too large/i);
  });

  test("a photo-sized form still reaches the page (a bad form is a 4xx from the page, not a 413)", async () => {
    const res = await fetch(`${base}/report`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "description=" + "x".repeat(2 * MB),
    });
    expect(res.status).not.toBe(413);
    expect(res.status).toBeLessThan(500);
  });
});

test("a signed SMS webhook through the production server: TwiML, recorded once, with the security headers; unsigned 403, GET 404", async () => {
  const path = "/webhooks/twilio/sms";
  const params = {
    MessageSid: "SM" + randomBytes(16).toString("hex"),
    AccountSid: "AC" + "1".repeat(32),
    From: "+380501234567",
    To: "+380930000001",
    Body: "Яма на дорозі біля будинку 5, вул. Шевченка",
    NumMedia: "0",
  };
  const signature = twilio.getExpectedTwilioSignature("test-auth-token", `${base}${path}`, params);
  // Raw HTTP, so what the server sends is seen as sent (fetch would undo a compression).
  const post = (headers: Record<string, string>) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request(`${base}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Encoding": "gzip, br", ...headers },
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      });
      req.on("error", reject);
      req.end(new URLSearchParams(params).toString());
    });
  for (let i = 0; i < 2; i++) {
    const res = await post({ "X-Twilio-Signature": signature });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/xml; charset=utf-8");
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response/);
  }
  // Twilio's retry of the same message is the same message.
  expect(await getDb().inboundEvent.count({ where: { channel: "SMS", externalId: params.MessageSid } })).toBe(1);
  const unsigned = await post({});
  expect(unsigned.status).toBe(403);
  expect(await getDb().inboundEvent.count({ where: { channel: "SMS", externalId: params.MessageSid } })).toBe(1);
  expect((await fetch(`${base}${path}`)).status).toBe(404);
});

test("Open311 over HTTP: XML and JSON by suffix with their exact content types; a server-side client's POST reaches it", async () => {
  const xml = await fetch(`${base}/open311/v2/services.xml`);
  expect(xml.status).toBe(200);
  expect(xml.headers.get("content-type")).toBe("text/xml; charset=utf-8");
  expect(await xml.text()).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<services>/);
  const json = await fetch(`${base}/open311/v2/requests.json?status=open`);
  expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(Array.isArray(await json.json())).toBe(true);
  // No Origin (a server such as FixMyStreet): the form reaches the API, which wants a key.
  const post = await fetch(`${base}/open311/v2/requests.xml`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ service_code: "x", api_key: "wrong" }),
  });
  expect(post.status).toBe(403);
  expect(await post.text()).toContain("<errors><error><code>403</code>");
});

test("an unknown page is a 404, not a crash", async () => {
  const res = await fetch(`${base}/no-such-page`);
  expect(res.status).toBe(404);
});

// These go through Remix's own request handler, which direct calls to route modules skip:
// it answers a cross-origin form POST and an unparseable Host with a bare 500 of its own.
function rawRequest(options: { method: string; path: string; headers: Record<string, string>; body?: string }) {
  const { port } = new URL(base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method: options.method, path: options.path, headers: options.headers, setHost: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("hostile headers get a 4xx with a reason, never a 500", () => {
  const form = "description=x&csrf=y";
  const host = () => new URL(base).host;
  test.each([
    ["another site", "https://evil.example"],
    ["null (sandboxed frame)", "null"],
    ["not a URL", "::::"],
  ])("a form POST whose Origin is %s → 403 naming the reason", async (_label, origin) => {
    const res = await rawRequest({
      method: "POST",
      path: "/report",
      headers: { Host: host(), Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: form,
    });
    expect(res.status).toBe(403);
    expect(res.body).toContain("Форму надіслано з іншого сайту");
  });

  test("a same-origin POST still reaches the page", async () => {
    const res = await rawRequest({
      method: "POST",
      path: "/report",
      headers: { Host: host(), Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: form,
    });
    expect(res.status).toBeLessThan(500);
    // What the page shows (its texts data block holds every common text, this one too).
    expect(res.body.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "")).not.toContain("іншого сайту");
  });

  test.each([
    ["with a space", "bad host"],
    ["with a bracket", "[::1"],
    ["with a slash", "a/b"],
  ])("a Host header %s → 400", async (_label, badHost) => {
    const res = await rawRequest({ method: "GET", path: "/", headers: { Host: badHost } });
    expect(res.status).toBe(400);
  });
});

// The fuzz suites call route modules directly; this pass goes through everything in front
// of them (Express, the body limit, helmet, Remix's router and its own checks), where a
// bare 500 can come from code that is not ours.
test("hostile requests through the whole server: no 5xx, and it still serves", async () => {
  const stats = new FuzzStats();
  const paths = [
    "/",
    "/report",
    "/track/abc",
    "/follow/00000000-0000-4000-8000-000000000000",
    "/login",
    "/logout",
    "/deadlines",
    "/api/deadlines",
    "/api/nearby",
    "/api/streets",
    "/api/categories",
    "/attachments/x",
    "/staff",
    "/staff/inbox",
    "/admin",
    "/admin/staff",
    "/metrics",
    "/no-such-page",
    "/%E0%A4%A",
    "/report/..%2f..%2fetc%2fpasswd",
  ];
  // Node's HTTP parser answers a request line and headers over 16 KB with 431 and closes the
  // socket before any of our code runs; a client still sending a body then sees a broken pipe.
  const headerBytes = (request: Request) => request.url.length + [...request.headers].reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  const send = (request: Request) =>
    fetch(request, { redirect: "manual" }).then(
      async (res) => (await res.arrayBuffer(), new Response(null, { status: res.status })),
      (error: unknown) => {
        if (headerBytes(request) > 16 * 1024) return new Response(null, { status: 431 });
        throw error;
      },
    );
  const at = (path: string, query: string) => `${base}${path}${query ? `?${query}` : ""}`;
  const query = fc
    .array(fc.tuple(fc.constantFrom("q", "lang", "receivedAt", "lat", "lon", "category", "redirectTo", "regime"), hostileText), { maxLength: 3 })
    .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeQueryValue(v)}`).join("&"));
  await fuzz(stats, "GET any page", fc.tuple(fc.constantFrom(...paths), query, hostileHeaders), 300, ([path, q, h], signal) =>
    send(getRequest(at(path, q), h, { signal })),
  );
  const form = hostileForm(["description", "email", "password", "phone", "q", "intent", "redirectTo", "code"]);
  await fuzz(stats, "POST any page", fc.tuple(fc.constantFrom(...paths), query, form), 300, ([path, q, input], signal) =>
    send(formRequest(at(path, q), input, { signal })),
  );
  console.info(stats.table("Through the production server"));
  expect(stats.summary()).toBe("");
  const home = await fetch(`${base}/`);
  expect(home.status).toBe(200);
  expect(await fetch(`${base}/healthz`).then((r) => r.status)).toBe(200);
}, 180_000);

test("an admin's change is audited with the address the server saw, never a forged X-Forwarded-For", async () => {
  const password = randomBytes(12).toString("base64url");
  await getDb().staffUser.create({ data: { email: "audit.admin@slv.test", name: "Аудит", role: "ADMIN", passwordHash: await hashPassword(password) } });
  const csrf = (await fetch(`${base}/login`)).headers
    .getSetCookie()
    .join(";")
    .match(/__slv_csrf=([^;]+)/)![1]!;
  const forged = { "X-Forwarded-For": "203.0.113.9" };
  const signIn = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { ...forged, Cookie: `__slv_csrf=${csrf}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "audit.admin@slv.test", password, csrf }),
  });
  expect(signIn.status).toBe(302);
  const session = signIn.headers
    .getSetCookie()
    .join(";")
    .match(/__slv_session=([^;]+)/)![1]!;
  const create = await fetch(`${base}/admin/departments`, {
    method: "POST",
    redirect: "manual",
    headers: { ...forged, Cookie: `__slv_csrf=${csrf}; __slv_session=${session}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "create", code: "audit-test", nameUk: "Відділ перевірки", nameEn: "Audit test", csrf }),
  });
  expect(create.status).toBeLessThan(400);
  const row = await getDb().auditLog.findFirstOrThrow({ where: { action: "department.create" } });
  expect(row.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  const session_ = await getDb().staffSession.findFirstOrThrow({ where: { staffUser: { email: "audit.admin@slv.test" } } });
  expect(session_.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
});

// Each page carries only the texts of its own routes (docs/decisions/011), and what the
// server renders with them has no raw keys: a namespace a route forgot to declare shows up
// here as "console:…" in the HTML, as it would in the browser.
describe("texts per page", () => {
  type Tree = string | { [key: string]: Tree };
  const texts = (lang: string, ns: string): string[] => {
    const walk = (v: Tree): string[] => (typeof v === "string" ? [v] : Object.values(v).flatMap(walk));
    return walk(JSON.parse(readFileSync(`app/locales/${lang}/${ns}.json`, "utf8")) as Tree);
  };
  const RAW_KEY = /\b(common|requests|deadlines|notifications|staff|citizen|console|admin|telegram|phone|handoff|errors):[a-zA-Z][\w.-]*/g;
  const pageTexts = (html: string) => {
    const json = html.match(/<script id="page-texts" type="application\/json"[^>]*>([^<]*)<\/script>/)?.[1];
    return JSON.parse(json ?? "null") as { lang: string; texts: Record<string, unknown> } | null;
  };
  const withoutScripts = (html: string) => html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "");

  test("the citizen report page's HTML and the scripts it loads hold no admin or console text", async () => {
    const html = await (await fetch(`${base}/report`)).text();
    const block = pageTexts(html)!;
    expect(block.lang).toBe("uk");
    expect(Object.keys(block.texts).sort()).toEqual(["citizen", "common"]);
    // Distinctive texts of the staff console and the administration (not shared with citizen pages).
    const citizen = new Set(["uk", "en"].flatMap((l) => [...texts(l, "citizen"), ...texts(l, "common")]));
    const foreign = ["admin", "console"]
      .flatMap((ns) => ["uk", "en"].flatMap((l) => texts(l, ns)))
      .filter((s) => s.length >= 20 && !/["'<>&\\\n]/.test(s) && !citizen.has(s));
    expect(foreign.length).toBeGreaterThan(100);
    expect(foreign).toContain("Розділи адміністрування");
    const scripts = [...new Set(html.match(/\/assets\/[\w.-]+\.js/g) ?? [])];
    expect(scripts.length).toBeGreaterThan(3);
    const sources: [string, string][] = [["the HTML", html]];
    for (const src of scripts) sources.push([src, await (await fetch(`${base}${src}`)).text()]);
    for (const [where, text] of sources) {
      const leaked = foreign.filter((f) => text.includes(f)).slice(0, 3);
      expect({ where, leaked }).toEqual({ where, leaked: [] });
    }
  });

  test("an English page carries the English texts of its namespaces", async () => {
    const block = pageTexts(await (await fetch(`${base}/deadlines?lang=en`)).text())!;
    expect(block.lang).toBe("en");
    expect(Object.keys(block.texts).sort()).toEqual(["common", "deadlines"]);
    expect(JSON.stringify(block.texts)).toContain("Response terms for appeals and requests");
  });

  test("no page renders a raw text key, for citizens or for staff, in either language", async () => {
    const headers = await signInAdmin("texts.admin@slv.test");
    const found: Record<string, string[]> = {};
    for (const lang of ["uk", "en"])
      for (const path of ALL_PAGES) {
        const url = `${base}${path}?lang=${lang}`;
        const res = await fetch(url, { headers, redirect: "manual" });
        if (res.status >= 300 && res.status < 400) continue;
        const html = await res.text();
        expect(pageTexts(html)?.lang, url).toBe(lang);
        const raw = [...new Set(withoutScripts(html).match(RAW_KEY) ?? [])];
        if (raw.length) found[`${path}?lang=${lang}`] = raw;
      }
    expect(found).toEqual({});
  });

  // A streamed page is written in fixed-size buffers; a character of several bytes that
  // straddles a buffer's end must arrive whole. Ukrainian text is two bytes a letter, so a
  // long page crosses many such ends: none may leave a NUL byte or a broken character
  // («потріб\0не» renders as a replacement mark, in text and in attributes).
  test("every page arrives as clean UTF-8: no NUL bytes, no broken characters", async () => {
    const headers = await signInAdmin("bytes.admin@slv.test");
    const broken: Record<string, string> = {};
    for (const lang of ["uk", "en"])
      for (const path of ALL_PAGES) {
        const url = `${base}${path}?lang=${lang}`;
        const res = await fetch(url, { headers, redirect: "manual" });
        if (res.status >= 300 && res.status < 400) continue;
        const bytes = new Uint8Array(await res.arrayBuffer());
        const nul = bytes.indexOf(0);
        const text = new TextDecoder("utf-8").decode(bytes);
        const bad = text.indexOf("\uFFFD");
        if (nul >= 0 || bad >= 0) broken[`${path}?lang=${lang}`] = `NUL at byte ${nul}, U+FFFD at char ${bad} of ${bytes.length} bytes`;
      }
    expect(broken).toEqual({});
  });
});

const ALL_PAGES = [
  "/",
  "/report",
  "/deadlines",
  "/login",
  "/track/not-a-token",
  "/no-such-page",
  "/staff",
  "/staff/inbox",
  "/staff/dashboard",
  "/staff/calls",
  "/staff/handoffs",
  "/staff/phone-appeal",
  "/staff/sandbox-outbox",
  "/admin",
  "/admin/departments",
  "/admin/staff",
  "/admin/categories",
  "/admin/routing",
  "/admin/districts",
  "/admin/calendar",
  "/admin/outages",
  "/admin/templates",
  "/admin/services",
  "/admin/open311",
];

/** A new admin signed in through the login form: the cookies to send. */
async function signInAdmin(email: string) {
  const password = randomBytes(12).toString("base64url");
  await getDb().staffUser.create({ data: { email, name: "Тексти", role: "ADMIN", passwordHash: await hashPassword(password) } });
  const csrf = (await fetch(`${base}/login`)).headers
    .getSetCookie()
    .join(";")
    .match(/__slv_csrf=([^;]+)/)![1]!;
  const signIn = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: `__slv_csrf=${csrf}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, csrf }),
  });
  const session = signIn.headers
    .getSetCookie()
    .join(";")
    .match(/__slv_session=([^;]+)/)![1]!;
  return { Cookie: `__slv_csrf=${csrf}; __slv_session=${session}` };
}

test("production without SESSION_SECRET refuses to start, saying how to make one", async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", SESSION_SECRET: "" },
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  expect(code).toBe(1);
  expect(out).toMatch(/Refusing to start: SESSION_SECRET is not set/);
  expect(out).toMatch(/openssl rand -base64 48/);
  expect(
    await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => "answered",
      () => "nothing listening",
    ),
  ).toBe("nothing listening");
});

test("SIGTERM shuts the server down cleanly", async () => {
  const exited = new Promise<number | null>((r) => server.once("exit", (code) => r(code)));
  server.kill("SIGTERM");
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("timeout"), 10_000))]);
  expect(code).toBe(0);
  expect(output).toContain("web shutting down");
});
