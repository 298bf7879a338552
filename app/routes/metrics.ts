// GET /metrics — Prometheus text: this process's counters (Twilio webhooks refused).
import { renderPhoneMetrics } from "#app/channels/phone/webhook-metrics.server.ts";

export const loader = () => new Response(renderPhoneMetrics(), { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" } });
