// A production start refuses a weak or missing SESSION_SECRET and active demo accounts;
// the local demo keeps a generated secret across restarts; demo staff are seeded once,
// only when asked for.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_STAFF } from "#app/domain/staff/demo-staff.ts";
import { seedDatabase } from "#prisma/seed/seed-database.server.ts";
import { DEMO_STAFF_SEEDED_SETTING } from "#prisma/seed/seed-demo-staff.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { isDemoSeedingEnabled, resetEnvForTests } from "#app/utils/env.server.ts";
import { assertProductionSafe, UnsafeStartError } from "#app/domain/staff/production-safety.server.ts";
import { resetSessionSecretForTests, sessionSecretProblem } from "#app/utils/session-secret.server.ts";

const STRONG = "q7Yb2kR9vX4mN8pL3sT6wZ1cF5hJ0dGaE";
const saved = { NODE_ENV: process.env.NODE_ENV, SESSION_SECRET: process.env.SESSION_SECRET, SEED_DEMO: process.env.SEED_DEMO };

function setEnv(values: Partial<Record<keyof typeof saved, string | undefined>>) {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
  resetSessionSecretForTests();
}
afterEach(() => setEnv(saved));

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UnsafeStartError) return e.message;
    throw e;
  }
  throw new Error("expected the start to be refused");
}

describe("SESSION_SECRET in production", () => {
  it.each([
    ["missing", undefined],
    ["the old source default", "dev-only-session-secret-change-me"],
    ["too short", "aB3$aB3$aB3$aB3$aB3$"],
    ["a placeholder", "change-me-change-me-change-me-change-me"],
    ["one repeated character", "x".repeat(64)],
  ])("refuses a secret that is %s, saying how to make one", async (_label, secret) => {
    setEnv({ NODE_ENV: "production", SESSION_SECRET: secret });
    const message = await refusal(assertProductionSafe());
    expect(message).toMatch(/SESSION_SECRET/);
    expect(message).toMatch(/32/);
    expect(message).toMatch(/openssl rand/);
  });

  it("accepts a long random secret", async () => {
    setEnv({ NODE_ENV: "production", SESSION_SECRET: STRONG });
    await expect(assertProductionSafe()).resolves.toBeUndefined();
  });

  it("the value printed in .env.example is never accepted", () => {
    const example = readFileSync(".env.example", "utf8").match(/^SESSION_SECRET=(.*)$/m)?.[1] ?? "";
    expect(sessionSecretProblem(example || undefined, "production")).not.toBeNull();
  });
});

