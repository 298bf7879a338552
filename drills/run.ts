// `npm run drills` (full) / `npm run drills -- --quick` (or DRILLS_QUICK=1): fault drills on a
// private copy of the platform. Starts its own PostgreSQL and Redis (temporary directory,
// free ports), migrates and seeds, builds, runs two webs behind a round-robin proxy, two
// workers and the Telegram bot against local Bot API and Twilio stand-ins, then runs each
// drill under load and prints what it measured. Exit code 1 when any drill fails. Every
// process it starts is in its own process group and is killed on exit, Ctrl+C or failure.
// See drills/README.md.
import { randomBytes } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { readBooks, type Books } from "./lib/books.ts";
import { DRILLS, type AppName, type Drill, type DrillContext, type Timing } from "./lib/drills.ts";
import { Ledger, runLoad, type LoadConfig, type TelegramTexts } from "./lib/load.ts";
import { ProcessTable, type Managed } from "./lib/processes.ts";
import { RoundRobinProxy } from "./lib/proxy.ts";
import { freePort, PrivatePostgres, PrivateRedis, sleep, waitFor } from "./lib/services.ts";
import { TelegramStandIn } from "./lib/telegram-standin.ts";
import { TwilioStandIn } from "./lib/twilio-standin.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = new Set(process.argv.slice(2));
const argValue = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const envNumber = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

const QUICK = args.has("--quick") || process.env.DRILLS_QUICK === "1";
const ONLY = (argValue("only") ?? process.env.DRILLS_ONLY ?? "").split(",").filter(Boolean).map(Number);
const TELEGRAM_MODE = (argValue("telegram-mode") ?? process.env.DRILLS_TELEGRAM_MODE ?? "polling") === "webhook" ? "webhook" : "polling";
const KEEP_LOGS = args.has("--keep-logs") || process.env.DRILLS_KEEP_LOGS === "1";
const EVENTS = Number(argValue("events") ?? envNumber("DRILLS_EVENTS") ?? (QUICK ? 120 : 400));
const seconds = (name: string, full: number, quick: number) => 1000 * (envNumber(name) ?? (QUICK ? quick : full));
const TIMING: Timing = {
  loadMs: seconds("DRILLS_LOAD_SECONDS", 45, 20),
  outageMs: seconds("DRILLS_OUTAGE_SECONDS", 15, 6),
  telegramOutageMs: seconds("DRILLS_TELEGRAM_OUTAGE_SECONDS", 60, 15),
  telegramStartOutageMs: seconds("DRILLS_TELEGRAM_START_OUTAGE_SECONDS", 20, 12),
};
/** Pass: recovered within this. */
const BUDGET_MS = seconds("DRILLS_RECOVERY_BUDGET_SECONDS", 60, 60);
/** How much longer we keep watching after the budget, to tell "slow" from "never". */
const GRACE_MS = seconds("DRILLS_GRACE_SECONDS", 30, 10);
const REPLY_TIMEOUT_MS = 20_000;

const say = (line = "") => process.stdout.write(line + "\n");
const started = Date.now();
const clock = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const log = (line: string) => say(`[${clock()}] ${line}`);

// ───────────────────────────── the run's private world ─────────────────────────────

const runDir = mkdtempSync(path.join(os.tmpdir(), "slv-drills-"));
// PostgreSQL runs as another user when we are root: it must be able to reach its directories.
chmodSync(runDir, 0o711);
const logsDir = path.join(runDir, "logs");
mkdirSync(logsDir);
const procs = new ProcessTable(path.join(runDir, "reaper-state.json"), [runDir]);
procs.startReaper();

