// The client's address, taken one way everywhere (login throttling, audit rows, limits on
// public forms): what the web server saw — Express's req.ip, which honours TRUST_PROXY —
// put into the load context by server.ts. X-Forwarded-For is read only when TRUST_PROXY=1,
// and then only its last hop (appended by our own proxy; earlier hops are the client's to
// forge). Without a known address callers get null: a shared "unknown" bucket would let
// one client lock everybody out.
import { AsyncLocalStorage } from "node:async_hooks";
import { isIP } from "node:net";
import { getEnv } from "./env.server.ts";

export function getClientAddress(request: Request, context?: unknown): string | null {
  const fromContext = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  if (typeof fromContext === "string" && fromContext) return fromContext;
  if (getEnv().TRUST_PROXY !== "1") return null;
  const last = request.headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
  return last && isIP(last) ? last : null;
}

// The same address for code that has no Request in hand (an audit row written deep inside a
// use case): server.ts runs every request inside this store, so it cannot be forgotten.
// On globalThis: server.ts and the built app bundle each load their own copy of this module.
declare global {
  var __slvRequestAddress: AsyncLocalStorage<{ clientAddress: string | null }> | undefined;
}
const requestAddress = (globalThis.__slvRequestAddress ??= new AsyncLocalStorage<{ clientAddress: string | null }>());

/** For the web server: runs the rest of this request's handling with its client address known. */
export function runWithClientAddress<T>(clientAddress: string | null, fn: () => T): T {
  return requestAddress.run({ clientAddress }, fn);
}

/** The address of the web request being handled, or null outside one (workers, scripts). */
export function currentClientAddress(): string | null {
  return requestAddress.getStore()?.clientAddress ?? null;
}
