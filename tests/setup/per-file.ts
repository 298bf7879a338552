// Per test file: a fresh database cloned from the migrated template, its own BullMQ key
// prefix in the real Redis, and msw refusing any third-party call a test did not mock.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll } from "vitest";
import { closeContactVerification } from "#app/domain/citizens/contact-verification.server.ts";
import { closeQueues } from "#app/jobs/queues.server.ts";
import { disconnectDb } from "#app/utils/db.server.ts";
import { resetEnvForTests } from "#app/utils/env.server.ts";
// Route modules read texts through the shared store; in the app entry.server.tsx fills it.
import "#app/utils/i18n.server.ts";
import { server } from "#tests/mocks/server.ts";
import { adminUrl } from "./global-setup.ts";

const id = randomBytes(5).toString("hex");
const TEMPLATE_DB = process.env.SLV_TEST_TEMPLATE!;
const dbName = `slv_test_f_${Date.now()}_${id}`;
const url = adminUrl();
url.pathname = `/${dbName}`;

process.env.NODE_ENV = "test";
process.env.DATABASE_URL = url.toString();
process.env.QUEUE_PREFIX = `slvtest-${id}`;
// The intake spool of this file only (never the checkout's .data/spool, which `npm start` replays).
const spoolDir = path.join(os.tmpdir(), `slv-spool-${id}`);
process.env.SPOOL_DIR = spoolDir;
process.env.LOG_LEVEL ??= "error";
resetEnvForTests();

async function admin<T>(fn: (c: pg.Client) => Promise<T>) {
  const c = new pg.Client({ connectionString: adminUrl().toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await admin((c) => c.query(`CREATE DATABASE "${dbName}" TEMPLATE "${TEMPLATE_DB}"`));
  server.listen({ onUnhandledRequest: "error" });
});

afterEach(() => {
  server.resetHandlers();
});

afterAll(async () => {
  server.close();
  await closeQueues();
  await closeContactVerification();
  await disconnectDb();
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  await rm(spoolDir, { recursive: true, force: true });
});
