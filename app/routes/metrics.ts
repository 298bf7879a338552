// GET /metrics — Prometheus text: this process's Node metrics and the platform's counters.
import { renderMetrics } from "#app/utils/metrics.server.ts";

export async function loader() {
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType } });
}
