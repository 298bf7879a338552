import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { getEnv } from "./env.server.ts";

export type Db = PrismaClient;
export type { Prisma } from "#app/generated/prisma/client.ts";

declare global {
  var __slvPrisma: PrismaClient | undefined;
}

export function createPrisma(url = getEnv().DATABASE_URL) {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

/** One memoised client per process (survives Remix dev reloads via globalThis). */
export function getDb(): PrismaClient {
  return (globalThis.__slvPrisma ??= createPrisma());
}

export async function disconnectDb() {
  const db = globalThis.__slvPrisma;
  globalThis.__slvPrisma = undefined;
  await db?.$disconnect();
}

/** A client inside `db.$transaction(async (tx) => …)`; domain helpers that must join the caller's transaction take this. */
export type Tx = import("#app/generated/prisma/client.ts").Prisma.TransactionClient;
