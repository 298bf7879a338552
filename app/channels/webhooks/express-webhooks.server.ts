// Twilio's and Telegram's webhook deliveries as plain Express routes, mounted in server.ts
// before the Remix handler and before compression. A delivery needs none of the page
// machinery (route matching over every page, a Fetch Request with a streamed body, the
// document pipeline, gzip for a few hundred bytes of TwiML); under a city-wide storm these
// are the requests that come by the thousand. The answers are the same functions the Remix
// routes delegate to (webhook-actions.server.ts), behind the same middlewares (security
// headers, the 413 body limit, the cross-origin check), with the same refusals and counters.
//
// Only POST is served here; any other method falls through to the Remix routes, which
// answer it as they always have (404 for GET, 405 for the rest).
import express, { type NextFunction, type Request as ExpressRequest, type Response as ExpressResponse, type Router } from "express";
import { badHost, readLimitedBody, requestUrlOf } from "#app/utils/body-limit.server.ts";
import { databaseAwayResponse } from "#app/utils/database-away.server.ts";
import { isDatabaseUnavailableError } from "#app/utils/db-errors.ts";
import { reportDatabaseError } from "#app/utils/db.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { createLogger, describeError } from "#app/utils/logger.server.ts";
import {
  telegramWebhook,
  twilioSmsWebhook,
  twilioStatusWebhook,
  twilioVoiceStepWebhook,
  twilioVoiceWebhook,
  type WebhookRequest,
} from "./webhook-actions.server.ts";

const log = createLogger("web");

/** The request as a webhook reads it: the Express request's URL and headers, and its body read within the limit. */
function webhookRequest(req: ExpressRequest, url: URL, body: Buffer): WebhookRequest {
  return {
    method: req.method,
    url: url.href,
    headers: {
      get: (name) => {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
    text: async () => body.toString("utf8"),
    json: async () => JSON.parse(body.toString("utf8")) as unknown,
  };
}

async function send(res: ExpressResponse, response: Response) {
  if (res.headersSent) return;
  res.status(response.status);
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [key, value] of response.headers) res.append(key, value);
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

/**
 * What the Remix handler made of the same outcomes: a thrown Response is the answer; the
 * database being away is a 503 with Retry-After (database-away.server.ts); anything else is
 * logged and answered 500, as the Remix handler answers an action's unexpected error.
 */
async function answerFailure(res: ExpressResponse, request: WebhookRequest, error: unknown) {
  if (error instanceof Response) return send(res, error);
  if (isDatabaseUnavailableError(error)) {
    reportDatabaseError(error, "web request");
    return send(res, databaseAwayResponse("action", getRequestLang(request)));
  }
  log.error("request failed", { method: request.method, path: new URL(request.url).pathname, ...describeError(error) });
  if (!res.headersSent) res.status(500).type("text/plain; charset=utf-8").end("Unexpected Server Error");
}

function serve(answer: (request: WebhookRequest, req: ExpressRequest) => Promise<Response>) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const url = requestUrlOf(req);
    if (!url) return badHost(res);
    // Over the limit: the 413 is sent already; a client that went away gets nothing.
    const body = await readLimitedBody(req, res);
    if (!body) return;
    const request = webhookRequest(req, url, body);
    try {
      await send(res, await answer(request, req));
    } catch (error) {
      try {
        await answerFailure(res, request, error);
      } catch (e) {
        next(e);
      }
    }
  };
}

/** The webhook routes (POST only); mount before compression and the Remix handler. */
export function webhookRoutes(): Router {
  const router = express.Router();
  router.post("/webhooks/twilio/sms", serve(twilioSmsWebhook));
  router.post("/webhooks/twilio/status", serve(twilioStatusWebhook));
  router.post("/webhooks/twilio/voice", serve(twilioVoiceWebhook));
  router.post(
    "/webhooks/twilio/voice/:step",
    serve((request, req) => twilioVoiceStepWebhook(request, req.params.step)),
  );
  router.post(
    "/webhooks/telegram/:secret",
    serve((request, req) => telegramWebhook(request, req.params.secret)),
  );
  return router;
}
