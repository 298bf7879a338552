// GET /metrics as a city's Prometheus reads it: the installation's numbers agree with the
// database and the queues, refused webhooks are counted, the workers' failures reach the
// web's scrape through Redis, and nobody else may scrape in production. Also what /healthz
// and /readyz say about each queue's worker and a database that is away.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { recordInboundEvent } from "#app/domain/intake/record-inbound-event.server.ts";
import { processDeadlineJob } from "#app/domain/deadlines/process-deadline-job.server.ts";
import { scheduleDeadlines } from "#app/domain/deadlines/schedule-deadlines.server.ts";
import { getQueue } from "#app/jobs/queues.server.ts";
import { loader as metricsLoader } from "#app/routes/metrics.ts";
import { action as smsAction } from "#app/routes/webhooks+/twilio.sms.ts";
import { action as telegramAction } from "#app/routes/webhooks+/telegram.$secret.ts";
import { getDb } from "#app/utils/db.server.ts";
import { getEnv, resetEnvForTests } from "#app/utils/env.server.ts";
import { checkHealth, closeHealth, startHeartbeat } from "#app/utils/health.server.ts";
import { refreshOnNextScrape } from "#app/utils/installation-metrics.server.ts";
import { closeSharedRedis } from "#app/utils/redis.server.ts";
import { startWorkers } from "#workers/start-workers.ts";
import { createSmallCity, POINTS } from "#tests/factories/org.ts";
import { proxyTheDatabase } from "#tests/fixtures/postgres-proxy.ts";
import { sid, smsParams, TWILIO, twilioRequest } from "#tests/fixtures/twilio/webhooks.ts";

type Series = Map<string, number>;

