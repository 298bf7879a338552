// `npm run db:migrate`: applies committed migrations to DATABASE_URL (creating the database if needed).
import "dotenv/config";
import { getEnv } from "#app/utils/env.server.ts";
import { ensureDatabase, migrateDatabase } from "#app/utils/migrate.server.ts";

const url = getEnv().DATABASE_URL;
await ensureDatabase(url);
const { applied } = await migrateDatabase({ url, log: (l) => console.log(l) });
console.log(applied.length ? `${applied.length} migration(s) applied` : "No pending migrations to apply.");
