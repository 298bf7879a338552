// GET /metrics — Prometheus text: this process's Node metrics, its webhook counters, and the
// installation's numbers (requests, inbound events, queues, job failures, deadlines). Not
// public in production: metrics-access.server.ts says who may scrape.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { registerInstallationMetrics } from "#app/utils/installation-metrics.server.ts";
import { refuseMetricsScrape } from "#app/utils/metrics-access.server.ts";
import { getMetrics, renderMetrics } from "#app/utils/metrics.server.ts";

// `args` is absent only when code in this process calls the loader itself: there is no
// client to refuse. Remix always passes the request.
export async function loader(args?: LoaderFunctionArgs) {
  if (args) {
    const refused = refuseMetricsScrape(args.request, args.context);
    if (refused) return refused;
  }
  registerInstallationMetrics(getMetrics().registry);
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
