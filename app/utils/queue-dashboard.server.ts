// The BullMQ dashboard (bull-board) at /admin/queues, for administrators only: what waits,
// runs, is delayed or failed in each queue, and why a job failed. It is read-only: retrying,
// removing, promoting or cleaning jobs from here would change the work of the installation
// without an audit row, so every write is refused here (405) and bull-board is told to hide
// and refuse its own buttons. Jobs carry ids only, never personal data (queues.server.ts).
// Served by Express in server.ts, in front of Remix; bull-board's own UI is English only.
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import express, { type Request as ExpressRequest, type RequestHandler, type Router } from "express";
import { QUEUE_NAMES, getQueue } from "#app/jobs/queues.server.ts";
import { requireStaffUser } from "./auth.server.ts";
import { isDatabaseUnavailableError } from "./db-errors.ts";
import { reportDatabaseError } from "./db.server.ts";
import { t } from "./i18n.server.ts";
import { getRequestLang } from "./lang.server.ts";

export const QUEUE_DASHBOARD_PATH = "/admin/queues";

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };

/** The same request as Remix would see it, for the staff-session check (cookie and language only). */
function asFetchRequest(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const name of ["cookie", "accept-language"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  return new Request(new URL(req.originalUrl, "http://localhost"), { headers });
}

/**
 * Signed-in administrators pass. Nobody signed in: a page is redirected to the sign-in
 * (and back here after it), the dashboard's own API calls get 401; another role gets 403.
 */
const onlyAdministrators: RequestHandler = (req, res, next) => {
  const request = asFetchRequest(req);
  requireStaffUser(request, { roles: ["ADMIN"] }).then(
    () => next(),
    async (thrown: unknown) => {
      res.set("Cache-Control", "no-store");
      if (thrown instanceof Response) {
        const location = thrown.headers.get("Location");
        if (location && thrown.status >= 300 && thrown.status < 400) {
          if (req.path.startsWith("/api/"))
            return res
              .status(401)
              .set(TEXT)
              .send(t(getRequestLang(request), "common:errors.staffSignInRequired"));
          return res.redirect(thrown.status, location);
        }
        return res
          .status(thrown.status)
          .set(TEXT)
          .send(await thrown.text());
      }
      if (isDatabaseUnavailableError(thrown)) {
        reportDatabaseError(thrown, "queue dashboard");
        return res
          .status(503)
          .set(TEXT)
          .set("Retry-After", "30")
          .send(t(getRequestLang(request), "common:errors.unavailableText"));
      }
      next(thrown);
    },
  );
};

/** Only reading: a write through the dashboard would not be audited. */
const onlyReading: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  res
    .status(405)
    .set(TEXT)
    .set("Allow", "GET, HEAD")
    .send(t(getRequestLang(asFetchRequest(req)), "common:errors.forbidden"));
};

/**
 * bull-board's page sets <base href> so its relative script and API paths work at any depth;
 * the site's policy forbids <base> (base-uri 'none'), so here it may name this site.
 */
const allowBaseHref: RequestHandler = (_req, res, next) => {
  const policy = res.getHeader("Content-Security-Policy");
  if (typeof policy === "string") res.setHeader("Content-Security-Policy", policy.replace("base-uri 'none'", "base-uri 'self'"));
  next();
};

/** The router to mount at QUEUE_DASHBOARD_PATH. */
export function queueDashboard(): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(getQueue(name), { readOnlyMode: true, allowRetries: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: t("uk", "common:appShort"), locale: { lng: "en-GB" } } },
  });
  const router = express.Router();
  router.use(onlyAdministrators, onlyReading, allowBaseHref, serverAdapter.getRouter() as RequestHandler);
  return router;
}
