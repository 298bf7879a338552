// GET /t/:code — the short tracking link a citizen is sent (SMS, Telegram; app/domain/tracking/short-tracking-link):
// a redirect to the request's private tracking page, or 404 for any code that does not
// open one (the same answer whether the number exists or not).
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { resolveShortTrackingCode } from "#app/domain/tracking/short-tracking-link.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const token = await resolveShortTrackingCode(params.code ?? "");
  if (!token) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  // The private link must not travel on as a Referer to wherever the page links.
  return redirect(`/track/${token}`, { headers: { "Referrer-Policy": "no-referrer", "Cache-Control": "private, no-store" } });
}
