// Health of the running installation, as the web process sees it. Web, workers and bot may
// be separate processes (npm start supervises them; production runs each as a service), so
// the workers and the bot publish a heartbeat in Redis every few seconds, with a TTL of a
// few beats: a process that died stops being listed within that TTL. The web reads them
// and answers /healthz (this process is alive; what is degraded) and /readyz (can serve).
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { QUEUE_NAMES } from "#app/jobs/queues.server.ts";
import { getDb } from "./db.server.ts";
import { getEnv, type Env } from "./env.server.ts";
import { createRedis, sharedRedis } from "./redis.server.ts";

export const HEARTBEAT_EVERY_MS = 5_000;
/** Three missed beats and a process is no longer counted. */
export const HEARTBEAT_TTL_MS = 15_000;

export type HeartbeatPart = "workers" | "bot";
/** off: not configured (by choice); unknown: cannot tell (Redis is away). */
export type PartState = "ok" | "degraded" | "down" | "off" | "unknown";

export type Heartbeat = {
  part: HeartbeatPart;
  instance: string;
  pid: number;
  state: "ok" | "degraded";
  /** What is wrong, for a person: never a token, a phone number or message text. */
  detail?: string;
  startedAt: string;
  at: string;
  info?: Record<string, unknown>;
};

export type PartHealth = { state: PartState; detail?: string } & Record<string, unknown>;

export type HealthReport = {
  status: "ok" | "degraded" | "stopping";
  ready: boolean;
  at: string;
  parts: { web: PartHealth; database: PartHealth; redis: PartHealth; workers: PartHealth; bot: PartHealth };
  channels: { web: PartHealth; telegram: PartHealth; sms: PartHealth; voice: PartHealth };
};

const keys = (part: HeartbeatPart) => {
  const base = `${getEnv().QUEUE_PREFIX}:health:${part}`;
  return { index: base, beat: (instance: string) => `${base}:${instance}` };
};

export type HeartbeatPublisher = {
  readonly instance: string;
  /** Publishes now (a state change should not wait for the next beat). Never rejects. */
  beat(): Promise<void>;
  /** Stops beating and removes this process from the list (a clean stop is not a death). */
  stop(): Promise<void>;
};

/**
 * Publishes `status()` for this process every `everyMs` under `part`. Redis trouble only
 * means missed beats: nothing here throws or stops the process.
 */
export function startHeartbeat(options: {
  part: HeartbeatPart;
  status: () => Pick<Heartbeat, "state" | "detail" | "info">;
  everyMs?: number;
  ttlMs?: number;
}): HeartbeatPublisher {
  const everyMs = options.everyMs ?? HEARTBEAT_EVERY_MS;
  const ttlMs = options.ttlMs ?? Math.max(HEARTBEAT_TTL_MS, everyMs * 3);
  const instance = `${hostname()}-${process.pid}`;
  const startedAt = new Date().toISOString();
  const { index, beat: beatKey } = keys(options.part);
  // Its own connection with an offline queue: a beat waits out a reconnect instead of failing.
  const redis = createRedis("worker");
  let pending: Promise<void> | undefined;
  let stopped = false;

  const write = async () => {
    const now = Date.now();
    const beat: Heartbeat = { part: options.part, instance, pid: process.pid, ...options.status(), startedAt, at: new Date(now).toISOString() };
    await redis
      .multi()
      .set(beatKey(instance), JSON.stringify(beat), "PX", ttlMs)
      .zadd(index, now, instance)
      .zremrangebyscore(index, "-inf", now - 10 * ttlMs)
      .pexpire(index, 10 * ttlMs)
      .exec();
  };
  const beat = () => {
    if (stopped) return Promise.resolve();
    // One beat at a time: while Redis is away they would only pile up.
    pending ??= write()
      .catch(() => {})
      .finally(() => (pending = undefined));
    return pending;
  };
  const timer = setInterval(() => void beat(), everyMs);
  timer.unref();
  void beat();

  return {
    instance,
    beat,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      const forget = async () => {
        await pending;
        await redis.multi().del(beatKey(instance)).zrem(index, instance).exec();
        await redis.quit();
      };
      await Promise.race([forget().catch(() => {}), new Promise((r) => setTimeout(r, 1500).unref())]);
      redis.disconnect();
    },
  };
}

