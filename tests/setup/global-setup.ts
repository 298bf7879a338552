// Runs once per `vitest run`: builds a migrated template database. Each test file then
// clones it into its own database (tests/setup/per-file.ts), so files run in parallel
// without touching each other's rows, and never the database `npm start` uses.
// Names carry the run's start time, so concurrent runs on one machine leave each other
// alone, and leftovers of interrupted runs (older than two hours) are dropped.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateDatabase } from "#app/utils/migrate.server.ts";

export function adminUrl() {
  const base = new URL(process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  base.pathname = "/postgres";
  return base;
}

const STALE_MS = 2 * 3600_000;

export default async function globalSetup() {
  const template = `slv_test_tpl_${Date.now()}_${randomBytes(3).toString("hex")}`;
  process.env.SLV_TEST_TEMPLATE = template;
  const admin = new pg.Client({ connectionString: adminUrl().toString() });
  await admin.connect();
  try {
    const old = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'slv\\_test\\_%'`);
    for (const { datname } of old.rows) {
      const ts = Number(datname.match(/^slv_test_(?:tpl|f)_(\d+)_/)?.[1] ?? 0);
      if (Date.now() - ts > STALE_MS) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const url = adminUrl();
  url.pathname = `/${template}`;
  await migrateDatabase({ url: url.toString() });

  return async () => {
    const c = new pg.Client({ connectionString: adminUrl().toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).finally(() => c.end());
  };
}
