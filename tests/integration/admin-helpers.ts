// Shared by the admin route tests: signed-in requests with a valid CSRF pair.
import { expect } from "vitest";
import { csrfPairForTests } from "#app/utils/csrf.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { createStaffSession } from "#app/utils/session.server.ts";

export const BASE = "http://localhost:3000";
const csrf = csrfPairForTests();

export async function sessionCookieFor(staffUserId: string) {
  return (await createStaffSession({ staffUserId })).split(";")[0]!;
}

export async function createAdminAndOperator() {
  const db = getDb();
  const admin = await db.staffUser.create({ data: { email: `admin-${Date.now()}@slv.test`, name: "Адмін", role: "ADMIN" } });
  const operator = await db.staffUser.create({ data: { email: `op-${Date.now()}@slv.test`, name: "Оператор", role: "OPERATOR" } });
  return { admin, operator, adminCookie: await sessionCookieFor(admin.id), operatorCookie: await sessionCookieFor(operator.id) };
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
