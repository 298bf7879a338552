import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { isDatabaseUnavailableError } from "./db-errors.ts";
import { getEnv } from "./env.server.ts";
import { createLogger, createRepeatGate, describeError } from "./logger.server.ts";

export type Db = PrismaClient;
export type { Prisma } from "#app/generated/prisma/client.ts";

declare global {
  var __slvPrisma: PrismaClient | undefined;
  var __slvLockPool: pg.Pool | undefined;
  var __slvPgPools: WeakMap<PrismaClient, pg.Pool> | undefined;
}

const log = createLogger("db");
const gate = createRepeatGate(5_000);

/**
 * A database error that is not about one query but about the database being away. During an
 * outage every query fails the same way: one line per kind of failure per 5 s, saying how
 * many it stands for, instead of a stack per query. Anything else is logged as it comes.
 */
export function reportDatabaseError(error: unknown, where: string) {
  const described = describeError(error);
  if (!isDatabaseUnavailableError(error)) {
    log.error("database error", { where, ...described });
    return;
  }
  const code = (error as { code?: unknown }).code;
  const kind = `${described.error}:${typeof code === "string" ? code : described.message.split("\n").filter(Boolean).at(-1)}`;
  gate(kind, (repeats) =>
    log.error("database unavailable", {
      where,
      error: described.error,
      ...(typeof code === "string" ? { code } : {}),
      // Prisma puts the call site first and the reason last: keep the reason.
      message: described.message.split("\n").filter(Boolean).at(-1),
      repeats,
    }),
  );
}

// On globalThis like the client itself: the Express server and the Remix server build are
// bundled apart, each with its own copy of this module, and share the one client; a
// module-level map would leave the copy that did not create the client without its pool.
const pgPools = (globalThis.__slvPgPools ??= new WeakMap<PrismaClient, pg.Pool>());

export function createPrisma(url = getEnv().DATABASE_URL) {
  // The client's connections are a pool of our own (pg's defaults, as the adapter would make
  // it), so that getPgPool() can hand the same connections to a hot statement; the client
  // ends it on $disconnect.
  const pool = new pg.Pool({ connectionString: url });
  // Without these handlers the pool's errors on idle and in-transaction connections (a
  // restarting server closes them all) would go nowhere (an idle one's would end the
  // process); now they are a rate-limited line. The pool's own, from the start: a process
  // may use it before the client ever connects.
  pool.on("error", (e) => reportDatabaseError(e, "pool"));
  const adapter = new PrismaPg(pool, { onConnectionError: (e) => reportDatabaseError(e, "connection"), disposeExternalPool: true });
  // Prisma's default of 5 s for an interactive transaction is shorter than a busy machine
  // can take for one submission (a citizen's report would be refused although nothing is
  // wrong). A real deadlock is still broken by PostgreSQL itself within a second.
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
  pgPools.set(client, pool);
  return client;
}

/**
 * The pg pool under getDb(), for the few statements on a hot path where Prisma's own work
 * per query (about a millisecond of CPU) costs more than the query itself: the webhooks'
 * recording of a delivery. Same connections and limits as the client's queries.
 */
export function getPgPool(): pg.Pool {
  const pool = pgPools.get(getDb());
  if (!pool) throw new Error("the database client was made without createPrisma, so it has no pg pool");
  return pool;
}

/** One memoised client per process (survives Remix dev reloads via globalThis). */
export function getDb(): PrismaClient {
  return (globalThis.__slvPrisma ??= createPrisma());
}

export async function disconnectDb() {
  const db = globalThis.__slvPrisma;
  const locks = globalThis.__slvLockPool;
  globalThis.__slvPrisma = undefined;
  globalThis.__slvLockPool = undefined;
  await Promise.all([db?.$disconnect(), locks?.end()]);
}

/**
 * Runs `fn` while holding a PostgreSQL advisory lock on `key` (across every process on this
 * database), so work on the same key happens one at a time and the next caller sees what the
 * previous one committed. Other keys are not held up. The lock lives in a transaction of its
 * own, on a small pool of its own: `fn` uses the ordinary client (and its own transactions),
 * and callers waiting for a lock never take the connections the lock holder's work needs.
 * A holder that dies releases the lock with its connection; a wait longer than
 * `waitSeconds` fails (the caller's retry comes later).
 */
export async function withAdvisoryLock<T>(key: string, fn: () => Promise<T>, options: { waitSeconds?: number } = {}): Promise<T> {
  const pool = (globalThis.__slvLockPool ??= createLockPool());
  const client = await pool.connect();
  let broken: unknown = undefined;
  // The connection sits idle while `fn` runs; if the server goes away then, the error must
  // not be an unhandled 'error' event (it ends the process). COMMIT then fails, and so does the call.
  const onError = (e: Error) => {
    broken = e;
    reportDatabaseError(e, "lock connection");
  };
  client.on("error", onError);
  try {
    // One round trip: the key as a 64-bit number (no parameters, so the three statements go together).
    const id = createHash("sha256").update(key).digest().readBigInt64BE(0);
    const wait = Math.max(1, Math.round(options.waitSeconds ?? 30));
    await client.query(`BEGIN; SET LOCAL lock_timeout = '${wait}s'; SELECT pg_advisory_xact_lock(${id})`);
    const result = await fn();
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => (broken = rollbackError));
    throw e;
  } finally {
    client.removeListener("error", onError);
    client.release(broken instanceof Error ? broken : undefined);
  }
}

function createLockPool() {
  const pool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: 10, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 10_000 });
  pool.on("error", (e) => reportDatabaseError(e, "lock pool"));
  return pool;
}

/** A client inside `db.$transaction(async (tx) => …)`; domain helpers that must join the caller's transaction take this. */
export type Tx = import("#app/generated/prisma/client.ts").Prisma.TransactionClient;
