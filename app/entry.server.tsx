// Remix's default entry, rendered by React's web-streams renderer (render-html.server.tsx
// says why: the Node one cuts Ukrainian letters at its buffers' edges), plus the per-request CSP nonce (see server.ts) on every
// script React and Remix write into the page, so the policy needs no 'unsafe-inline', and
// the page's texts: the namespaces its matched routes declare, in the request's language,
// go into the HTML, and the render may read no others (docs/decisions/011).
import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { PageTextsProvider, serializePageTexts } from "#app/utils/i18n-page.tsx";
import { pageNamespaces, renderWithTexts, textsFor } from "#app/utils/i18n.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { isDatabaseUnavailableError } from "#app/utils/db-errors.ts";
import { DATABASE_AWAY_RETRY_AFTER_SECONDS } from "#app/utils/database-away.server.ts";
import { reportDatabaseError } from "#app/utils/db.server.ts";
import { createLogger, describeError } from "#app/utils/logger.server.ts";
import { NonceProvider } from "#app/utils/nonce.tsx";
import { renderHtml } from "#app/utils/render-html.server.tsx";

const log = createLogger("web");

/**
 * What Remix reports as an error. A client's mistake (no such page, a POST where there is
 * no form: 4xx) or a request the client gave up on is not ours to log: otherwise anyone
 * could fill the disk with stack traces. Real failures are one JSON line each, without the
 * request body or query (they may hold personal data).
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  // The database being away fails every request the same way: a line per 5 s with a count.
  if (isDatabaseUnavailableError(error)) return reportDatabaseError(error, "web request");
  log.error("request failed", { method: request.method, path: new URL(request.url).pathname, ...describeError(error) });
};

const ABORT_DELAY = 5_000;

/**
 * A 503 (the database away: database-away.server.ts turns its errors into a thrown 503) tells
 * the browser, a proxy or a client-side navigation when to try again, and is never cached.
 */
function markUnavailable(status: number, headers: Headers) {
  if (status !== 503) return;
  if (!headers.has("Retry-After")) headers.set("Retry-After", String(DATABASE_AWAY_RETRY_AFTER_SECONDS));
  headers.set("Cache-Control", "no-store");
}

/** Client-side navigations and fetchers (single fetch `.data`): the same 503 as the page. */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  markUnavailable(response.status, response.headers);
  return response;
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  // Bots (and SPA mode) get the whole document at once; browsers get the shell first.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  const lang = getRequestLang(request);
  const namespaces = pageNamespaces(remixContext.staticHandlerContext.matches.map((m) => remixContext.routeModules[m.route.id]?.handle));
  const pageTexts = serializePageTexts(lang, textsFor(lang, namespaces));
  markUnavailable(responseStatusCode, responseHeaders);
  let shellRendered = false;
  // A shell error rejects here and Remix answers with its error page.
  const body = await renderWithTexts(lang, namespaces, () =>
    renderHtml(
      <NonceProvider value={nonce ?? ""}>
        <PageTextsProvider value={pageTexts}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </PageTextsProvider>
      </NonceProvider>,
      {
        nonce,
        waitForAll,
        signal: AbortSignal.timeout(ABORT_DELAY),
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell are logged by Remix; these happened while streaming.
          if (shellRendered && !request.signal.aborted) {
            if (isDatabaseUnavailableError(error)) reportDatabaseError(error, "web render");
            else log.error("render failed", { path: new URL(request.url).pathname, ...describeError(error) });
          }
        },
      },
    ),
  );
  shellRendered = true;
  responseHeaders.set("Content-Type", "text/html");
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}
