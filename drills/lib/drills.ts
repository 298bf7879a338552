// The six drills: what goes wrong, and when, while the load runs. Each fault function
// runs beside the load from its start (t0) and resolves with the moment the fault ended
// (the service back, the process restarted), from which recovery is timed.
import type { Managed, ProcessTable } from "./processes.ts";
import type { PrivatePostgres, PrivateRedis } from "./services.ts";
import { sleep } from "./services.ts";
import type { TelegramStandIn } from "./telegram-standin.ts";

export type Timing = {
  loadMs: number;
  /** Redis and PostgreSQL outages. */
  outageMs: number;
  /** Telegram's API away while running (the issue asks for 60 s). */
  telegramOutageMs: number;
  /** Telegram's API away at the bot's start. */
  telegramStartOutageMs: number;
};

export type DrillContext = {
  t0: number;
  timing: Timing;
  procs: ProcessTable;
  postgres: PrivatePostgres;
  redis: PrivateRedis;
  telegram: TelegramStandIn;
  app: {
    get(name: AppName): Managed | undefined;
    start(name: AppName): Promise<Managed>;
    /** Waits until the process serves (web: /healthz answers; worker: started; bot: talking to the Bot API). */
    ready(name: AppName, timeoutMs?: number): Promise<void>;
  };
  /** Webs for duplicate delivery. */
  webUrls: string[];
  note(line: string): void;
};

export type AppName = "web-1" | "web-2" | "worker-1" | "worker-2" | "bot";

export type Drill = {
  id: number;
  name: string;
  what: string;
  /** Delivery twice, at once, to both webs. */
  duplicate?: boolean;
  /** Load length for this drill (the long Telegram outage needs a longer one). */
  loadMs?: (t: Timing) => number;
  /** Before the load starts (e.g. the Bot API down at the bot's start). */
  before?: (ctx: DrillContext) => Promise<void>;
  fault: (ctx: DrillContext) => Promise<number>;
};

const at = async (ctx: DrillContext, fraction: number, loadMs: number) => {
  const wait = ctx.t0 + fraction * loadMs - Date.now();
  if (wait > 0) await sleep(wait);
};

/** A shared service goes away a quarter into the load, for the outage, and comes back. */
function serviceOutage(
  id: number,
  name: string,
  what: string,
  service: { stop: (ctx: DrillContext) => Promise<unknown>; start: (ctx: DrillContext) => Promise<unknown>; stopped: string; back: string },
): Drill {
  return {
    id,
    name,
    what,
    async fault(ctx) {
      await at(ctx, 0.25, ctx.timing.loadMs);
      await service.stop(ctx);
      ctx.note(`${service.stopped}; away for ${ctx.timing.outageMs / 1000} s`);
      await sleep(ctx.timing.outageMs);
      await service.start(ctx);
      ctx.note(service.back);
      return Date.now();
    },
  };
}

export const DRILLS: Drill[] = [
  {
    id: 1,
    name: "worker SIGKILL",
    what: "worker-1 is SIGKILLed while it works through the load (jobs in hand, sends in flight) and started again",
    async fault(ctx) {
      await at(ctx, 0.3, ctx.timing.loadMs);
      const w = ctx.app.get("worker-1");
      if (w) await ctx.procs.kill(w);
      ctx.note("worker-1 killed (SIGKILL)");
      await sleep(1000);
      await ctx.app.start("worker-1");
      await ctx.app.ready("worker-1").catch((e: Error) => ctx.note(`worker-1 did not come back: ${e.message}`));
      return Date.now();
    },
  },
  serviceOutage(2, "Redis lost", "Redis is SIGKILLed, stays away for the outage, and comes back empty (nothing kept on disk)", {
    stop: (ctx) => ctx.redis.kill(),
    start: (ctx) => ctx.redis.start(),
    stopped: "Redis killed",
    back: "Redis back, empty",
  }),
  serviceOutage(3, "PostgreSQL down", "PostgreSQL stops with `pg_ctl stop -m immediate`, stays away for the outage, then starts (crash recovery)", {
    stop: (ctx) => ctx.postgres.stopImmediate(),
    start: (ctx) => ctx.postgres.start(),
    stopped: "PostgreSQL stopped (immediate)",
    back: "PostgreSQL back",
  }),
  {
    id: 4,
    name: "web restart + SIGTERM",
    what: "web-1 is restarted (SIGTERM, then started again) mid-load; later web-2 gets a SIGTERM and comes back after 5 s",
    async fault(ctx) {
      await at(ctx, 0.2, ctx.timing.loadMs);
      const w1 = ctx.app.get("web-1");
      if (w1) await ctx.procs.stop(w1, "SIGTERM", 30_000);
      ctx.note(`web-1 stopped (SIGTERM, exit ${w1?.exit?.code ?? w1?.exit?.signal}); restarting`);
      await ctx.app.start("web-1");
      await ctx.app.ready("web-1").catch((e: Error) => ctx.note(`web-1 did not come back: ${e.message}`));
      await at(ctx, 0.55, ctx.timing.loadMs);
      const w2 = ctx.app.get("web-2");
      if (w2) await ctx.procs.stop(w2, "SIGTERM", 30_000);
      ctx.note(`web-2 stopped (SIGTERM, exit ${w2?.exit?.code ?? w2?.exit?.signal}); back in 5 s`);
      await sleep(5000);
      await ctx.app.start("web-2");
      await ctx.app.ready("web-2").catch((e: Error) => ctx.note(`web-2 did not come back: ${e.message}`));
      return Date.now();
    },
  },
  {
    id: 5,
    name: "Telegram API away",
    what: "the Bot API stand-in is unreachable when the bot starts, and again for the long outage while running",
    loadMs: (t) => Math.max(t.loadMs, t.telegramStartOutageMs + t.telegramOutageMs + 20_000),
    async before(ctx) {
      await ctx.telegram.down();
      const bot = ctx.app.get("bot");
      if (bot) await ctx.procs.stop(bot, "SIGTERM", 20_000);
      await ctx.app.start("bot");
      ctx.note("Bot API unreachable; bot restarted into it");
    },
    async fault(ctx) {
      await sleep(Math.max(0, ctx.t0 + ctx.timing.telegramStartOutageMs - Date.now()));
      await ctx.telegram.up();
      ctx.note(`Bot API reachable after ${ctx.timing.telegramStartOutageMs / 1000} s`);
      await sleep(5000);
      await ctx.telegram.down();
      ctx.note(`Bot API unreachable for ${ctx.timing.telegramOutageMs / 1000} s`);
      await sleep(ctx.timing.telegramOutageMs);
      await ctx.telegram.up();
      ctx.note("Bot API reachable again");
      return Date.now();
    },
  },
  {
    id: 6,
    name: "double delivery",
    what: "every SMS, web form and (webhook) update is delivered twice, at once, to both webs; polled updates are handed out twice",
    duplicate: true,
    async fault(ctx) {
      ctx.telegram.duplicateDelivery = { webhookTargets: ctx.webUrls };
      return ctx.t0;
    },
  },
];
