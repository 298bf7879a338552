// In-process counters, exposed at /metrics in Prometheus text format. Each web process
// counts its own; a Prometheus server sums them over the scraped instances.
declare global {
   
  var __slvPhoneMetrics: Map<string, number> | undefined;
}

function counters() {
  return (globalThis.__slvPhoneMetrics ??= new Map());
}

/** A Twilio webhook refused for a bad or missing signature. */
export function countRejectedTwilioWebhook(options: { hook: string; reason: "missing" | "invalid" | "unconfigured" }) {
  const key = `twilio_webhook_rejected_total{hook="${options.hook}",reason="${options.reason}"}`;
  counters().set(key, (counters().get(key) ?? 0) + 1);
}

export function getPhoneMetrics(): { name: string; value: number }[] {
  return [...counters().entries()].map(([name, value]) => ({ name, value }));
}

export function renderPhoneMetrics(): string {
  const lines = ["# HELP twilio_webhook_rejected_total Twilio webhooks refused with 403 (bad or missing X-Twilio-Signature).", "# TYPE twilio_webhook_rejected_total counter"];
  for (const { name, value } of getPhoneMetrics()) lines.push(`${name} ${value}`);
  return lines.join("\n") + "\n";
}
