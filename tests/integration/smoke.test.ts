import { expect, test } from "vitest";
import { getDb } from "#app/utils/db.server.ts";

test("each test file gets its own migrated database", async () => {
  const db = getDb();
  await db.department.create({ data: { code: "x", nameUk: "Х", nameEn: "X" } });
  expect(await db.department.count()).toBe(1);
});
