#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql from the change to
# prisma/schema.prisma, using Prisma 6's offline WASM schema engine in tools/prisma6-migrate
# (Prisma 7 cannot run migrate here: docs/decisions/001). Needs a local Postgres.
# Usage: npm run db:new-migration -- <name>
set -euo pipefail
name=${1:?usage: npm run db:new-migration -- <name>}
cd "$(dirname "$0")/.."
[ -d tools/prisma6-migrate/node_modules ] || (cd tools/prisma6-migrate && npm ci --no-audit --no-fund)
scratch=${MIGRATE_SCRATCH_URL:-postgresql://postgres@127.0.0.1:5432/slv_migrate_scratch}
admin=${scratch%/*}/postgres
db=${scratch##*/}
psql "$admin" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
# Bring the scratch database to the committed state first (Prisma 6 with a driver adapter
# cannot build a shadow database from an empty one), then let it diff the schema change.
DATABASE_URL=$scratch node --import tsx scripts/migrate.ts
(cd tools/prisma6-migrate && DATABASE_URL=$scratch npm run --silent migrate:dev -- --name "$name" --skip-generate)
psql "$admin" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
npm run --silent db:generate
