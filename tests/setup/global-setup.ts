// Runs once per `vitest run`: builds a migrated template database. Each test file then
// clones it into its own database (tests/setup/per-file.ts), so files run in parallel
// without touching each other's rows, and never the database `npm start` uses.
import pg from "pg";
import { migrateDatabase } from "#app/utils/migrate.server.ts";

export const TEMPLATE_DB = "slv_test_template";

export function adminUrl() {
  const base = new URL(process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  base.pathname = "/postgres";
  return base;
}

export default async function globalSetup() {
  const admin = new pg.Client({ connectionString: adminUrl().toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
    // Leftovers of an interrupted earlier run.
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'slv_test_f_%'`,
    );
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const url = adminUrl();
  url.pathname = `/${TEMPLATE_DB}`;
  await migrateDatabase({ url: url.toString() });
}
