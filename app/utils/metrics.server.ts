// Prometheus metrics of this process (prom-client): Node's own (memory, event-loop lag, GC,
// handles) and the platform's counters. Each process exposes its own; a Prometheus server
// sums them over the scraped instances. Label values come from fixed sets only, so a
// stranger cannot grow the registry.
import { collectDefaultMetrics, Counter, Registry } from "prom-client";

type Metrics = {
  registry: Registry;
  twilioWebhookRejected: Counter<"hook" | "reason">;
  telegramWebhookRejected: Counter<"reason">;
};

// On globalThis: the web server and the built app bundle each load their own copy of this module.
declare global {
  var __slvMetrics: Metrics | undefined;
}

export function getMetrics(): Metrics {
  if (globalThis.__slvMetrics) return globalThis.__slvMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const twilioWebhookRejected = new Counter({
    name: "twilio_webhook_rejected_total",
    help: "Twilio webhooks refused with 403 (bad or missing X-Twilio-Signature).",
    labelNames: ["hook", "reason"] as const,
    registers: [registry],
  });
  const telegramWebhookRejected = new Counter({
    name: "telegram_webhook_rejected_total",
    help: "Telegram webhook deliveries refused with 403 (wrong path, or missing or wrong secret_token header).",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  return (globalThis.__slvMetrics = { registry, twilioWebhookRejected, telegramWebhookRejected });
}

/** The exposition text and its content type, for GET /metrics. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = getMetrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
