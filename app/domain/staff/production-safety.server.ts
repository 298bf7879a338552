// What a production start refuses: a missing or weak SESSION_SECRET, and demo staff
// accounts still open with their published passwords. Every process entry point (web,
// workers, `npm start`) runs this first, so a misconfigured installation never serves.
import { findOpenDemoAccounts } from "#app/domain/staff/demo-staff-accounts.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { getSessionSecret, sessionSecretProblem, sessionSecretRefusal } from "#app/utils/session-secret.server.ts";

export class UnsafeStartError extends Error {
  override name = "UnsafeStartError";
}

/** The secret alone (no database needed); outside production it also prepares the local one. */
export function assertSecretSafe() {
  const env = getEnv();
  const problem = sessionSecretProblem(env.SESSION_SECRET, env.NODE_ENV);
  if (problem) throw new UnsafeStartError(sessionSecretRefusal(problem));
  getSessionSecret();
}

/**
 * Throws UnsafeStartError with what to do when this process must not start. Outside
 * production only the secret is prepared. `demoAccounts: false` skips the database check
 * (for a caller that has not migrated yet and checks again later).
 */
export async function assertProductionSafe(options: { demoAccounts?: boolean } = {}) {
  assertSecretSafe();
  const env = getEnv();
  if (env.NODE_ENV !== "production") return;
  // Demo logins are published in the README: no production start creates or keeps them.
  if (env.SEED_DEMO === "1")
    throw new UnsafeStartError(
      "SEED_DEMO=1 asks for demo staff accounts with published passwords, which a production start never creates. " +
        "Unset SEED_DEMO (a demo belongs on a NODE_ENV=development installation).",
    );
  if (options.demoAccounts === false) return;
  let open: string[];
  try {
    open = await findOpenDemoAccounts();
  } catch (error) {
    throw new UnsafeStartError(`Could not check the staff accounts for demo logins: ${(error as Error).message}`);
  }
  if (open.length > 0) {
    throw new UnsafeStartError(
      `Demo staff accounts with published passwords are active: ${open.join(", ")}. ` +
        "Deactivate them with `npm run db:seed -- --disable-demo-staff`, or give them new passwords in /admin/staff.",
    );
  }
}

/** For process entry points: prints why and exits 1 when unsafe. */
export async function exitIfUnsafe(options: { demoAccounts?: boolean } = {}) {
  try {
    await assertProductionSafe(options);
  } catch (error) {
    if (!(error instanceof UnsafeStartError)) throw error;
    process.stderr.write(`Refusing to start: ${error.message}\n`);
    process.exit(1);
  }
}
