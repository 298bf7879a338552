// The intake spool: where a door keeps a signed delivery it could not record because the
// database was away, so the citizen's message is not lost and the provider still gets its
// answer. One file per delivery under SPOOL_DIR, written once (temporary name, fsync, rename,
// fsync of the directory) before the door answers; replayed into the ordinary intake when the
// database is back, oldest first, and deleted only after its replay succeeded. Replays are
// safe to repeat: intake is idempotent on the provider's ids (MessageSid, CallSid, ...).
import { randomBytes } from "node:crypto";
import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { isDatabaseUnavailableError } from "#app/utils/db-errors.ts";
import { reportDatabaseError } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { createLogger, describeError } from "#app/utils/logger.server.ts";

const log = createLogger("domain");

export const SpoolEntrySchema = z.object({
  v: z.literal(1),
  /** Which door wrote it, and so who replays it. */
  source: z.enum(["twilio-sms", "twilio-voice"]),
  /** The provider's id of this delivery (MessageSid; CallSid and step for a call). */
  key: z.string().min(1).max(200),
  /** When it reached us: the request's time of receipt, whenever it is replayed. */
  at: z.iso.datetime(),
  /** The signed fields as received (already checked; cleaned of control characters). */
  params: z.record(z.string(), z.string()),
  /** Voice: the step of the hotline, its query, and whether the caller was promised a call back. */
  step: z.string().max(40).optional(),
  query: z.record(z.string(), z.string()).optional(),
  callback: z.boolean().optional(),
});
export type SpoolEntry = z.infer<typeof SpoolEntrySchema>;

const ENTRY = /^\d{13}-[0-9a-f]{24}\.json$/;
const CLAIMED = /^(\d{13}-[0-9a-f]{24}\.json)\.claimed-\d+-(\d{13})$/;
/** A claim older than this belonged to a process that died while replaying it. */
const STALE_CLAIM_MS = 2 * 60_000;
/** An entry whose replay fails this often for a reason other than the database is set aside. */
const MAX_ATTEMPTS = 5;
const attempts = new Map<string, number>();

function spoolDir(dir?: string) {
  return path.resolve(dir ?? getEnv().SPOOL_DIR);
}

/**
 * Writes one delivery to disk and returns once it is there (fsync'd). Throws when it cannot
 * be written (disk full, no permission): the door must then say so (an error status), since
 * nothing else holds the message.
 */
export async function spoolDelivery(entry: Omit<SpoolEntry, "v">, options: { dir?: string } = {}): Promise<{ file: string }> {
  const data = SpoolEntrySchema.parse({ v: 1, ...entry });
  const dir = spoolDir(options.dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const name = `${String(Date.parse(data.at)).padStart(13, "0")}-${createHash("sha256").update(`${data.source}\n${data.key}`).digest("hex").slice(0, 24)}.json`;
  const tmp = path.join(dir, `.${name}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  // Personal data (a phone number, the message): readable by this user only.
  const file = await open(tmp, "wx", 0o600);
  try {
    await file.writeFile(JSON.stringify(data) + "\n", "utf8");
    await file.sync();
  } catch (e) {
    await file.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
  await file.close();
  await rename(tmp, path.join(dir, name));
  // The rename itself is durable only once the directory is.
  const d = await open(dir, "r");
  try {
    await d.sync();
  } finally {
    await d.close();
  }
  return { file: name };
}

/** How many deliveries wait in the spool (for logs and checks). */
export async function countSpooled(options: { dir?: string } = {}): Promise<number> {
  const names = await readdir(spoolDir(options.dir)).catch(() => [] as string[]);
  return names.filter((n) => ENTRY.test(n) || CLAIMED.test(n)).length;
}

export type DrainResult = { replayed: number; waiting: number; setAside: number; databaseAway: boolean };

/**
 * Replays what the spool holds, oldest first, through `replay`. Each file is claimed by an
 * atomic rename first, so two processes sharing the directory never replay the same one at
 * once. A replay that fails because the database is still away ends this round (the entry
 * stays for the next); one that fails for another reason is tried again on later rounds and,
 * after MAX_ATTEMPTS, moved to `failed/` for a person to look at, and logged.
 */
export async function drainSpool(options: { replay: (entry: SpoolEntry) => Promise<void>; dir?: string }): Promise<DrainResult> {
  const dir = spoolDir(options.dir);
  const result: DrainResult = { replayed: 0, waiting: 0, setAside: 0, databaseAway: false };
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return result;
    throw e;
  }
  // Claims left by a process that died mid-replay go back in line.
  for (const n of names) {
    const m = CLAIMED.exec(n);
    if (m && Date.now() - Number(m[2]) > STALE_CLAIM_MS) await rename(path.join(dir, n), path.join(dir, m[1]!)).catch(() => {});
  }
  names = (await readdir(dir)).filter((n) => ENTRY.test(n)).sort();
  for (const [i, name] of names.entries()) {
    const claimed = path.join(dir, `${name}.claimed-${process.pid}-${String(Date.now()).padStart(13, "0")}`);
    try {
      await rename(path.join(dir, name), claimed);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue; // another process took it
      throw e;
    }
    let entry: SpoolEntry;
    try {
      entry = SpoolEntrySchema.parse(JSON.parse(await readFile(claimed, "utf8")));
    } catch (e) {
      // Cut short by a crash mid-write can not happen (rename after fsync); anything else unreadable is kept aside.
      log.error("spooled delivery unreadable; set aside", { file: name, ...describeError(e) });
      await setAside(dir, claimed, name);
      result.setAside++;
      continue;
    }
    try {
      await options.replay(entry);
      await rm(claimed, { force: true });
      attempts.delete(name);
      result.replayed++;
    } catch (e) {
      await rename(claimed, path.join(dir, name));
      if (isDatabaseUnavailableError(e)) {
        reportDatabaseError(e, "spool replay");
        result.databaseAway = true;
        result.waiting = names.length - i;
        return result;
      }
      const tries = (attempts.get(name) ?? 0) + 1;
      attempts.set(name, tries);
      if (tries >= MAX_ATTEMPTS) {
        log.error("spooled delivery could not be replayed; set aside", { file: name, source: entry.source, tries, ...describeError(e) });
        await setAside(dir, path.join(dir, name), name);
        attempts.delete(name);
        result.setAside++;
      } else {
        log.warn("spooled delivery replay failed; will try again", { file: name, source: entry.source, tries, ...describeError(e) });
        result.waiting++;
      }
    }
  }
  return result;
}

async function setAside(dir: string, from: string, name: string) {
  await mkdir(path.join(dir, "failed"), { recursive: true, mode: 0o700 });
  await rename(from, path.join(dir, "failed", name));
}
