// Shared by the admin route tests: signed-in requests with a valid CSRF pair.
import { expect } from "vitest";
import { getDb } from "#app/utils/db.server.ts";
import { csrf, signInAs } from "#tests/factories/staff-session.ts";

export const BASE = "http://localhost:3000";

/** Session cookies only: postRequest adds the CSRF cookie. */
export async function createAdminAndOperator() {
  const admin = await signInAs("ADMIN", { name: "Адмін" });
  const operator = await signInAs("OPERATOR", { name: "Оператор" });
  return { admin: admin.user, operator: operator.user, adminCookie: admin.session, operatorCookie: operator.session };
}

export function getRequest(path: string, cookie: string) {
  return new Request(`${BASE}${path}`, { headers: { Cookie: cookie } });
}

export function postRequest(path: string, cookie: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams({ csrf: csrf.field });
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `${cookie}; ${csrf.cookie}` },
    body,
  });
}

export const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as never;

export async function thrown(p: unknown): Promise<Response> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("expected a thrown Response");
}

type Result = { init: ResponseInit | null; data: { ok: boolean; error?: string; field?: string; message?: string } };
export function asResult(r: unknown) {
  return r as Result;
}

export function expectOk(r: unknown) {
  const x = asResult(r);
  expect(x.data, JSON.stringify(x.data)).toMatchObject({ ok: true });
  expect(x.init?.status ?? 200).toBe(200);
}

export function expectInvalid(r: unknown, field: string, status = 400) {
  const x = asResult(r);
  expect(x.data, JSON.stringify(x.data)).toMatchObject({ ok: false, field });
  expect(x.init?.status).toBe(status);
  return x.data.error!;
}

export async function lastAudit(action: string) {
  return getDb().auditLog.findFirst({ where: { action }, orderBy: { id: "desc" } });
}
