// The database each test file gets was migrated from empty by our own runner
// (app/utils/migrate.server.ts applying prisma/migrations/*/migration.sql). It must be
// exactly what prisma/schema.prisma describes: docs/decisions/001.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDatabase, migrateDatabase } from "#app/utils/migrate.server.ts";
import { compareSchema, readDmmf, readSchemaText } from "#tests/setup/schema-diff.ts";

const dbUrl = process.env.DATABASE_URL!;

describe("migrations match schema.prisma", () => {
  it("a database migrated from empty has every model, column, type, nullability, default, unique, index and foreign key", async () => {
    const diffs = await compareSchema({ dmmf: readDmmf(), dbUrl });
    expect(diffs, `prisma/migrations and prisma/schema.prisma disagree:\n  - ${diffs.join("\n  - ")}\n`).toEqual([]);
  });
});

describe("the comparison can fail", () => {
  // A second, throw-away database (named like the harness' own, so an interrupted run is swept up).
  const scratch = new URL(dbUrl);
  scratch.pathname = `/slv_test_f_${randomBytes(5).toString("hex")}_drift`;
  const scratchUrl = scratch.toString();

  async function sql(statements: string) {
    const c = new pg.Client({ connectionString: scratchUrl });
    await c.connect();
    try {
      await c.query(statements);
    } finally {
      await c.end();
    }
  }

  afterAll(async () => {
    const admin = new URL(dbUrl);
    admin.pathname = "/postgres";
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${scratch.pathname.slice(1)}" WITH (FORCE)`);
    await c.end();
  });

  it("reports each kind of drift in the database, one line each", async () => {
    await ensureDatabase(scratchUrl);
    await migrateDatabase({ url: scratchUrl });
    expect(await compareSchema({ dmmf: readDmmf(), dbUrl: scratchUrl })).toEqual([]);

    await sql(`
      ALTER TABLE "Department" ADD COLUMN "fax" TEXT;
      DROP INDEX "Request_status_dueAt_idx";
      CREATE INDEX "Request_dueAt_status_idx" ON "Request"("dueAt", "status");
      ALTER TABLE "Category" ALTER COLUMN "nameEn" DROP NOT NULL;
      ALTER TABLE "Citizen" ALTER COLUMN "email" TYPE VARCHAR(200);
      ALTER TABLE "Citizen" ALTER COLUMN "language" SET DEFAULT 'en';
      ALTER TYPE "UrgencyClass" ADD VALUE 'LOW';
      DROP INDEX "Department_code_key";
      CREATE INDEX "Department_code_idx" ON "Department"("code");
      ALTER TABLE "StaffUser" DROP CONSTRAINT "StaffUser_departmentId_fkey";
      ALTER TABLE "StaffUser" ADD CONSTRAINT "StaffUser_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE;
      CREATE TABLE "Stray" ("id" INTEGER PRIMARY KEY);
    `);
    const diffs = await compareSchema({ dmmf: readDmmf(), dbUrl: scratchUrl });
    const expected = [
      /^Department\.fax: column in the database but not in schema\.prisma$/,
      /^index "Request_status_dueAt_idx" on Request\(status, dueAt\): missing in the database$/,
      /^index "Request_dueAt_status_idx" .*in the database but not in schema\.prisma$/,
      /^Category\.nameEn: nullable in the database, required/,
      /^Citizen\.email: type is character varying\(200\) in the database, text in schema\.prisma$/,
      /^Citizen\.language: database has DEFAULT 'en'.*implies uk$/,
      /^enum "UrgencyClass": database has \(URGENT, EMERGENCY, NORMAL, LOW\)/,
      /^unique index "Department_code_key" on Department\(code\): missing in the database \(found index "Department_code_idx"/,
      /^index "Department_code_idx" .*in the database but not in schema\.prisma$/,
      /^foreign key StaffUser\(departmentId\) .*ON DELETE CASCADE in the database, SET NULL in schema\.prisma$/,
      /^table "Stray": in the database but not in schema\.prisma$/,
      /^primary key "Stray_pkey" .*in the database but not in schema\.prisma$/,
    ];
    for (const pattern of expected)
      expect(
        diffs.some((d) => pattern.test(d)),
        `no line matches ${pattern} in:\n${diffs.join("\n")}`,
      ).toBe(true);
    expect(diffs).toHaveLength(expected.length);
  });

  it("reports what schema.prisma has and the migrations lack", async () => {
    const edited = readSchemaText()
      .replace("model Department {", "model Department {\n  fax String?\n  floor Int @default(1)")
      .replace("  @@index([parentId])\n}", "  @@index([parentId])\n  @@index([nameUk, nameEn])\n}")
      .replace("  DEPARTMENT_HEAD\n", "  DEPARTMENT_HEAD\n  AUDITOR\n")
      .replace(/^(\s+)number(\s+)String(\s+)@unique/m, "$1number$2String$3")
      .concat("\nmodel Extra {\n  id Int @id @default(autoincrement())\n}\n");
    const diffs = await compareSchema({ dmmf: readDmmf({ prismaSchema: edited }), dbUrl });
    const expected = [
      /^Department\.fax: column missing in the database \(schema\.prisma: text\)$/,
      /^Department\.floor: column missing in the database \(schema\.prisma: integer NOT NULL\)$/,
      /^index "Category_nameUk_nameEn_idx" on Category\(nameUk, nameEn\): missing in the database$/,
      /^enum "StaffRole": database has \(OPERATOR, DEPARTMENT_OFFICER, DEPARTMENT_HEAD, SUPERVISOR, ADMIN\), schema\.prisma has \(OPERATOR, DEPARTMENT_OFFICER, DEPARTMENT_HEAD, AUDITOR, SUPERVISOR, ADMIN\)$/,
      /^unique index "Request_number_key" on Request\(number\): in the database but not in schema\.prisma$/,
      /^table "Extra": missing in the database$/,
      /^primary key "Extra_pkey" on Extra\(id\): missing in the database$/,
    ];
    for (const pattern of expected)
      expect(
        diffs.some((d) => pattern.test(d)),
        `no line matches ${pattern} in:\n${diffs.join("\n")}`,
      ).toBe(true);
    expect(diffs).toHaveLength(expected.length);
  });
});