/** The live heartbeats of `part` (expired ones are gone with their key). */
export async function readHeartbeats(redis: Redis, part: HeartbeatPart): Promise<Heartbeat[]> {
  const { index, beat } = keys(part);
  const instances = await redis.zrange(index, "0", "-1");
  if (!instances.length) return [];
  const values = await redis.mget(...instances.map((i) => beat(i)));
  return values.flatMap((v) => {
    if (!v) return [];
    try {
      return [JSON.parse(v) as Heartbeat];
    } catch {
      return [];
    }
  });
}

/** Why Telegram webhook mode cannot work with this configuration, or null. */
export function telegramConfigProblem(env: Env = getEnv()): string | null {
  if (!env.TELEGRAM_BOT_TOKEN || env.TELEGRAM_MODE !== "webhook") return null;
  const missing = (["PUBLIC_BASE_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_WEBHOOK_PATH"] as const).filter((k) => !env[k]);
  return missing.length ? `TELEGRAM_MODE=webhook needs ${missing.join(", ")}; Telegram is off until they are set` : null;
}

/** Why Twilio (SMS and voice) cannot fully work with this configuration, or null (also when it is not configured at all). */
export function twilioConfigProblem(env: Env = getEnv()): string | null {
  const needed = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER", "PUBLIC_BASE_URL"] as const;
  if (!env.TWILIO_ACCOUNT_SID && !env.TWILIO_AUTH_TOKEN && !env.TWILIO_PHONE_NUMBER) return null;
  const missing = needed.filter((k) => !env[k]);
  if (!missing.length) return null;
  const refused = !env.TWILIO_AUTH_TOKEN || !env.PUBLIC_BASE_URL;
  return `Twilio needs ${missing.join(", ")}${refused ? ": its webhooks are refused (signatures cannot be checked)" : ": replies go to the sandbox outbox"}`;
}

const health = sharedRedis("health", "producer");