/** Every sample of the exposition text, keyed by name and its labels in sorted order. */
function parse(text: string): Series {
  const out: Series = new Map();
  for (const line of text.split("\n")) {
    const m = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/);
    if (!m) continue;
    const labels = [...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}=${v}`).sort();
    out.set(`${m[1]}{${labels.join(",")}}`, Number(m[3]));
  }
  return out;
}

const key = (name: string, labels: Record<string, string> = {}) =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(",")}}`;

async function scrape(options: { fresh?: boolean } = { fresh: true }) {
  if (options.fresh) refreshOnNextScrape();
  const res = await metricsLoader();
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  const text = await res.text();
  const series = parse(text);
  return { text, series, value: (name: string, labels: Record<string, string> = {}) => series.get(key(name, labels)) ?? 0 };
}

async function eventually(check: () => Promise<void>, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

beforeAll(async () => {
  await createSmallCity();
});
afterAll(async () => {
  await closeHealth();
  await closeSharedRedis();
});

describe("the installation's numbers", () => {
  test("requests by channel and status and inbound events match the database, read again at most every minute", async () => {
    const web = { channel: "WEB" as const, description: "Яма на дорозі біля школи", categoryCode: "roads.pothole", location: POINTS.centre };
    await submitRequest({ ...web, externalId: "m-web-1" });
    await submitRequest({ ...web, externalId: "m-web-2" });
    const sms = await submitRequest({ channel: "SMS", externalId: "SM-m-1", description: "Немає води з ранку", citizen: { phone: "0501112233" } });
    await submitRequest({
      channel: "TELEGRAM",
      externalId: "tg-m-1",
      description: "Не світить ліхтар",
      citizen: { identity: { channel: "TELEGRAM", externalId: "777001" } },
    });
    await getDb().request.update({ where: { id: sms.request.id }, data: { status: "REJECTED" } });
    const pending = await recordInboundEvent({ channel: "SMS", externalId: "SM-in-1", payload: { n: 1 } });
    await recordInboundEvent({ channel: "SMS", externalId: "SM-in-2", payload: { n: 2 } });
    await recordInboundEvent({ channel: "TELEGRAM", externalId: "9001", payload: { n: 3 } });
    await getDb().inboundEvent.updateMany({ where: { externalId: { in: ["SM-in-2", "9001"] } }, data: { processedAt: new Date() } });
    expect(pending.duplicate).toBe(false);

    const m = await scrape();
    const grouped = await getDb().request.groupBy({ by: ["channel", "status"], _count: { _all: true } });
    expect(grouped.length).toBeGreaterThanOrEqual(3);
    for (const g of grouped) expect(m.value("citizen_requests", { channel: g.channel, status: g.status })).toBe(g._count._all);
    expect(m.value("citizen_requests", { channel: "SMS", status: "REJECTED" })).toBe(1);
    expect(m.text).toContain("# TYPE citizen_requests gauge");
    expect(m.value("inbound_events", { channel: "SMS", state: "pending" })).toBe(1);
    expect(m.value("inbound_events", { channel: "SMS", state: "processed" })).toBe(1);
    expect(m.value("inbound_events", { channel: "TELEGRAM", state: "processed" })).toBe(1);
    expect(m.value("inbound_events", { channel: "TELEGRAM", state: "pending" })).toBe(0);
    expect(m.value("metrics_source_up", { source: "database" })).toBe(1);

    // A scrape right after reads the kept numbers, not the database; they catch up later.
    await submitRequest({ ...web, externalId: "m-web-3" });
    const newWeb = (await getDb().request.count({ where: { channel: "WEB", status: "NEW" } })) - 1;
    const kept = await scrape({ fresh: false });
    expect(kept.value("citizen_requests", { channel: "WEB", status: "NEW" })).toBe(newWeb);
    expect(kept.value("metrics_database_snapshot_age_seconds")).toBeLessThan(30);
    expect((await scrape()).value("citizen_requests", { channel: "WEB", status: "NEW" })).toBe(newWeb + 1);
  });

  test("deadline warnings and breaches are counted once each, also after re-scheduling copies the flags", async () => {
    const before = await scrape();
    const { request } = await submitRequest({
      channel: "WEB",
      externalId: "m-deadline-1",
      description: "Відкритий люк на тротуарі",
      categoryCode: "roads.pothole",
      location: POINTS.centre,
    });
    const sla = await getDb().deadline.findFirstOrThrow({ where: { requestId: request.id, kind: "SLA", active: true } });
    expect((await processDeadlineJob({ deadlineId: sla.id, phase: "warn", now: sla.warnAt })).action).toBe("warned");
    let m = await scrape();
    expect(m.value("deadline_warnings_total", { kind: "SLA" })).toBe(before.value("deadline_warnings_total", { kind: "SLA" }) + 1);
    expect(m.value("deadlines_active", { kind: "SLA", state: "warned" })).toBe(before.value("deadlines_active", { kind: "SLA", state: "warned" }) + 1);

    expect((await processDeadlineJob({ deadlineId: sla.id, phase: "breach", now: sla.dueAt })).action).toBe("escalated");
    m = await scrape();
    expect(m.value("deadline_breaches_total", { kind: "SLA" })).toBe(before.value("deadline_breaches_total", { kind: "SLA" }) + 1);
    expect(m.value("deadlines_active", { kind: "SLA", state: "breached" })).toBe(before.value("deadlines_active", { kind: "SLA", state: "breached" }) + 1);

    // Re-scheduling the same terms (re-routing) hands the flags to new rows: still one each.
    await getDb().$transaction((tx) => scheduleDeadlines({ tx, requestId: request.id, now: new Date(sla.dueAt.getTime() + 60_000) }));
    expect(await getDb().deadline.count({ where: { requestId: request.id, kind: "SLA", breached: true } })).toBe(2);
    m = await scrape();
    expect(m.value("deadline_warnings_total", { kind: "SLA" })).toBe(before.value("deadline_warnings_total", { kind: "SLA" }) + 1);
    expect(m.value("deadline_breaches_total", { kind: "SLA" })).toBe(before.value("deadline_breaches_total", { kind: "SLA" }) + 1);
    expect(m.value("deadlines_active", { kind: "SLA", state: "breached" })).toBe(before.value("deadlines_active", { kind: "SLA", state: "breached" }) + 1);
  });

  test("queue depths follow the jobs added to each queue", async () => {
    const routing = getQueue("routing");
    for (let i = 0; i < 3; i++) await routing.add("routing", { requestId: crypto.randomUUID() });
    for (let i = 0; i < 2; i++) await routing.add("routing", { requestId: crypto.randomUUID() }, { delay: 3_600_000 });
    let m = await scrape();
    expect(m.value("queue_jobs", { queue: "routing", state: "waiting" })).toBe(3);
    expect(m.value("queue_jobs", { queue: "routing", state: "delayed" })).toBe(2);
    expect(m.series.has(key("queue_jobs", { queue: "intake", state: "waiting" }))).toBe(true);
    expect(m.value("metrics_source_up", { source: "redis" })).toBe(1);
    await routing.obliterate({ force: true });
    m = await scrape();
    expect(m.value("queue_jobs", { queue: "routing", state: "waiting" })).toBe(0);
    expect(m.value("queue_jobs", { queue: "routing", state: "delayed" })).toBe(0);
  });

  test("a job that fails in the workers process is counted on the web's scrape", async () => {
    const before = await scrape();
    const workers = startWorkers({ schedulers: false, closeGraceMs: 2000 });
    try {
      await workers.ready;
      // A payload that can never be read fails for good at once.
      await getQueue("intake").add("intake", { inboundEventId: "not-an-id" });
      await eventually(async () => {
        const m = await scrape();
        expect(m.value("job_failures_total", { queue: "intake", outcome: "gave_up" })).toBe(
          before.value("job_failures_total", { queue: "intake", outcome: "gave_up" }) + 1,
        );
        expect(m.value("queue_jobs", { queue: "intake", state: "failed" })).toBe(1);
      });
      expect((await scrape()).text).toContain("# TYPE job_failures_total counter");
    } finally {
      await workers.close();
    }
  });
});

describe("refused webhooks", () => {
  const SECRET = "m3trics-secret-0123456789abcdef";
  const PATH = "m3trics-path-9f8e7d6c5b4a";
  const ENV = {
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    TWILIO_PHONE_NUMBER: TWILIO.phoneNumber,
    PUBLIC_BASE_URL: TWILIO.publicBaseUrl,
    TELEGRAM_BOT_TOKEN: "123456:METRICS-TEST",
    TELEGRAM_MODE: "webhook",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_WEBHOOK_PATH: PATH,
  };
  beforeAll(() => {
    Object.assign(process.env, ENV);
    resetEnvForTests();
  });
  afterAll(() => {
    for (const k of Object.keys(ENV)) delete process.env[k];
    resetEnvForTests();
  });

  const status = (p: Promise<Response>) =>
    p.then(
      (r) => r.status,
      (e: unknown) => (e instanceof Response ? e.status : Promise.reject(e)),
    );
  const telegram = (path: string, secret?: string) =>
    telegramAction({
      request: new Request(`http://127.0.0.1/webhooks/telegram/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
        body: JSON.stringify({ update_id: 1 }),
      }),
      params: { secret: path },
      context: {},
    });

  test("a Twilio webhook with a wrong or missing signature and a Telegram delivery with a wrong or missing secret are counted", async () => {
    const before = await scrape();
    const params = smsParams({ from: "+380501234567", body: "Тест", messageSid: sid("SM") });
    const sms = (o: { unsigned?: boolean; token?: string }) =>
      smsAction({ request: twilioRequest({ path: "/webhooks/twilio/sms", params, ...o }), params: {}, context: {} });
    expect(await status(sms({ token: "not-the-token" }))).toBe(403);
    expect(await status(sms({ unsigned: true }))).toBe(403);
    expect(await status(telegram(PATH, "wrong-secret-0123456789"))).toBe(403);
    expect(await status(telegram(PATH))).toBe(403);
    expect(await status(telegram("not-the-path-0123456789", SECRET))).toBe(403);

    const m = await scrape();
    const delta = (name: string, labels: Record<string, string>) => m.value(name, labels) - before.value(name, labels);
    expect(delta("twilio_webhook_rejected_total", { hook: "sms", reason: "invalid" })).toBe(1);
    expect(delta("twilio_webhook_rejected_total", { hook: "sms", reason: "missing" })).toBe(1);
    expect(delta("telegram_webhook_rejected_total", { reason: "invalid" })).toBe(1);
    expect(delta("telegram_webhook_rejected_total", { reason: "missing" })).toBe(1);
    expect(delta("telegram_webhook_rejected_total", { reason: "path" })).toBe(1);
    // Refused deliveries leave nothing behind.
    expect(await getDb().inboundEvent.count({ where: { externalId: { in: [params.MessageSid!, "1"] } } })).toBe(0);
  });
});

describe("who may scrape", () => {
  const get = (headers: Record<string, string>, clientAddress: string | null) =>
    metricsLoader({ request: new Request("http://127.0.0.1/metrics", { headers }), params: {}, context: { clientAddress } });

  test("with METRICS_TOKEN only the bearer of that token, from anywhere", async () => {
    process.env.METRICS_TOKEN = "scrape-token-0123456789abcdef";
    try {
      const none = await get({}, "127.0.0.1");
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await none.text()).toContain("METRICS_TOKEN");
      expect((await get({ authorization: "Bearer scrape-token-0123456789abcdeX" }, "127.0.0.1")).status).toBe(401);
      const ok = await get({ authorization: "Bearer scrape-token-0123456789abcdef" }, "203.0.113.7");
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("citizen_requests");
    } finally {
      delete process.env.METRICS_TOKEN;
    }
  });

  test("in production without a token, only a scrape from this host", async () => {
    const { refuseMetricsScrape } = await import("#app/utils/metrics-access.server.ts");
    const production = { ...getEnv(), NODE_ENV: "production" as const };
    const request = new Request("http://127.0.0.1/metrics", { headers: { "accept-language": "en" } });
    const remote = refuseMetricsScrape(request, { clientAddress: "203.0.113.7" }, production, undefined);
    expect(remote?.status).toBe(403);
    expect(await remote!.text()).toMatch(/this host only/);
    expect(refuseMetricsScrape(request, { clientAddress: null }, production, undefined)?.status).toBe(403);
    expect(refuseMetricsScrape(request, { clientAddress: "127.0.0.1" }, production, undefined)).toBeNull();
    expect(refuseMetricsScrape(request, { clientAddress: "::1" }, production, undefined)).toBeNull();
  });
});

describe("health and readiness", () => {
  test("/healthz names each queue's worker: ok while a healthy workers process takes its jobs, down otherwise", async () => {
    const beat = startHeartbeat({ part: "workers", status: () => ({ state: "ok", info: { queues: ["intake", "routing"] } }), everyMs: 60_000 });
    try {
      await beat.beat();
      const report = await checkHealth();
      expect(report.parts.workers.state).toBe("ok");
      const queues = report.parts.workers.queues as Record<string, { state: string; detail?: string }>;
      expect(queues.intake?.state).toBe("ok");
      expect(queues.routing?.state).toBe("ok");
      expect(queues.deadlines).toMatchObject({ state: "down", detail: expect.stringContaining("deadlines") });
      expect(Object.keys(queues).sort()).toEqual(["deadlines", "intake", "maintenance", "notifications", "routing"]);
      expect(report.parts.database.state).toBe("ok");
      expect(report.channels).toHaveProperty("telegram");
    } finally {
      await beat.stop();
    }
  });

  test("with the database away: /healthz says so, /readyz stays ready unless asked to require it, and the scrape still answers", async () => {
    await scrape();
    const proxy = await proxyTheDatabase();
    try {
      await proxy.stop();
      const report = await checkHealth({ timeoutMs: 1000 });
      expect(report.parts.database.state).toBe("down");
      expect(report.status).toBe("degraded");
      expect(report.ready).toBe(true);
      expect((await checkHealth({ timeoutMs: 1000, requireDatabase: true })).ready).toBe(false);

      const m = await scrape();
      expect(m.value("metrics_source_up", { source: "database" })).toBe(0);
      // The last good numbers are still served, and Node's own metrics with them.
      expect(m.value("citizen_requests", { channel: "SMS", status: "REJECTED" })).toBe(1);
      expect(m.text).toMatch(/^process_resident_memory_bytes \d+/m);
    } finally {
      await proxy.start();
      await proxy.restore();
    }
    expect((await checkHealth({ requireDatabase: true })).ready).toBe(true);
  }, 30_000);
});
