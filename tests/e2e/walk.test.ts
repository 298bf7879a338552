// End-to-end walk in real headless Chromium (Debian's, via playwright-core) against the
// production build served by server.ts: citizen → operator → department officer → citizen
// → supervisor, the 403 for another department, the no-JavaScript report (the citizen's steps
// at a phone's 390 × 844), then every citizen, console and admin page at 390 px and 1366 px:
// axe-core (no serious or critical finding), no sideways scrolling on a phone, and screenshots
// of each in tests/e2e/output/screenshots/ (CI keeps them).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STAFF } from "#app/domain/staff/demo-staff.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { seedDatabase } from "#prisma/seed/seed-database.server.ts";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { transitionRequest } from "#app/domain/requests/transition-request.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { waitUntilServing } from "#tests/fixtures/serving.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // CI installs Chromium in .ci/run, so there a missing browser is a failure, not a skip.
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing in CI: .ci/run should have installed Debian's chromium`);
  console.warn(`[e2e] SKIPPED: ${CHROMIUM} not found. Install it with: apt-get install -y chromium`);
}

const SHOTS = path.resolve("tests/e2e/output/screenshots");
const WALK_PASSWORD = randomBytes(18).toString("base64url");
// The server runs from a private copy of the build: other test files (web-server.test.ts)
// rebuild build/ while this walk is running, which would pull assets from under it.
const SERVER_DIR = path.resolve("tests/e2e/output/server");
const STEP_MS = 60_000;

let server: ChildProcess | undefined;
let workers: ChildProcess | undefined;
let tiles: http.Server | undefined;
let browser: Browser | undefined;
let base = "";
let serverOutput = "";
const contexts: BrowserContext[] = [];
// What the browser reported about texts and hydration on any page of the walk: a namespace a
// page did not load (i18n.ts says so on the console) or server HTML React could not hydrate.
const textProblems: string[] = [];
const TEXT_PROBLEM = /i18n:|hydrat|did not match|Minified React error #(418|419|421|422|423|425)\b/i;
// A raw key such as "console:nav.inbox" where a text should be.
const RAW_KEY = /\b(common|requests|deadlines|notifications|staff|citizen|console|admin|telegram|phone|handoff|errors|problems|transparency):[a-zA-Z][\w.-]*/;

// State carried from one step of the walk to the next.
const walk = { number: "", trackingUrl: "", requestId: "" };

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** A real PNG (solid colour), small enough to upload as the citizen's photo and to serve as a map tile. */
function png(width: number, height: number, rgb: [number, number, number]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => rgb[i % 3]!)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// The two widths every page is checked at: a phone (the citizen's usual screen) and an office screen.
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

async function newContext(options: { javaScriptEnabled?: boolean; bypassCSP?: boolean; viewport?: { width: number; height: number } } = {}) {
  const context = await browser!.newContext({
    locale: "uk-UA",
    viewport: options.viewport ?? DESKTOP,
    isMobile: options.viewport === PHONE,
    hasTouch: options.viewport === PHONE,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    bypassCSP: options.bypassCSP ?? false,
  });
  // Nothing leaves the machine: every request not to our server or tile server is refused.
  await context.route(/.*/, (route) => {
    const url = new URL(route.request().url());
    return url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "blob:" ? route.continue() : route.abort();
  });
  // Every error a page logged, so a hydration warning is reported with the page it was on and
  // the errors before it (React names the cause in an earlier message than its warning).
  const errors = new Map<unknown, string[]>();
  context.on("console", (message) => {
    if (message.type() !== "error") return;
    const page = message.page();
    const seen = errors.get(page) ?? [];
    errors.set(page, [...seen, message.text().slice(0, 300)]);
    if (TEXT_PROBLEM.test(message.text())) {
      textProblems.push(
        `${page?.url() ?? "?"} (${message.location().url}): ${message.text()}${seen.length ? ` | before it: ${seen.slice(-3).join(" | ")}` : ""}`,
      );
    }
  });
  context.on("weberror", (error) => {
    if (TEXT_PROBLEM.test(String(error.error()))) textProblems.push(String(error.error()));
  });
  contexts.push(context);
  return context;
}

