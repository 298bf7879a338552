// The database being away (stopped, restarting, out of connections, too loaded to hand out a
// connection or a transaction in time) fails every page the same way and is not a fault of the
// page: it is a 503 with Retry-After, and the page a person sees says the service is briefly
// unavailable and, after a form, that nothing was recorded (error-page.tsx). One wrapper over the
// server build does it for every loader and action, so no route has to remember it: the
// database error becomes a thrown 503 Response, which Remix renders in the error boundary for a
// page, hands on as is for a resource route (a webhook's sender retries a 503), and answers as
// 503 to a client-side navigation. Entry.server adds Retry-After to the page and data answers.
import type { ActionFunction, LoaderFunction, ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailableError } from "./db-errors.ts";
import { reportDatabaseError } from "./db.server.ts";
import type { Lang } from "./i18n.ts";
import { getRequestLang } from "./lang.server.ts";

/** How long a client should wait before trying again: about the time PostgreSQL takes to restart. */
export const DATABASE_AWAY_RETRY_AFTER_SECONDS = 30;

/**
 * What the thrown 503 carries for the error page (error-page.tsx): whether a form was sent, and
 * the reader's language — after a failed action Remix runs no loader at or above the boundary,
 * so the root's loader data (where pages take the language from) is missing.
 */
export type DatabaseAwayData = { unavailable: "database"; during: "loader" | "action"; lang: Lang };

export function databaseAwayResponse(during: DatabaseAwayData["during"], lang: Lang) {
  const body: DatabaseAwayData = { unavailable: "database", during, lang };
  return Response.json(body, {
    status: 503,
    headers: { "Retry-After": String(DATABASE_AWAY_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}

function guard<F extends LoaderFunction | ActionFunction>(fn: F, during: DatabaseAwayData["during"]): F {
  const guarded = async (args: Parameters<F>[0]) => {
    try {
      return await fn(args);
    } catch (e) {
      if (!isDatabaseUnavailableError(e)) throw e;
      // One rate-limited line for the whole outage, not a stack per request.
      reportDatabaseError(e, "web request");
      throw databaseAwayResponse(during, getRequestLang(args.request));
    }
  };
  return guarded as F;
}

/** The same build, with every route's loader and action answering 503 while the database is away. */
export function answerDatabaseAwayWith503(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: guard(loader, "loader") } : {}),
        ...(action ? { action: guard(action, "action") } : {}),
      },
    };
  }
  return { ...build, routes };
}