let cleaningUp = false;
function cleanupSync() {
  procs.killAllSync();
  if (KEEP_LOGS || process.exitCode) keepLogs();
  procs.removeDirsSync();
  procs.stopReaper();
}
let logsKept = "";
function keepLogs() {
  if (logsKept) return;
  logsKept = path.join(os.tmpdir(), `slv-drills-logs-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  try {
    cpSync(logsDir, logsKept, { recursive: true });
  } catch {
    logsKept = "";
  }
}
process.on("exit", () => {
  if (!cleaningUp) cleanupSync();
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    say(`\n${signal}: stopping everything the drills started…`);
    process.exitCode = 130;
    cleanupSync();
    cleaningUp = true;
    process.exit(130);
  });
}
process.on("uncaughtException", (e) => {
  say(`harness error: ${e.stack ?? e}`);
  process.exitCode = 2;
  process.exit(2);
});
process.on("unhandledRejection", (e) => {
  say(`harness error (unhandled rejection): ${(e as Error)?.stack ?? e}`);
  process.exitCode = 2;
  process.exit(2);
});

const [pgPort, redisPort, web1Port, web2Port, proxyPort, tgPort, twilioPort] = await Promise.all(Array.from({ length: 7 }, () => freePort()));
const postgres = new PrivatePostgres(procs, runDir, pgPort!);
const redis = new PrivateRedis(procs, runDir, redisPort!);
const secret = (bytes: number) => randomBytes(bytes).toString("base64url");
const TELEGRAM_TOKEN = `${7000000001}:${secret(26)
  .replace(/[^A-Za-z0-9]/g, "A")
  .slice(0, 35)}`;
const TWILIO = {
  accountSid: "AC" + randomBytes(16).toString("hex"),
  authToken: randomBytes(16).toString("hex"),
  phoneNumber: "+380930000001",
  publicBaseUrl: `http://127.0.0.1:${proxyPort}`,
};
const telegram = new TelegramStandIn(tgPort!, TELEGRAM_TOKEN);
const twilioApi = new TwilioStandIn(twilioPort!, TWILIO.accountSid, TWILIO.authToken);
const webs = [
  { name: "web-1", port: web1Port! },
  { name: "web-2", port: web2Port! },
];
const proxy = new RoundRobinProxy(proxyPort!, webs);
const WEBHOOK = { secret: randomBytes(24).toString("hex"), path: randomBytes(24).toString("hex") };

const baseEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  LANG: "C.UTF-8",
  NODE_ENV: "production",
  DATABASE_URL: postgres.url(),
  REDIS_URL: redis.url,
  QUEUE_PREFIX: "drills",
  HOST: "127.0.0.1",
  TRUST_PROXY: "1",
  PUBLIC_BASE_URL: TWILIO.publicBaseUrl,
  SESSION_SECRET: secret(48),
  SEED_DEMO: "0",
  LOG_LEVEL: process.env.DRILLS_LOG_LEVEL ?? "info",
  TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
  TELEGRAM_API_ROOT: `http://127.0.0.1:${tgPort}`,
  TELEGRAM_MODE,
  ...(TELEGRAM_MODE === "webhook" ? { TELEGRAM_WEBHOOK_SECRET: WEBHOOK.secret, TELEGRAM_WEBHOOK_PATH: WEBHOOK.path } : {}),
  TWILIO_ACCOUNT_SID: TWILIO.accountSid,
  TWILIO_AUTH_TOKEN: TWILIO.authToken,
  TWILIO_PHONE_NUMBER: TWILIO.phoneNumber,
  TWILIO_API_URL: twilioApi.url,
  IGOV_BASE_URL: `${twilioApi.url}/igov`,
  UPLOAD_DIR: path.join(runDir, "uploads"),
  MAP_TILE_URL: "http://127.0.0.1:9/{z}/{x}/{y}.png",
};
// Empty strings mean "not set" to the app, and keep a developer's .env from filling them in.
for (const k of ["REDIS_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_PATH", "SHUTDOWN_DELAY_SECONDS", "SHUTDOWN_GRACE_SECONDS"]) baseEnv[k] ??= "";

// ───────────────────────────── the platform's processes ─────────────────────────────

const running = new Map<AppName, Managed>();
const spawnCount = new Map<AppName, number>();
const entry: Record<AppName, string> = {
  "web-1": "server.ts",
  "web-2": "server.ts",
  "worker-1": "workers/index.ts",
  "worker-2": "workers/index.ts",
  bot: "bots/telegram/index.ts",
};

function envFor(name: AppName): NodeJS.ProcessEnv {
  const env = { ...baseEnv };
  if (name === "web-1") env.PORT = String(web1Port);
  if (name === "web-2") env.PORT = String(web2Port);
  // Each web keeps its own spool, as on its own host; a restarted web finds its own again.
  env.SPOOL_DIR = path.join(runDir, `spool-${name}`);
  // Polling needs no public URL; without one even a bot that predates TELEGRAM_MODE polls.
  if (name === "bot" && TELEGRAM_MODE === "polling") env.PUBLIC_BASE_URL = "";
  return env;
}

