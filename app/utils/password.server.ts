// Staff passwords: argon2id (OWASP's first choice) with the library's defaults
// (64 MiB, 3 passes, 4 lanes; ~0.1 s here). The PHC string carries its own parameters,
// so raising them later keeps old hashes verifiable.
import argon2 from "argon2";

export async function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id });
}

/** False for a wrong password and for a hash that is missing or malformed (never throws). */
export async function verifyPassword(options: { hash: string; plain: string }): Promise<boolean> {
  if (!options.hash.startsWith("$argon2")) return false;
  try {
    return await argon2.verify(options.hash, options.plain);
  } catch {
    return false;
  }
}
