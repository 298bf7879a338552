// Remix refuses a form POST whose Origin names another host than Host/X-Forwarded-Host
// (or an Origin it cannot parse) by throwing inside its document handler, which answers
// a bare 500. This answers the same requests first, with a 403 a person can act on.
// Mount it before the Remix handler: app.use(refuseCrossOriginWrites).
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { t } from "./i18n.server.ts";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Why Remix would refuse this request (the same rule as its own check), or null. */
export function crossOriginWriteProblem(method: string, headers: { get(name: string): string | null }): string | null {
  if (!WRITES.has(method.toUpperCase())) return null;
  const origin = headers.get("origin");
  if (origin === null) return null;
  // "null" (a sandboxed frame, a privacy-minded browser) names no site: Remix refuses it too.
  if (origin === "null") return "Origin is null";
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return "malformed Origin";
  }
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || headers.get("host");
  if (!host) return "no Host to compare the Origin with";
  return originHost === host ? null : "Origin is another site";
}

/** The answer for such a request: 403, in Ukrainian then English. */
export function crossOriginRefusalText() {
  return `${t("uk", "common:errors.crossOrigin")} / ${t("en", "common:errors.crossOrigin")}`;
}

/** Express middleware: a cross-origin write gets the 403 here instead of Remix's 500. */
export function refuseCrossOriginWrites(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  const problem = crossOriginWriteProblem(req.method, { get: (name) => req.get(name) ?? null });
  if (!problem) return next();
  res.status(403).type("text/plain; charset=utf-8").send(crossOriginRefusalText());
}