async function startApp(name: AppName): Promise<Managed> {
  const n = (spawnCount.get(name) ?? 0) + 1;
  spawnCount.set(name, n);
  const m = procs.spawn(name, process.execPath, ["--max-old-space-size=512", "--import", "tsx", entry[name]], {
    cwd: root,
    env: envFor(name),
    logFile: path.join(logsDir, `${name}.log`),
  });
  m.startedAt = Date.now();
  running.set(name, m);
  return m;
}

async function appReady(name: AppName, timeoutMs = 90_000) {
  const m = running.get(name);
  if (!m) throw new Error(`${name} is not running`);
  const alive = () => {
    if (m.exit) throw new Error(`${name} exited (${m.exit.signal ?? m.exit.code})`);
  };
  if (name.startsWith("web")) {
    const port = name === "web-1" ? web1Port : web2Port;
    await waitFor(
      name,
      async () => {
        alive();
        const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
        await r.arrayBuffer();
        return r.status < 500;
      },
      timeoutMs,
      250,
    );
  } else if (name.startsWith("worker")) {
    await waitFor(
      name,
      async () => {
        alive();
        return logSince(m).includes('"workers started"');
      },
      timeoutMs,
      250,
    );
  } else {
    const before = telegram.stats.getUpdates;
    await waitFor(
      name,
      async () => {
        alive();
        return TELEGRAM_MODE === "webhook" ? telegram.mode === "webhook" && logSince(m).includes("webhook") : telegram.stats.getUpdates > before;
      },
      timeoutMs,
      250,
    );
  }
}

// A process's log file is shared by its restarts: read what this start wrote.
const logOffsets = new Map<Managed, number>();
function logSince(m: Managed) {
  const text = existsSync(m.logFile) ? readFileSync(m.logFile, "utf8") : "";
  if (!logOffsets.has(m)) logOffsets.set(m, 0);
  return text.slice(logOffsets.get(m));
}

function rememberLogOffset(m: Managed) {
  logOffsets.set(m, existsSync(m.logFile) ? readFileSync(m.logFile, "utf8").length : 0);
}

async function startAndWait(name: AppName) {
  const m = await startApp(name);
  rememberLogOffset(m);
  await appReady(name);
  return m;
}

// ───────────────────────────── setup ─────────────────────────────

function runStep(name: string, command: string, argv: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const m = procs.spawn(name, command, argv, { cwd: root, env, logFile: path.join(logsDir, `${name}.log`) });
    m.expectedExit = true;
    void m.exited.then((e) =>
      e.code === 0 ? resolve() : reject(new Error(`${name} failed (${e.signal ?? e.code}); see ${path.join(logsDir, `${name}.log`)}:\n${tail(m.logFile)}`)),
    );
  });
}

