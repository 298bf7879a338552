// Shared by the handoff-* tests: staff route calls with a session and CSRF, and requests
// from each door through the one submitRequest.
import { submitRequest } from "#app/domain/requests/submit-request.server.ts";
import { csrf } from "#tests/factories/staff-session.ts";

export { csrf };
export const BASE = "http://localhost:3000";
export const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as never;

export function formPost(url: string, cookie: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ csrf: csrf.field, ...fields });
  return new Request(url, { method: "POST", headers: { Cookie: cookie || csrf.cookie, "Content-Type": "application/x-www-form-urlencoded" }, body });
}

export async function settle<T>(p: Promise<T>): Promise<T | Response> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

let seq = 0;
/** A request from one of the doors, by a citizen reachable on that door. */
export async function requestFrom(door: "WEB" | "TELEGRAM" | "SMS" | "PHONE_OPERATOR", categoryCode: string) {
  const n = `${Date.now()}${++seq}`.slice(-9);
  const phone = `+38050${n.slice(-7)}`;
  const citizen =
    door === "TELEGRAM"
      ? { identity: { channel: "TELEGRAM" as const, externalId: `7${n}` } }
      : door === "SMS"
        ? { phone, identity: { channel: "SMS" as const, externalId: phone } }
        : { phone, fullName: "Олена Коваль" };
  const r = await submitRequest({
    channel: door,
    externalId: door === "PHONE_OPERATOR" ? undefined : `ext-${n}`,
    description: "Потрібно зареєструвати місце проживання",
    categoryCode,
    citizen,
  });
  return { ...r, address: door === "TELEGRAM" ? citizen.identity!.externalId : phone };
}
