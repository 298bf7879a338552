// POST /webhooks/telegram/<random path> — Telegram's deliveries in webhook mode. Checks the
// path and the secret_token header (constant time), records the update once by update_id
// and answers at once; the intake worker acts on it (registered Telegram handler).
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { checkTelegramWebhook, SECRET_HEADER } from "#integrations/telegram/webhook.ts";
import { recordInboundEvent } from "#app/domain/intake/record-inbound-event.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { getMetrics } from "#app/utils/metrics.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";

const log = createLogger("web");
const UpdateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

export async function loader() {
  return new Response("Not found", { status: 404 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const env = getEnv();
  // Only in webhook mode: while the bot long-polls, a delivery here is not Telegram's.
  if (env.TELEGRAM_MODE !== "webhook" || !env.TELEGRAM_BOT_TOKEN || !env.TELEGRAM_WEBHOOK_SECRET || !env.TELEGRAM_WEBHOOK_PATH)
    return new Response("Not found", { status: 404 });
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const check = checkTelegramWebhook({
    pathSegment: params.secret,
    headerSecret: request.headers.get(SECRET_HEADER),
    expectedPath: env.TELEGRAM_WEBHOOK_PATH,
    expectedSecret: env.TELEGRAM_WEBHOOK_SECRET,
  });
  if (check !== "ok") {
    log.warn("telegram webhook refused", { reason: check });
    getMetrics().telegramWebhookRejected.inc({ reason: check === "bad-path" ? "path" : request.headers.get(SECRET_HEADER) ? "invalid" : "missing" });
    return new Response("Forbidden", { status: 403 });
  }
  const parsed = UpdateSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    // Authentic but unreadable: a retry would bring the same bytes, so acknowledge it.
    log.warn("telegram webhook: not an update");
    return Response.json({ ok: true, ignored: true });
  }
  const recorded = await recordInboundEvent({ channel: "TELEGRAM", externalId: String(parsed.data.update_id), payload: parsed.data });
  return Response.json({ ok: true, duplicate: recorded.duplicate });
}