function tail(file: string, lines = 15) {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

say(`Fault drills — ${QUICK ? "quick" : "full"} mode, ${EVENTS} events per drill, Telegram ${TELEGRAM_MODE}, run directory ${runDir}`);
const skipBuild = process.env.DRILLS_SKIP_BUILD === "1" && existsSync(path.join(root, "build/server/index.js"));
const build = skipBuild
  ? Promise.resolve()
  : runStep("build", process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { ...process.env, NODE_ENV: "production" });
if (!skipBuild) log("building the web app (npm run build) alongside the setup");

postgres.init();
await postgres.start();
await redis.start();
log(`private PostgreSQL on 127.0.0.1:${pgPort} (socket dir in the run directory), Redis on 127.0.0.1:${redisPort}`);
await telegram.up();
await twilioApi.up();
await proxy.up();
await runStep("migrate", process.execPath, ["--import", "tsx", "scripts/migrate.ts"], baseEnv);
await runStep("seed", process.execPath, ["--import", "tsx", "prisma/seed.ts", "--no-demo"], baseEnv);
log("migrated and seeded (no demo data)");

const db = new pg.Pool({ connectionString: postgres.url(), max: 3, connectionTimeoutMillis: 3000 });
db.on("error", () => {});

// A leaf category a person would pick: no official appeal, no hand-off, no emergency notice,
// no required extra question; one with a routing rule, so requests reach a department.
type CategoryRow = { id: string; code: string; parentId: string | null; extraQuestions: unknown; ruled: boolean };
const leaves = await db.query<CategoryRow>(
  `select c.id, c.code, c."parentId", c."extraQuestions",
          exists (select 1 from "RoutingRule" r where r."categoryId" = c.id and r.active) or c."departmentId" is not null as ruled
     from "Category" c
    where c.active and not c."statutoryApplies" and not c."isAdminService" and not c."isEmergency"
      and not exists (select 1 from "Category" k where k."parentId" = c.id and k.active)
    order by c."sortOrder", c.code`,
);
const noRequiredQuestion = (c: CategoryRow) => !(Array.isArray(c.extraQuestions) && c.extraQuestions.some((q) => (q as { required?: boolean }).required));
const category = leaves.rows.find((c) => c.ruled && noRequiredQuestion(c)) ?? leaves.rows.find(noRequiredQuestion);
if (!category) throw new Error("the seed has no leaf category a drill citizen can pick");
const allCategories = await db.query<{ id: string; parentId: string | null }>(`select id, "parentId" from "Category"`);
const parentOf = new Map(allCategories.rows.map((c) => [c.id, c.parentId]));
const categoryPath: string[] = [];
for (let id: string | null | undefined = category.id; id; id = parentOf.get(id)) categoryPath.unshift(id);
log(`citizens report in category ${category.code}`);

const telegramTexts: TelegramTexts = (() => {
  const uk = JSON.parse(readFileSync(path.join(root, "app/locales/uk/telegram.json"), "utf8")) as Record<string, Record<string, string> & string>;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const submitted = String(uk.submitted)
    .split("{number}")
    .map((part) => esc(part).replace(/\\\{\w+\\\}/g, ".*?"))
    .join("(\\S+?)");
  return {
    submitted: new RegExp(submitted.replace(/\\\.$/, "")),
    locationAsk: uk.location!.ask!,
    descriptionAsk: uk.description!.ask!,
    askName: uk.appeal!.askName!,
    askResidence: uk.appeal!.askResidence!,
  };
})();

await build;
if (!skipBuild) log("web app built");
await Promise.all((["web-1", "web-2", "worker-1", "worker-2", "bot"] as AppName[]).map((n) => startAndWait(n)));
log(`platform up: web-1 :${web1Port}, web-2 :${web2Port} behind the proxy :${proxyPort}; worker-1, worker-2; bot (${TELEGRAM_MODE})`);

// ───────────────────────────── the drills ─────────────────────────────

type Result = {
  drill: Drill;
  books: Books | null;
  answers: { total: number; improper: number; byStatus: Map<string, number> };
  probes: { total: number; failed: number };
  exits: string[];
  recoveryMs: number | null;
  pass: boolean;
  notes: string[];
  ledger: Ledger;
  restartedBefore: string[];
  standins: string;
};

/** Before a drill: everything running and reachable again (a crash in the last drill is not this drill's). */
async function ensureTopology(): Promise<string[]> {
  const restarted: string[] = [];
  telegram.duplicateDelivery = null;
  if (!telegram.isUp) await telegram.up();
  if (!(await postgres.ping())) {
    await postgres.start();
    restarted.push("postgres");
  }
  if (!(await redis.ping())) {
    await redis.start();
    restarted.push("redis");
  }
  for (const name of ["web-1", "web-2", "worker-1", "worker-2", "bot"] as AppName[]) {
    const m = running.get(name);
    if (!m || m.exit) {
      restarted.push(`${name} (had exited: ${m?.exit?.signal ?? m?.exit?.code})`);
      await startAndWait(name).catch((e: Error) => restarted.push(`${name} would not start: ${e.message}`));
    }
  }
  return restarted;
}

async function runDrill(drill: Drill): Promise<Result> {
  const notes: string[] = [];
  const restartedBefore = await ensureTopology();
  const exitsBefore = procs.unexpectedExits.length;
  const ledger = new Ledger();
  const loadMs = drill.loadMs?.(TIMING) ?? TIMING.loadMs;
  let recoveryStart = 0;
  const deadline = () => (recoveryStart ? recoveryStart + BUDGET_MS + GRACE_MS : Date.now() + 60_000);
  const ctx: DrillContext = {
    t0: 0,
    timing: { ...TIMING, loadMs },
    procs,
    postgres,
    redis,
    telegram,
    app: { get: (n) => running.get(n), start: startApp, ready: appReady },
    webUrls: webs.map((w) => `http://127.0.0.1:${w.port}`),
    note: (line) => {
      notes.push(`${((Date.now() - ctx.t0) / 1000).toFixed(1)} s: ${line}`);
      log(`  ${line}`);
    },
  };
  ctx.t0 = Date.now();
  if (drill.before) await drill.before(ctx);
  ctx.t0 = Date.now();
  // Keep the start-time reference for notes and faults the same.
  const cfg: LoadConfig = {
    drill: drill.id,
    events: EVENTS,
    loadMs,
    duplicate: Boolean(drill.duplicate),
    twilio: TWILIO,
    web: { categoryCode: category!.code, lat: 48.852, lon: 37.605, address: "вул. Шевченка, 12" },
    telegram: { standin: telegram, categoryPath, lat: 48.852, lon: 37.605, texts: telegramTexts },
    replyTimeoutMs: REPLY_TIMEOUT_MS,
    deadline,
  };
  const probes = { total: 0, failed: 0 };
  let probing = true;
  const probeLoop = (async () => {
    while (probing) {
      probes.total++;
      const ok = await fetch(`${proxy.url}/healthz`, { signal: AbortSignal.timeout(3000) })
        .then(async (r) => (await r.arrayBuffer(), r.status === 200))
        .catch(() => false);
      if (!ok) probes.failed++;
      await sleep(1000);
    }
  })();

  const load = await runLoad(cfg, { proxy: proxy.url, webs: ctx.webUrls }, ledger);
  const faultEnded = drill.fault(ctx).catch((e: Error) => {
    ctx.note(`fault step failed: ${e.message}`);
    return Date.now();
  });
  const [faultEnd] = await Promise.all([faultEnded, load.sendersDone]);
  recoveryStart = Math.max(faultEnd, ledger.lastSentAt);
  log(`  load sent; watching the books (recovery clock from ${((recoveryStart - ctx.t0) / 1000).toFixed(0)} s)`);

  let books: Books | null = null;
  let recoveredAt: number | null = null;
  while (Date.now() < recoveryStart + BUDGET_MS + GRACE_MS) {
    books = await readBooks({ db, ledger, telegram, twilio: twilioApi }).catch(() => books);
    if (books?.balanced) {
      recoveredAt = Date.now();
      break;
    }
    if (books?.settled && Date.now() > recoveryStart + 5000) break;
    await sleep(1000);
  }
  await load.chatsDone;
  probing = false;
  await probeLoop;
  books = (await readBooks({ db, ledger, telegram, twilio: twilioApi }).catch(() => null)) ?? books;
  if (books?.balanced && !recoveredAt) recoveredAt = Date.now();

  const byStatus = new Map<string, number>();
  for (const a of ledger.answers) if (!a.proper) byStatus.set(`${a.door} ${a.status}`, (byStatus.get(`${a.door} ${a.status}`) ?? 0) + 1);
  const improper = ledger.improper().length;
  const exits = procs.unexpectedExits
    .slice(exitsBefore)
    .map((e) => `${e.name} exited (${e.exit.signal ?? e.exit.code}) at ${((e.exit.at - ctx.t0) / 1000).toFixed(0)} s`);
  const recoveryMs = recoveredAt ? Math.max(0, recoveredAt - recoveryStart) : null;
  const pass = Boolean(books?.balanced) && improper === 0 && exits.length === 0 && recoveryMs !== null && recoveryMs < BUDGET_MS;
  return {
    drill,
    books,
    answers: { total: ledger.answers.length, improper, byStatus },
    probes,
    exits,
    recoveryMs,
    pass,
    notes,
    ledger,
    restartedBefore,
    standins:
      `Twilio ${twilioApi.stats.created} SMS, ${twilioApi.stats.listed} list look-ups, ${twilioApi.stats.callbacks} status callbacks (${twilioApi.stats.callbackFailures} refused); ` +
      `Bot API ${telegram.stats.getUpdates} getUpdates (${telegram.stats.conflicts} conflicts), ${telegram.stats.sendMessage} sendMessage, ${telegram.stats.pushes} webhook posts (${telegram.stats.pushFailures} failed); ` +
      `proxy ${proxy.stats.requests} requests, ${proxy.stats.refusedHops} refused hops, ${proxy.stats.badGateway} 502, ${proxy.stats.timeouts} 504`,
  };
}

// What each Telegram citizen sent and what the bot answered, for reading a failed drill.
function writeTranscripts(drillId: number, ledger: Ledger) {
  const sent = new Map(telegram.history.map((h) => [h.update.update_id, h]));
  const brief = (u: Record<string, unknown>) => {
    const m = u.message as { text?: string; contact?: unknown; location?: unknown } | undefined;
    const q = u.callback_query as { data?: string } | undefined;
    return q ? `press ${q.data}` : m?.contact ? "contact card" : m?.location ? "location" : `text ${JSON.stringify(m?.text?.slice(0, 40))}`;
  };
  const chats = [...ledger.chats.values()].map((c) => ({
    chat: c.chatId,
    status: c.status,
    number: c.number,
    timeline: [
      ...c.updates.map((id) => ({
        at: sent.get(id)?.at ?? 0,
        who: "citizen",
        what: `#${id} ${sent.get(id) ? brief(sent.get(id)!.update) : "?"}${telegram.acked.has(id) ? "" : " (never confirmed)"}`,
      })),
      ...telegram.messagesFor(c.chatId).map((m) => ({
        at: m.at,
        who: "bot",
        what: `${m.method} ${m.messageId}: ${JSON.stringify(m.text.slice(0, 60))} ${(m.replyMarkup?.inline_keyboard ?? [])
          .flat()
          .map((b) => b.callback_data)
          .join(" ")}`,
      })),
    ]
      .sort((a, b) => a.at - b.at)
      .map((e) => `${new Date(e.at).toISOString().slice(11, 23)} ${e.who}: ${e.what}`),
  }));
  writeFileSync(path.join(logsDir, `telegram-drill-${drillId}.json`), JSON.stringify(chats, null, 2));
}

const results: Result[] = [];
for (const drill of DRILLS.filter((d) => !ONLY.length || ONLY.includes(d.id))) {
  log(`drill ${drill.id} — ${drill.name}: ${drill.what}`);
  const r = await runDrill(drill);
  results.push(r);
  writeTranscripts(drill.id, r.ledger);
  log(`drill ${drill.id}: ${r.pass ? "PASS" : "FAIL"}${r.recoveryMs !== null ? `, recovered in ${(r.recoveryMs / 1000).toFixed(1)} s` : ", did not recover"}`);
}

// Everything once more at the end: what a slow recovery finally did, and what never came.
const later = new Map<number, Books | null>();
for (const r of results) later.set(r.drill.id, await readBooks({ db, ledger: r.ledger, telegram, twilio: twilioApi }).catch(() => null));

// ───────────────────────────── the report ─────────────────────────────

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const cols = ["drill", "acked", "stored", "requests", "routed", "notified 1/2+/0", "answering", "recovery", "result"];
const widths = [26, 18, 10, 10, 9, 16, 24, 10, 6];
const row = (cells: string[]) => "| " + cells.map((c, i) => pad(c, widths[i]!)).join(" | ") + " |";
say("");
say(row(cols));
say("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const r of results) {
  const b = r.books;
  say(
    row([
      `${r.drill.id}. ${r.drill.name}`,
      b ? `${b.acknowledged.total} (${b.acknowledged.sms}s/${b.acknowledged.telegram}t/${b.acknowledged.web}w)` : "?",
      b ? `${b.stored}/${b.storedExpected}` : "?",
      b ? `${b.requests}/${b.requestsExpected}` : "?",
      b ? `${b.routed}/${b.requests}` : "?",
      b ? `${b.once}/${b.twice}/${b.never}` : "?",
      `${r.answers.improper === 0 && r.exits.length === 0 ? "yes" : "NO"} (${r.answers.total - r.answers.improper}/${r.answers.total} ok${r.exits.length ? `, ${r.exits.length} crash` : ""})`,
      r.recoveryMs === null ? `>${(BUDGET_MS + GRACE_MS) / 1000} s` : `${(r.recoveryMs / 1000).toFixed(1)} s`,
      r.pass ? "PASS" : "FAIL",
    ]),
  );
}
say("");
say("acked = acknowledged deliveries (SMS answered 200 with TwiML / Telegram updates confirmed / web forms redirected to their tracking page);");
say("stored = their InboundEvent rows (web forms: their request); requests = distinct requests / expected (one per SMS number, chat, web form);");
say("notified = notifications on those requests seen by the stand-ins once / twice or more / never; answering = proper answers (TwiML, redirect,");
say(
  `503 during an outage) and no process crashed; recovery = from the fault's end (or the last send) until the books balanced (pass: < ${BUDGET_MS / 1000} s).`,
);
for (const r of results) {
  const b = r.books;
  say("");
  say(`Drill ${r.drill.id} — ${r.drill.name}: ${r.pass ? "PASS" : "FAIL"}`);
  if (r.restartedBefore.length) say(`  restarted before the drill: ${r.restartedBefore.join(", ")}`);
  for (const n of r.notes) say(`  ${n}`);
  if (b) {
    say(
      `  sent ${b.sent.sms} SMS, ${b.sent.telegram} Telegram updates (${r.ledger.chats.size} conversations), ${b.sent.web} web forms; ` +
        `acknowledged ${b.acknowledged.sms} SMS, ${b.acknowledged.telegram} updates, ${b.acknowledged.web} forms`,
    );
    const gaps: string[] = [];
    if (b.missing) gaps.push(`${b.missing} acknowledged but never stored`);
    if (b.unprocessed) gaps.push(`${b.unprocessed} stored but not processed`);
    if (b.withoutRequest) gaps.push(`${b.withoutRequest} without a request`);
    if (b.duplicated) gaps.push(`${b.duplicated} with more than one request`);
    if (b.requests - b.routed) gaps.push(`${b.requests - b.routed} requests not routed`);
    if (b.pendingNotifications) gaps.push(`${b.pendingNotifications} notifications still pending`);
    if (b.twice) gaps.push(`${b.twice} notifications sent twice or more`);
    if (b.never) gaps.push(`${b.never} notifications never seen by the provider`);
    if (b.chatsOpen) gaps.push(`${b.chatsOpen} conversations still open`);
    if (gaps.length) say(`  gaps: ${gaps.join("; ")}`);
    for (const p of b.problems.slice(0, 8)) say(`  - ${p}`);
    if (b.problems.length > 8) say(`  - … and ${b.problems.length - 8} more`);
  } else say("  the books could not be read");
  if (r.answers.improper) say(`  improper answers: ${[...r.answers.byStatus].map(([k, v]) => `${k} ×${v}`).join(", ")}`);
  for (const e of r.exits) say(`  process exit nobody asked for: ${e}`);
  if (r.probes.failed) say(`  /healthz through the proxy failed ${r.probes.failed} of ${r.probes.total} probes`);
  say(`  stand-ins (whole run so far): ${r.standins}`);
  const l = later.get(r.drill.id);
  if (l && b && !r.pass)
    say(
      `  at the end of the run: stored ${l.stored}/${l.storedExpected}, requests ${l.requests}/${l.requestsExpected} (${l.duplicated} duplicated), ` +
        `routed ${l.routed}/${l.requests}, notified ${l.once}/${l.twice}/${l.never}, pending ${l.pendingNotifications}${l.balanced ? " — balanced by then" : ""}`,
    );
  if (l && !r.pass) for (const p of l.problems.filter((p) => !b?.problems.includes(p)).slice(0, 4)) say(`    then: ${p}`);
}

const failed = results.filter((r) => !r.pass).length;
say("");
say(`${results.length - failed} of ${results.length} drills passed in ${((Date.now() - started) / 60_000).toFixed(1)} min.`);

// ───────────────────────────── teardown ─────────────────────────────

process.exitCode = failed ? 1 : 0;
log("stopping the platform and the private services");
for (const m of [...running.values()]) if (!m.exit) await procs.stop(m, "SIGTERM", 15_000);
await db.end().catch(() => {});
await proxy.down();
await telegram.down();
await twilioApi.down();
await redis.stop();
await postgres.stop();
if (KEEP_LOGS || failed) keepLogs();
if (logsKept) say(`logs of every process: ${logsKept}`);
cleaningUp = true;
procs.killAllSync();
procs.removeDirsSync();
procs.stopReaper();
process.exit(process.exitCode);
