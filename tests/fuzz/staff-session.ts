// Signed-in staff for the fuzz and access-matrix suites, made the way a person signs in:
// a password set on the account, then the /login action, whose Set-Cookie is kept. This
// keeps working whatever the session is made of (a signed cookie or a server-side row).
import { randomUUID } from "node:crypto";
import type { StaffRole } from "#app/generated/prisma/enums.ts";
import { action as loginAction } from "#app/routes/login.tsx";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";

const PASSWORD = "fuzz-Пароль-2026-long-enough";
let passwordHash: Promise<string> | undefined;
let address = 0;

export type SignedIn = { id: string; role: StaffRole; departmentId: string | null; email: string; cookie: string };

/** A staff account of `role` (in `departmentId`), signed in: `cookie` carries the session and the CSRF cookie. */
export async function signedInStaff(options: { role: StaffRole; departmentId?: string | null; name?: string }): Promise<SignedIn> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${options.role.toLowerCase()}-${randomUUID().slice(0, 8)}@fuzz.slv.test`;
  const user = await getDb().staffUser.create({
    data: {
      email,
      name: options.name ?? `Fuzz ${options.role}`,
      role: options.role,
      departmentId: options.departmentId ?? null,
      passwordHash: await passwordHash,
    },
  });
  const csrf = csrfPairForTests();
  const request = new Request("http://localhost:3000/login", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrf.cookie },
    body: new URLSearchParams({ csrf: csrf.field, email, password: PASSWORD, redirectTo: "/staff" }),
  });
  // A different client address for each, so sign-in throttling never gets in the way.
  const context = { clientAddress: `10.77.${Math.floor(++address / 250)}.${address % 250}` };
  const result = await Promise.resolve(loginAction({ request, params: {}, context } as never)).catch((e: unknown) => e);
  const setCookie = result instanceof Response ? result.headers.get("Set-Cookie") : null;
  if (!setCookie) throw new Error(`sign-in failed for ${options.role}: ${result instanceof Response ? result.status : JSON.stringify(result)}`);
  const session = setCookie
    .split(/,(?=\s*[^;=\s]+=)/)
    .map((c) => c.split(";")[0]!.trim())
    .filter((c) => !/=$/.test(c))
    .join("; ");
  return { id: user.id, role: options.role, departmentId: options.departmentId ?? null, email, cookie: `${session}; ${csrf.cookie}` };
}