/** Closes the connection the health checks read through (graceful shutdown, tests). */
export async function closeHealth() {
  await health.close();
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split("\n")[0]!.slice(0, 200);

/**
 * The state of every part: this web process, PostgreSQL, Redis, the workers and the bot
 * (from their heartbeats), and each channel as its configuration and the bot allow.
 * Never throws; every check is bounded so a hanging dependency cannot hang the probe.
 */
export async function checkHealth(options: { stopping?: boolean; timeoutMs?: number; requireDatabase?: boolean } = {}): Promise<HealthReport> {
  const env = getEnv();
  const timeoutMs = options.timeoutMs ?? 2500;
  const [database, redisCheck] = await Promise.all([
    within(getDb().$queryRaw`SELECT 1`, timeoutMs, "PostgreSQL").then(
      (): PartHealth => ({ state: "ok" }),
      (e): PartHealth => ({ state: "down", detail: errorText(e) }),
    ),
    within(
      (async () => {
        const redis = await health.ready(timeoutMs);
        await redis.ping();
        const [workers, bot] = await Promise.all([readHeartbeats(redis, "workers"), readHeartbeats(redis, "bot")]);
        return { workers, bot };
      })(),
      timeoutMs,
      "Redis",
    ).then(
      (beats) => ({ state: "ok" as const, beats }),
      (e) => ({ state: "down" as const, detail: errorText(e), beats: undefined }),
    ),
  ]);
  const redis: PartHealth = redisCheck.state === "ok" ? { state: "ok" } : { state: "down", detail: redisCheck.detail };

  const fromBeats = (beats: Heartbeat[] | undefined, name: string): PartHealth => {
    if (!beats) return { state: "unknown", detail: "Redis is unreachable, so heartbeats cannot be read" };
    const instances = beats.map((b) => ({
      instance: b.instance,
      pid: b.pid,
      state: b.state,
      startedAt: b.startedAt,
      lastBeatSecondsAgo: Math.max(0, Math.round((Date.now() - Date.parse(b.at)) / 1000)),
      ...(b.detail ? { detail: b.detail } : {}),
      ...(b.info ? { info: b.info } : {}),
    }));
    if (!beats.length) return { state: "down", detail: `no ${name} heartbeat in the last ${HEARTBEAT_TTL_MS / 1000} s`, instances };
    const healthy = beats.filter((b) => b.state === "ok");
    if (healthy.length) return { state: "ok", instances };
    return { state: "degraded", detail: beats[0]!.detail, instances };
  };

  const workers = fromBeats(redisCheck.beats?.workers, "workers");
  // Each queue's worker: ok while a healthy workers process says it works on that queue.
  if (redisCheck.beats) {
    const healthy = redisCheck.beats.workers.filter((b) => b.state === "ok");
    workers.queues = Object.fromEntries(
      QUEUE_NAMES.map((queue) => {
        const on = healthy.filter((b) => Array.isArray(b.info?.queues) && (b.info.queues as unknown[]).includes(queue)).length;
        return [queue, on ? { state: "ok", instances: on } : { state: "down", detail: `no running worker takes jobs from the ${queue} queue` }];
      }),
    );
  }
  const configProblem = telegramConfigProblem(env);
  const bot: PartHealth = env.TELEGRAM_BOT_TOKEN
    ? fromBeats(redisCheck.beats?.bot, "bot")
    : { state: "off", detail: "TELEGRAM_BOT_TOKEN is not set: Telegram messages go to the sandbox outbox" };

  const mode = env.TELEGRAM_MODE;
  const telegram: PartHealth = !env.TELEGRAM_BOT_TOKEN
    ? { state: "off", mode, detail: bot.detail }
    : configProblem
      ? { state: "degraded", mode, detail: configProblem }
      : bot.state === "ok"
        ? // In webhook mode the web receives and the workers act: without workers, updates wait.
          mode === "webhook" && workers.state !== "ok"
          ? { state: "degraded", mode, detail: "updates are recorded but wait for the workers" }
          : { state: "ok", mode }
        : { state: bot.state === "unknown" ? "unknown" : "degraded", mode, detail: bot.detail };

  const twilioProblem = twilioConfigProblem(env);
  const twilioConfigured = Boolean(env.TWILIO_ACCOUNT_SID || env.TWILIO_AUTH_TOKEN || env.TWILIO_PHONE_NUMBER);
  const phone: PartHealth = !twilioConfigured
    ? { state: "off", detail: "no Twilio account: the sandbox outbox and the phone simulator stand in" }
    : twilioProblem
      ? { state: "degraded", detail: twilioProblem }
      : database.state !== "ok"
        ? { state: "down", detail: "the database is unreachable" }
        : { state: "ok" };

  const web: PartHealth = { state: options.stopping ? "degraded" : "ok", pid: process.pid, uptimeSeconds: Math.round(process.uptime()) };
  if (options.stopping) web.detail = "shutting down: finishing requests in flight";
  const webChannel: PartHealth = database.state === "ok" ? { state: "ok" } : { state: "down", detail: "the database is unreachable" };

  const parts = { web, database, redis, workers, bot };
  const channels = { web: webChannel, telegram, sms: phone, voice: phone };
  const bad = [...Object.values(parts), ...Object.values(channels)].some((p) => p.state !== "ok" && p.state !== "off");
  return {
    status: options.stopping ? "stopping" : bad ? "degraded" : "ok",
    // Not ready only while stopping. With the database away every web is equally affected,
    // and taking them all out of rotation would cut Twilio off from the spool that keeps
    // SMS and calls (and citizens from the pages that say what is wrong).
    // A probe may ask for the database all the same (`requireDatabase`, /readyz?require=database):
    // a deploy step that must not go on before the database answers.
    ready: !options.stopping && !(options.requireDatabase && database.state !== "ok"),
    at: new Date().toISOString(),
    parts,
    channels,
  };
}
