// The server secret: it signs staff session cookies and derives citizens' tracking links,
// so whoever knows it can forge both. Production must bring its own strong one; the local
// demo generates one on first start and keeps it under .data/ (gitignored), so tracking
// links keep working across restarts; tests use a fixed value that production refuses.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "./env.server.ts";

export const MIN_SESSION_SECRET_LENGTH = 32;
export const TEST_SESSION_SECRET = "test-only-session-secret-never-valid-in-production";
/** Relative to the working directory, like UPLOAD_DIR's default. */
export const GENERATED_SESSION_SECRET_FILE = ".data/session-secret";

// Values that were ever printed in this repository (source defaults, .env.example, tests).
const KNOWN_VALUES = new Set(["dev-only-session-secret-change-me", TEST_SESSION_SECRET]);
const PLACEHOLDER_WORDS = /change-?me|placeholder|your[-_ ]?secret|example|secret-here|replace/i;

export const HOW_TO_MAKE_ONE = "Generate one with `openssl rand -base64 48` and set SESSION_SECRET in the environment (or .env).";

/** Why this secret must not be used in `mode`, or null when it is fine. */
export function sessionSecretProblem(secret: string | undefined, mode: "production" | "development" | "test"): string | null {
  if (!secret) return mode === "production" ? "SESSION_SECRET is not set" : null;
  if (mode !== "production") return secret.length < 16 ? "SESSION_SECRET is shorter than 16 characters" : null;
  if (KNOWN_VALUES.has(secret)) return "SESSION_SECRET is a value published in the source code";
  if (secret.length < MIN_SESSION_SECRET_LENGTH) return `SESSION_SECRET is shorter than ${MIN_SESSION_SECRET_LENGTH} characters`;
  if (PLACEHOLDER_WORDS.test(secret)) return "SESSION_SECRET looks like a placeholder";
  if (new Set(secret).size < 10) return "SESSION_SECRET is not random enough (too few different characters)";
  return null;
}

/** The message a refused start prints. */
export function sessionSecretRefusal(problem: string) {
  return (
    `${problem}. In production it must be a random value of at least ${MIN_SESSION_SECRET_LENGTH} characters: ` +
    `it signs staff sessions and derives citizens' tracking links. ${HOW_TO_MAKE_ONE}`
  );
}

let cached: string | undefined;

/** The secret for this process (throws in production when it is missing or weak). */
export function getSessionSecret(): string {
  if (cached) return cached;
  const env = getEnv();
  const problem = sessionSecretProblem(env.SESSION_SECRET, env.NODE_ENV);
  if (problem) throw new Error(sessionSecretRefusal(problem));
  if (env.SESSION_SECRET) return (cached = env.SESSION_SECRET);
  return (cached = env.NODE_ENV === "test" ? TEST_SESSION_SECRET : readOrCreateGeneratedSecret());
}

function readOrCreateGeneratedSecret(): string {
  const file = path.resolve(GENERATED_SESSION_SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Web, workers and bot start together: write aside, then link into place, which fails if
  // another process won the race; everybody then reads the winner's complete file.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(temp, randomBytes(48).toString("base64url") + "\n", { mode: 0o600 });
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  const secret = readSecret(file);
  if (!secret) throw new Error(`Could not read the generated session secret at ${file}`);
  return secret;
}

function readSecret(file: string): string | null {
  try {
    const value = readFileSync(file, "utf8").trim();
    return value.length >= MIN_SESSION_SECRET_LENGTH ? value : null;
  } catch {
    return null;
  }
}

/** Tests switch NODE_ENV and SESSION_SECRET; production never calls this. */
export function resetSessionSecretForTests() {
  cached = undefined;
}