/** Every text on the page (and in its labels) is a text, not a raw key; nothing was reported so far. */
async function expectTextsComplete(page: Page) {
  const shown = await page.evaluate(() =>
    [
      document.title,
      document.body.innerText,
      ...[...document.querySelectorAll("[placeholder],[aria-label],[title],[alt],input[type=submit][value]")].flatMap((e) =>
        ["placeholder", "aria-label", "title", "alt", "value"].map((a) => e.getAttribute(a) ?? ""),
      ),
    ].join("\n"),
  );
  expect(shown.match(RAW_KEY)?.[0] ?? null, `a raw text key on ${page.url()}`).toBeNull();
  expect(textProblems).toEqual([]);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(email: string, options: Parameters<typeof newContext>[0] = {}) {
  const staff = DEMO_STAFF.find((s) => s.email === email)!;
  const page = await (await newContext(options)).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("Електронна пошта").fill(staff.email);
  await page.getByLabel("Пароль").fill(WALK_PASSWORD);
  await page.getByRole("button", { name: "Увійти" }).click();
  await page.waitForURL((u) => u.pathname.startsWith("/staff"));
  // The sign-in form navigates on the client to a page with other namespaces (console).
  await page.locator("main h1").first().waitFor();
  await expectTextsComplete(page);
  return page;
}

/** axe-core's "serious" and "critical" violations on the page (minor and moderate ones are not counted). */
async function seriousA11yViolations(page: Page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: path.resolve("node_modules/axe-core/axe.min.js") });
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** What sticks out past the right edge of a phone screen (the page would scroll sideways), for the failure message. */
async function horizontalOverflow(page: Page) {
  return page.evaluate((limit) => {
    const width = document.documentElement.scrollWidth;
    if (width <= limit + 1) return null;
    // Content of a box that scrolls on its own (a wide table's wrapper) does not move the page.
    const clipped = (e: Element) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") return true;
      return false;
    };
    const culprits = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > limit + 1 && !clipped(e))
      // the outermost ones only: their children stick out with them
      .filter((e) => !(e.parentElement && e.parentElement.getBoundingClientRect().right > limit + 1))
      .slice(0, 5)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.className && typeof e.className === "string" ? `.${e.className.trim().split(/\s+/).join(".")}` : ""} → ${Math.round(e.getBoundingClientRect().right)}px`,
      );
    return { scrollWidth: width, culprits };
  }, PHONE.width);
}

/**
 * A page as its users see it at a phone's and an office screen's width: axe's serious and
 * critical findings, sideways scrolling at 390 px, and a screenshot of each
 * (screenshots/390-<name>.png, screenshots/1366-<name>.png). Returns what is wrong, by width.
 */
async function auditAtBothWidths(page: Page, url: string, name: string, ready?: (page: Page) => Promise<unknown>) {
  const problems: Record<string, unknown> = {};
  // One load at a phone's width; the office width is the same page resized (the layout is CSS).
  await page.setViewportSize(PHONE);
  const response = await page.goto(url);
  expect(response!.status(), url).toBeLessThan(400);
  await page.locator("main h1").first().waitFor();
  await ready?.(page);
  await expectTextsComplete(page);
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    const serious = await seriousA11yViolations(page);
    if (serious.length) problems[`${viewport.width} axe`] = serious;
    if (viewport === PHONE) {
      const overflow = await horizontalOverflow(page);
      if (overflow) problems[`${viewport.width} scrolls sideways`] = overflow;
    }
    await shot(page, `${viewport.width}-${name}`);
  }
  return problems;
}

/**
 * Builds the app and copies build/ and server.ts into SERVER_DIR, checking that every asset
 * the server build refers to made it into the copy (another file's build may have emptied
 * build/ halfway); tries again if not.
 */
function buildPrivateCopy() {
  for (let attempt = 1; ; attempt++) {
    const build = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], { encoding: "utf8" });
    if (build.status === 0) {
      rmSync(SERVER_DIR, { recursive: true, force: true });
      mkdirSync(SERVER_DIR, { recursive: true });
      try {
        cpSync("build", path.join(SERVER_DIR, "build"), { recursive: true });
        cpSync("server.ts", path.join(SERVER_DIR, "server.ts"));
        const serverBuild = readFileSync(path.join(SERVER_DIR, "build/server/index.js"), "utf8");
        const assets = [...new Set(serverBuild.match(/\/assets\/[\w.-]+\.(?:js|css)/g) ?? [])];
        if (assets.length > 0 && assets.every((a) => existsSync(path.join(SERVER_DIR, "build/client", a)))) return;
      } catch {
        // build/ changed under the copy; build again
      }
    }
    if (attempt >= 3) throw new Error(`could not get a consistent build (last exit ${build.status}):\n${build.stderr}`);
  }
}

/** Opens the request page's action by its tab (the page shows one action at a time); a page without tabs shows them all. */
async function openAction(page: Page, name: string) {
  const tab = page.getByRole("tab", { name, exact: true });
  if (await tab.count()) {
    await tab.click();
    await expect.poll(() => tab.getAttribute("aria-selected")).toBe("true");
  }
}

async function chooseCategory(page: Page, search: string, label: RegExp) {
  await page.goto(`${base}/report`);
  await page.getByLabel(/Пошук категорії/).fill(search);
  await page.getByRole("button", { name: "Знайти" }).click();
  await page.getByLabel(label).check();
  await page.getByRole("button", { name: "Далі" }).click();
  await page.waitForURL(/[?&]category=/);
}

describe.skipIf(!hasChromium)("e2e walk in headless Chromium", () => {
  beforeAll(async () => {
    const started = Date.now();
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    buildPrivateCopy();
    await seedDatabase({ withDemoStaff: true, withDemoRequests: false });
    // A production server refuses demo accounts on their published passwords: this walk's own.
    const walkHash = await hashPassword(WALK_PASSWORD);
    await getDb().staffUser.updateMany({ where: { email: { in: DEMO_STAFF.map((s) => s.email) } }, data: { passwordHash: walkHash } });

    // Map tiles come from here, never from the internet.
    const tile = png(256, 256, [226, 232, 240]);
    tiles = http.createServer((_req, res) => res.writeHead(200, { "Content-Type": "image/png", "Cache-Control": "max-age=3600" }).end(tile));
    const tilePort = await freePort();
    await new Promise<void>((r) => tiles!.listen(tilePort, "127.0.0.1", r));

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      SESSION_SECRET: randomBytes(36).toString("base64url"),
      MAP_TILE_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`,
      PUBLIC_BASE_URL: base,
    };
    server = spawn(process.execPath, ["--import", "tsx", path.join(SERVER_DIR, "server.ts")], { cwd: SERVER_DIR, env });
    server.stdout!.on("data", (d) => (serverOutput += d));
    server.stderr!.on("data", (d) => (serverOutput += d));
    // The workers beside the web, as `npm start` runs them: they route what the forms accept.
    workers = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], { env });
    workers.stdout!.on("data", (d) => (serverOutput += d));
    workers.stderr!.on("data", (d) => (serverOutput += d));
    // Generous: on a busy CI machine tsx compiling server.ts alone can take tens of seconds.
    await waitUntilServing(base, () => serverOutput, 600);

    // launch() gives every run a fresh temporary profile (user-data dir), removed on close.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    console.info(`[e2e] build + seed + server + browser ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close().catch(() => {});
    tiles?.close();
    await Promise.all(
      [server, workers].map(async (child) => {
        if (!child || child.exitCode !== null) return;
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }),
    );
  }, 30_000);

  it(
    "the home page is in Ukrainian",
    async () => {
      const page = await (await newContext()).newPage();
      await page.goto(`${base}/`);
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("uk");
      // The first Tab offers a way past the header to the page itself.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Перейти до змісту");
      await page.keyboard.press("Enter");
      await page.waitForURL(/#main$/);
      await shot(page, "01-home");
    },
    STEP_MS,
  );

  it(
    "when the map tiles cannot load, the report form says so in words and choosing a street still places the pin",
    async () => {
      const context = await newContext({ viewport: PHONE });
      // This visitor cannot reach the tile server (a blocked host, a network that drops it).
      await context.route(/\/\d+\/\d+\/\d+\.png$/, (route) => route.abort());
      const page = await context.newPage();
      await chooseCategory(page, "підвал", /Підвал: підтоплення/);
      await expect.poll(() => page.getByTestId("map-tiles-failed").count(), { timeout: 10_000 }).toBe(1);
      expect(await page.getByTestId("map-tiles-failed").innerText()).toBe("Карта не завантажилася — вкажіть адресу: вулиця і будинок");
      const address = page.getByLabel("Адреса або орієнтир");
      await address.fill("Торськ");
      await expect.poll(() => page.locator("#street-list option").count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await address.fill("вулиця Торська");
      await expect.poll(() => page.locator('input[name="lat"]').inputValue(), { timeout: 5_000 }).not.toBe("");
    },
    STEP_MS,
  );

  it(
    "an operator takes a phone appeal: a former street name finds today's street, the district shows before saving, a bad number is caught",
    async () => {
      const page = await signIn("operator@slv.demo");
      await page.goto(`${base}/staff/phone-appeal`);
      const form = page.getByRole("form", { name: "Зареєструвати звернення з гарячої лінії" });
      const street = form.getByLabel("Вулиця", { exact: true });
      await street.fill("Лозанович");
      await expect
        .poll(() => page.locator("#phone-street-list option").first().textContent(), { timeout: 10_000 })
        .toBe("вулиця Національної Гвардії (колишня вулиця Лозановича)");
      await street.fill("вулиця Лозановича");
      await expect.poll(() => page.getByTestId("phone-district").innerText(), { timeout: 10_000 }).toBe("Район: Центр");
      await form.getByLabel("Будинок", { exact: true }).fill("10");
      await form.getByLabel("Суть звернення").fill("Немає води з ранку в усьому будинку");
      await form.getByLabel("Телефон абонента").fill("050 12");
      await form.getByRole("button", { name: "Зареєструвати" }).click();
      await expect.poll(() => page.getByTestId("phone-error").count(), { timeout: 10_000 }).toBe(1);
      expect(await form.getByLabel("Вулиця", { exact: true }).inputValue()).toBe("вулиця Лозановича");
      await form.getByLabel("Телефон абонента").fill("050 123 45 67");
      await form.getByRole("button", { name: "Зареєструвати" }).click();
      await page.waitForURL(/\/staff\/requests\//);
      const id = new URL(page.url()).pathname.split("/").pop()!;
      const stored = await getDb().request.findUniqueOrThrow({ where: { id }, include: { district: true } });
      expect(stored.address).toBe("вулиця Національної Гвардії, 10");
      expect(stored.district?.nameUk).toBe("Центр");
    },
    STEP_MS,
  );

  it(
    "a citizen on a phone (390 × 844) reports with a map pin and a photo and gets a number and a tracking link",
    async () => {
      const page = await (await newContext({ viewport: PHONE })).newPage();
      await chooseCategory(page, "підвал", /Підвал: підтоплення/);
      await page.getByLabel(/Опишіть проблему/).fill("Підвал будинку затоплює водою з прориву труби, вода прибуває щогодини.");
      // The pin: a click in the middle of the map (the city centre).
      const map = page.getByRole("region", { name: /Мапа/ });
      await expect.poll(() => map.locator(".leaflet-tile-loaded").count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await map.click();
      await expect.poll(() => page.locator('input[name="lat"]').inputValue()).not.toBe("");
      expect(await page.getByTestId("pin-status").innerText()).not.toBe("");
      await page.getByLabel("Адреса або орієнтир").fill("вул. Торська, 5, підвал");
      await page.getByLabel(/^Фото/).setInputFiles({ name: "basement.png", mimeType: "image/png", buffer: png(64, 48, [40, 90, 160]) });
      await page.getByLabel("Телефон").fill("+380501234567");
      await shot(page, "02-report-form");
      await page.getByRole("button", { name: "Надіслати заявку" }).click();
      await page.waitForURL(/\/track\//);
      await page.getByTestId("public-number").first().waitFor();
      // Accepted at once; the workers route it and the page shows the result by itself.
      await page
        .getByTestId("department")
        .filter({ hasNotText: /визначаємо/ })
        .waitFor({ timeout: 20_000 });
      expect(await page.getByTestId("routing-pending").count()).toBe(0);
      await expectTextsComplete(page);
      walk.number = (await page.getByTestId("public-number").first().innerText()).trim();
      expect(walk.number).toMatch(/^SLV-\d{4}-\d+$/);
      walk.trackingUrl = (await page.getByTestId("tracking-link").getAttribute("href"))!;
      expect(walk.trackingUrl).toMatch(/\/track\//);
      await shot(page, "03-report-submitted");

      const stored = await getDb().request.findUniqueOrThrow({ where: { number: walk.number }, include: { attachments: true } });
      expect(stored.lat).not.toBeNull();
      expect(stored.attachments.length).toBe(1);
      walk.requestId = stored.id;
    },
    STEP_MS,
  );

  it(
    "an operator finds it in the inbox and routes it to the water utility",
    async () => {
      expect(walk.number, "needs the citizen's report").not.toBe("");
      const page = await signIn("operator@slv.demo");
      await page.goto(`${base}/staff/inbox`);
      const search = page.getByRole("search");
      await search.getByRole("searchbox").fill(walk.number);
      await search.getByRole("button", { name: "Знайти" }).click();
      const row = page.getByTestId("inbox-row").filter({ hasText: walk.number });
      await expect.poll(() => row.count()).toBe(1);
      await shot(page, "04-staff-inbox");
      await row.getByRole("link", { name: walk.number }).click();
      await page.waitForURL(/\/staff\/requests\//);
      await expectTextsComplete(page);
      await openAction(page, "Передати підрозділу");
      const reroute = page.locator("form").filter({ has: page.locator('input[name="intent"][value="reroute"]') });
      const department = reroute.getByRole("combobox", { name: /^Підрозділ/ });
      const vodokanal = await department
        .locator("option", { hasText: /водоканал/i })
        .first()
        .getAttribute("value");
      await department.selectOption(vodokanal!);
      await reroute.getByLabel("Причина").fill("Прорив водогону — компетенція водоканалу");
      await reroute.getByRole("button", { name: "Передати" }).click();
      await expect.poll(() => page.getByTestId("request-department").innerText()).toMatch(/водоканал/i);
      await shot(page, "05-staff-request-routed");
    },
    STEP_MS,
  );

  it(
    "the water utility's officer sees the citizen's photo, takes the request and resolves it",
    async () => {
      expect(walk.requestId, "needs the routed request").not.toBe("");
      const page = await signIn("vodokanal.officer@slv.demo");
      await page.goto(`${base}/staff/requests/${walk.requestId}`);
      // The photo's thumbnail is served by /staff/attachments/<id> to this officer and really loads.
      const thumbnail = page.locator('[data-attachment-kind="photo"] img');
      await thumbnail.scrollIntoViewIfNeeded();
      expect(await thumbnail.getAttribute("src")).toMatch(/^\/staff\/attachments\/[\w-]+$/);
      await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), { timeout: 10_000 }).toBeGreaterThan(0);
      await openAction(page, "Призначити колегу");
      await page.getByRole("button", { name: "Взяти в роботу" }).click();
      await expect.poll(() => page.getByTestId("request-status").getAttribute("data-status")).toBe("IN_PROGRESS");
      await openAction(page, "Виконати");
      const resolve = page.locator("form").filter({ has: page.locator('input[name="intent"][value="resolve"]') });
      await resolve.getByLabel("Код результату").selectOption("RESOLVED_POSITIVELY");
      await resolve.getByLabel("Відповідь заявнику").fill("Прорив усунено, воду з підвалу відкачано.");
      await resolve.getByRole("button", { name: "Позначити виконаною" }).click();
      await expect.poll(() => page.getByTestId("request-status").getAttribute("data-status")).toBe("RESOLVED");
      await shot(page, "06-staff-request-resolved");
    },
    STEP_MS,
  );

  it(
    "the citizen confirms on the tracking page and rates the answer",
    async () => {
      expect(walk.trackingUrl, "needs the tracking link").not.toBe("");
      const page = await (await newContext()).newPage();
      await page.goto(new URL(walk.trackingUrl, base).href);
      await page.getByText("Прорив усунено, воду з підвалу відкачано.").first().waitFor({ state: "visible", timeout: 10_000 });
      await shot(page, "07-track-resolved");
      await page.getByRole("button", { name: "Так, вирішено" }).click();
      await page.getByText("Дякуємо за підтвердження. Заявку закрито.").first().waitFor({ state: "visible", timeout: 10_000 });
      await page.getByLabel("5", { exact: true }).check();
      await page.getByLabel(/Коментар до оцінки/).fill("Швидко й чемно, дякую!");
      await page.getByRole("button", { name: "Надіслати оцінку" }).click();
      await page.getByText("Дякуємо за оцінку!").first().waitFor({ state: "visible", timeout: 10_000 });
      await shot(page, "08-track-rated");
      const rating = await getDb().rating.findUniqueOrThrow({ where: { requestId: walk.requestId } });
      expect(rating.score).toBe(5);
    },
    STEP_MS,
  );

  it(
    "the supervisor's dashboard counts it as resolved",
    async () => {
      expect(walk.requestId).not.toBe("");
      const page = await signIn("supervisor@slv.demo");
      await page.goto(`${base}/staff/dashboard`);
      await expect.poll(() => page.getByTestId("dashboard-resolved-count").innerText()).toBe("1");
      await shot(page, "09-staff-dashboard");
    },
    STEP_MS,
  );

  it(
    "an officer of another department is refused the request (403), even by typing the URL",
    async () => {
      expect(walk.requestId).not.toBe("");
      const page = await signIn("teplo.officer@slv.demo");
      const response = await page.goto(`${base}/staff/requests/${walk.requestId}`);
      expect(response!.status()).toBe(403);
      await expect.poll(() => page.getByText("Прорив усунено").count()).toBe(0);
      await expect.poll(() => page.getByText("+380501234567").count()).toBe(0);
      await shot(page, "10-staff-other-department-403");
    },
    STEP_MS,
  );

  it(
    "the report form works on a phone with JavaScript disabled (address instead of a pin)",
    async () => {
      const page = await (await newContext({ javaScriptEnabled: false, viewport: PHONE })).newPage();
      await chooseCategory(page, "освітлення", /Не працює вуличне освітлення/);
      await expect.poll(() => page.getByRole("region", { name: /Мапа/ }).count()).toBe(0);
      await page.getByLabel(/Опишіть проблему/).fill("Не світить жоден ліхтар уздовж вулиці вже третій вечір.");
      await page.getByLabel("Адреса або орієнтир").fill("вул. Шевченка, 20");
      await page.getByLabel("Телефон").fill("+380671112233");
      await shot(page, "11-report-no-js");
      await page.getByRole("button", { name: "Надіслати заявку" }).click();
      await page.waitForURL(/\/track\//);
      // Without JavaScript the page reloads itself until the workers have routed the request.
      await page
        .getByTestId("department")
        .filter({ hasNotText: /визначаємо/ })
        .waitFor({ timeout: 20_000 });
      expect(await page.getByTestId("routing-pending").count()).toBe(0);
      const number = (await page.getByTestId("public-number").first().innerText()).trim();
      expect(number).toMatch(/^SLV-\d{4}-\d+$/);
      expect(number).not.toBe(walk.number);
      const stored = await getDb().request.findUniqueOrThrow({ where: { number } });
      expect(stored).toMatchObject({ lat: null, lon: null, address: "вул. Шевченка, 20" });
      await shot(page, "12-report-no-js-submitted");
    },
    STEP_MS,
  );

  it(
    "every citizen page at 390 px and 1366 px: no serious or critical axe-core finding, no sideways scrolling on a phone",
    async () => {
      // axe is injected as an inline script, which the pages' Content-Security-Policy (rightly) blocks.
      const page = await (await newContext({ bypassCSP: true })).newPage();
      const pages: [string, string, ((p: Page) => Promise<unknown>)?][] = [
        ["/", "home"],
        ["/report", "report-categories"],
        // With the map drawn (tiles and attribution in place), as a citizen sees it.
        [
          "/report?category=housing.basement",
          "report-form",
          (p) => expect.poll(() => p.locator(".leaflet-tile-loaded").count(), { timeout: 10_000 }).toBeGreaterThan(0),
        ],
        ["/deadlines", "deadlines"],
        // The public pages, with their maps drawn where they have one.
        ["/problems", "problems"],
        ["/map?period=all", "map", (p) => expect.poll(() => p.locator(".public-map.leaflet-container").count(), { timeout: 10_000 }).toBe(1)],
        ["/accessibility", "accessibility", (p) => expect.poll(() => p.locator(".public-map.leaflet-container").count(), { timeout: 10_000 }).toBe(1)],
        ["/stats", "stats"],
        ["/open-data", "open-data"],
        ["/find", "find"],
        ["/my", "my-requests"],
        ["/login", "login"],
      ];
      if (walk.trackingUrl) pages.push([new URL(walk.trackingUrl, base).pathname, "track"]);
      if (walk.number) pages.push([`/problems/${walk.number}`, "problem-card"]);
      const found: Record<string, unknown> = {};
      for (const [url, name, ready] of pages) {
        const problems = await auditAtBothWidths(page, `${base}${url}`, `citizen-${name}`, ready);
        if (Object.keys(problems).length) found[url] = problems;
      }
      expect(found, JSON.stringify(found, null, 2)).toEqual({});
    },
    3 * STEP_MS,
  );

  it(
    "every staff console page at 390 px and 1366 px: no serious or critical axe-core finding, no sideways scrolling on a phone",
    async () => {
      expect(walk.requestId, "needs the citizen's request").not.toBe("");
      // The admin sees every console page (dashboard, phone pages, admin link).
      const page = await signIn("admin@slv.demo", { bypassCSP: true });
      const pages = [
        "/staff",
        "/staff/inbox",
        `/staff/requests/${walk.requestId}`,
        "/staff/dashboard",
        "/staff/calls",
        "/staff/handoffs",
        "/staff/phone-appeal",
        "/staff/sandbox-outbox",
      ];
      if (await page.locator('.staff-nav a[href^="/staff/phone-simulator"]').count()) pages.push("/staff/phone-simulator");
      const found: Record<string, unknown> = {};
      for (const url of pages) {
        const name =
          url
            .replace(/^\/staff\/?/, "")
            .replace(/requests\/[\w-]+/, "request")
            .replace("/", "-") || "home";
        const problems = await auditAtBothWidths(page, `${base}${url}`, `staff-${name}`);
        if (Object.keys(problems).length) found[url] = problems;
      }
      expect(found, JSON.stringify(found, null, 2)).toEqual({});
    },
    3 * STEP_MS,
  );

  it(
    "every admin page at 390 px and 1366 px: no serious or critical axe-core finding, no sideways scrolling on a phone",
    async () => {
      const page = await signIn("admin@slv.demo", { bypassCSP: true });
      const category = await getDb().category.findFirstOrThrow({ orderBy: { code: "asc" } });
      const sections = [
        "",
        "departments",
        "staff",
        "categories",
        `categories/${category.id}`,
        "routing",
        "districts",
        "calendar",
        "outages",
        "templates",
        "services",
        "open311",
      ];
      const found: Record<string, unknown> = {};
      for (const section of sections) {
        const url = `/admin${section ? `/${section}` : ""}`;
        const problems = await auditAtBothWidths(page, `${base}${url}`, `admin-${section.replace(/\/.*/, "-detail") || "home"}`);
        if (Object.keys(problems).length) found[url] = problems;
      }
      expect(found, JSON.stringify(found, null, 2)).toEqual({});
    },
    3 * STEP_MS,
  );

  it(
    "an official appeal's answer opens as a letter to print and as a PDF, from the citizen's tracking page and from the staff request page",
    async () => {
      const officer = await getDb().staffUser.findFirstOrThrow({ where: { email: "vodokanal.officer@slv.demo" } });
      const submitted = await submitRequest({
        channel: "WEB",
        description: "Прошу відремонтувати водогін: третій день немає води в будинку",
        categoryCode: "housing.basement",
        citizen: { fullName: "Марія Іванівна Петренко", phone: "+380501112233", residence: "м. Слов'янськ, вул. Центральна, 1, кв. 5" },
        appeal: { kind: "APPLICATION" },
      });
      await transitionRequest({
        requestId: submitted.request.id,
        to: "RESOLVED",
        actor: { type: "STAFF", id: officer.id },
        resultCode: "RESOLVED_POSITIVELY",
        publicAnswer: "Водогін відремонтовано 2 грудня, водопостачання відновлено.",
      });
      const citizen = await (await newContext()).newPage();
      await citizen.goto(`${base}/track/${submitted.accessToken}`);
      await citizen
        .getByTestId("answer-letter")
        .getByRole("link", { name: /друку|print/i })
        .click();
      await citizen.waitForURL(/\/letter$/);
      await expect.poll(() => citizen.locator("main").innerText()).toContain("Марія Іванівна Петренко");
      await shot(citizen, "13-track-appeal-letter");
      const pdf = await citizen.request.get(`${base}/track/${submitted.accessToken}/letter.pdf`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()["content-type"]).toBe("application/pdf");

      const staff = await signIn("admin@slv.demo");
      await staff.goto(`${base}/staff/requests/${submitted.request.id}`);
      await staff.getByTestId("answer-letter").getByRole("link").first().click();
      await staff.waitForURL(/\/letter$/);
      await expect.poll(() => staff.locator("main").innerText()).toContain(submitted.request.number);
      await shot(staff, "14-staff-appeal-letter");
    },
    STEP_MS,
  );

  it(
    "an operator moves through the inbox by keyboard and routes two requests at once",
    async () => {
      const made = [];
      for (const text of ["Не прибрано сміття біля будинку 3", "Яма на тротуарі біля школи"]) {
        made.push((await submitRequest({ channel: "WEB", description: text, categoryCode: "housing.basement" })).request.number);
      }
      const page = await signIn("operator@slv.demo");
      await page.goto(`${base}/staff/inbox`);
      await page.locator("main h1").first().waitFor();
      // j goes to the first row, j again to the second; / goes to the search box.
      await page.locator("body").press("j");
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.closest("tr[data-inbox-row]") === document.querySelectorAll("tr[data-inbox-row]")[0]))
        .toBe(true);
      await page.locator("body").press("j");
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.closest("tr[data-inbox-row]") === document.querySelectorAll("tr[data-inbox-row]")[1]))
        .toBe(true);
      await page.keyboard.press("/");
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("search");

      for (const number of made) await page.getByLabel(new RegExp(`^Вибрати заявку ${number}$`)).check();
      await page.getByText("Дії з вибраними заявками").click();
      const route = page.locator("fieldset").filter({ hasText: "Передати підрозділу" });
      const department = route.getByRole("combobox");
      const vodokanal = await department
        .locator("option", { hasText: /водоканал/i })
        .first()
        .getAttribute("value");
      await department.selectOption(vodokanal!);
      await route.getByRole("button", { name: "Передати вибрані" }).click();
      await expect.poll(() => page.getByTestId("bulk-summary").innerText()).toContain("Виконано: 2");
      await shot(page, "15-staff-inbox-bulk");
      const routed = await getDb().request.findMany({ where: { number: { in: made } }, select: { departmentId: true } });
      expect(routed.map((r) => r.departmentId)).toEqual([vodokanal, vodokanal]);
    },
    STEP_MS,
  );

  it(
    "the public pages show the database's numbers: every public request in the list, the received count in the statistics, none that is private",
    async () => {
      // One request the citizen asked to keep private: counted nowhere in public.
      const hidden = await submitRequest({ channel: "WEB", description: "Особисте: сусід знову шумить уночі", categoryCode: "housing.basement" });
      await getDb().request.update({ where: { id: hidden.request.id }, data: { isPrivate: true } });
      const publicCount = await getDb().request.count({ where: { isPrivate: false, status: { not: "MERGED" } } });
      const page = await (await newContext()).newPage();
      await page.goto(`${base}/problems?period=all`);
      expect(Number(await page.getByTestId("public-total").getAttribute("data-total"))).toBe(publicCount);
      expect(await page.getByTestId("public-table").innerText()).not.toContain(hidden.request.number);
      await page.goto(`${base}/stats?days=30`);
      expect(Number((await page.getByTestId("stats-received").innerText()).replace(/\D/g, ""))).toBe(publicCount);
      await shot(page, "16-public-stats");
    },
    STEP_MS,
  );

  it(
    "a page opened by a client-side navigation fetches the texts it lacks before it shows; a full load carries them in the HTML",
    async () => {
      const staff = DEMO_STAFF.find((s) => s.email === "operator@slv.demo")!;
      const page = await (await newContext()).newPage();
      const fetched: string[] = [];
      page.on("request", (r) => {
        if (/\/assets\/console-[\w-]+\.js$/.test(r.url())) fetched.push(new URL(r.url()).pathname);
      });
      // The sign-in page has the staff texts only; signing in navigates on the client.
      await page.goto(`${base}/login`);
      expect(await page.locator("#page-texts").evaluate((e) => Object.keys(JSON.parse(e.textContent!).texts).sort())).toEqual(["common", "staff"]);
      await page.getByLabel("Електронна пошта").fill(staff.email);
      await page.getByLabel("Пароль").fill(WALK_PASSWORD);
      await page.getByRole("button", { name: "Увійти" }).click();
      // The staff home (its layout reads the console texts): the console texts come once, before it shows.
      await page.waitForURL((u) => u.pathname === "/staff");
      await page.locator("main h1").first().waitFor();
      await expectTextsComplete(page);
      expect(fetched).toHaveLength(1);
      // A full load of the inbox carries its texts in the HTML: nothing more is fetched.
      fetched.length = 0;
      await page.goto(`${base}/staff/inbox`);
      await expectTextsComplete(page);
      // The search form navigates on the client within the same texts.
      await page.getByRole("search").getByRole("button", { name: "Знайти" }).click();
      await page.waitForURL(/\/staff\/inbox\?/);
      await expectTextsComplete(page);
      expect(fetched).toEqual([]);
    },
    STEP_MS,
  );

  it("no page of the walk showed a raw text key, missed a namespace or failed to hydrate", () => {
    expect(textProblems).toEqual([]);
  });
});
