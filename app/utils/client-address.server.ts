// The client's address, taken one way everywhere (login throttling, audit rows, limits on
// public forms): what the web server saw — Express's req.ip, which honours TRUST_PROXY —
// put into the load context by server.ts. X-Forwarded-For is read only when TRUST_PROXY=1,
// and then only its last hop (appended by our own proxy; earlier hops are the client's to
// forge). Without a known address callers get null: a shared "unknown" bucket would let
// one client lock everybody out.
import { isIP } from "node:net";
import { getEnv } from "./env.server.ts";

export function getClientAddress(request: Request, context?: unknown): string | null {
  const fromContext = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  if (typeof fromContext === "string" && fromContext) return fromContext;
  if (getEnv().TRUST_PROXY !== "1") return null;
  const last = request.headers.get("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last && isIP(last) ? last : null;
}