describe("SESSION_SECRET for the local demo", () => {
  const tsx = pathToFileURL(path.resolve("node_modules/tsx/dist/loader.mjs")).href;
  const module = pathToFileURL(path.resolve("app/utils/session-secret.server.ts")).href;
  const print = (cwd: string) =>
    spawnSync(
      process.execPath,
      ["--import", tsx, "--input-type=module", "-e", `const m = await import(${JSON.stringify(module)}); process.stdout.write(m.getSessionSecret());`],
      {
        cwd,
        encoding: "utf8",
        env: { ...process.env, NODE_ENV: "development", SESSION_SECRET: "" },
      },
    );

  it("generates a random one on first start and keeps it in .data/ so links survive restarts", () => {
    const a = mkdtempSync(path.join(os.tmpdir(), "slv-secret-"));
    const b = mkdtempSync(path.join(os.tmpdir(), "slv-secret-"));
    try {
      const first = print(a);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(path.join(a, ".data/session-secret"), "utf8").trim()).toBe(first.stdout);
      expect(print(a).stdout).toBe(first.stdout);
      // Another installation gets its own.
      expect(print(b).stdout).not.toBe(first.stdout);
      expect(sessionSecretProblem(first.stdout, "production")).toBeNull();
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});

describe("demo staff accounts", () => {
  // Each case starts from a database where demo staff were never seeded.
  beforeEach(async () => {
    await getDb().staffUser.deleteMany();
    await getDb().setting.deleteMany({ where: { key: DEMO_STAFF_SEEDED_SETTING } });
  });

  it("are seeded in development, never in production, and a production start asked for them refuses", async () => {
    setEnv({ NODE_ENV: "development", SEED_DEMO: undefined });
    expect(isDemoSeedingEnabled()).toBe(true);
    setEnv({ NODE_ENV: "production", SEED_DEMO: undefined });
    expect(isDemoSeedingEnabled()).toBe(false);
    setEnv({ NODE_ENV: "production", SESSION_SECRET: STRONG, SEED_DEMO: "1" });
    expect(isDemoSeedingEnabled()).toBe(false);
    expect(await refusal(assertProductionSafe())).toMatch(/SEED_DEMO=1/);
    expect(await refusal(assertProductionSafe({ demoAccounts: false }))).toMatch(/SEED_DEMO=1/);
    setEnv({ NODE_ENV: "development", SEED_DEMO: "0" });
    expect(isDemoSeedingEnabled()).toBe(false);
  });

  it("seeding without asking for demo data creates no staff", async () => {
    await seedDatabase({});
    expect(await getDb().staffUser.count()).toBe(0);
  });

  it("are seeded once: an account the admin deleted or deactivated is not brought back", async () => {
    const db = getDb();
    await seedDatabase({ withDemoStaff: true });
    expect(await db.staffUser.count()).toBe(DEMO_STAFF.length);
    await db.staffUser.delete({ where: { email: DEMO_STAFF[0]!.email } });
    await db.staffUser.update({ where: { email: DEMO_STAFF[1]!.email }, data: { active: false } });
    const again = await seedDatabase({ withDemoStaff: true });
    expect(again.demoStaff).toMatchObject({ created: 0 });
    expect(await db.staffUser.findUnique({ where: { email: DEMO_STAFF[0]!.email } })).toBeNull();
    expect((await db.staffUser.findUniqueOrThrow({ where: { email: DEMO_STAFF[1]!.email } })).active).toBe(false);
  });

  it("a production start with demo accounts still on their public passwords is refused, saying how to fix it", async () => {
    const db = getDb();
    await seedDatabase({ withDemoStaff: true });
    setEnv({ NODE_ENV: "production", SESSION_SECRET: STRONG, SEED_DEMO: undefined });
    const message = await refusal(assertProductionSafe());
    expect(message).toContain("admin@slv.demo");
    expect(message).toMatch(/--disable-demo-staff/);

    // Not even when asked for a demo: production never keeps published passwords.
    setEnv({ NODE_ENV: "production", SESSION_SECRET: STRONG, SEED_DEMO: "1" });
    expect(await refusal(assertProductionSafe())).toMatch(/SEED_DEMO=1/);

    // Deactivated or with a changed password they no longer stop the start.
    setEnv({ NODE_ENV: "production", SESSION_SECRET: STRONG, SEED_DEMO: undefined });
    await db.staffUser.updateMany({ where: { email: { in: DEMO_STAFF.map((s) => s.email).filter((e) => e !== "admin@slv.demo") } }, data: { active: false } });
    expect(await refusal(assertProductionSafe())).toContain("admin@slv.demo");
    await db.staffUser.update({ where: { email: "admin@slv.demo" }, data: { passwordHash: "$argon2id$v=19$m=65536,t=3,p=4$changed" } });
    await expect(assertProductionSafe()).resolves.toBeUndefined();
  });

  it("`npm run db:seed -- --disable-demo-staff` deactivates them, so production can start", async () => {
    await seedDatabase({ withDemoStaff: true });
    const run = spawnSync(process.execPath, ["--import", "tsx", "prisma/seed.ts", "--disable-demo-staff"], {
      encoding: "utf8",
      env: { ...process.env, NODE_ENV: "production", SESSION_SECRET: STRONG },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/deactivated 8/i);
    expect(await getDb().staffUser.count({ where: { active: true } })).toBe(0);
    setEnv({ NODE_ENV: "production", SESSION_SECRET: STRONG });
    await expect(assertProductionSafe()).resolves.toBeUndefined();
  });
});

describe("process entry points refuse an unsafe production start", () => {
  it.each([["server.ts"], ["workers/index.ts"], ["scripts/start.ts"]])("%s exits non-zero without SESSION_SECRET", async (entry) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry], {
      env: { ...process.env, NODE_ENV: "production", SESSION_SECRET: "", PORT: "1", SKIP_BUILD: "1" },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code).not.toBe(0);
    expect(out).toMatch(/SESSION_SECRET/);
    expect(out).toMatch(/openssl rand/);
    expect(out).not.toMatch(/web listening|Migrations applied|Seed:/);
  });
});
