// GET /open-data/requests-YYYY-MM-DD.csv|json — one day's requests as open data (see
// app/domain/public/open-data.server.ts for what a file holds and what it never holds);
// /open-data/requests-latest.csv|json redirects to the latest whole day. Anyone may fetch
// them; caches may keep today's file for 5 minutes and a past day's for an hour (a request
// received that day still changes while it is dealt with), and revalidate by ETag.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildOpenDataFile, parseOpenDataFile } from "#app/domain/public/open-data.server.ts";
import { kyivDateOf } from "#app/domain/calendar/kyiv-time.ts";
import { t } from "#app/utils/i18n.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const now = new Date();
  const file = parseOpenDataFile(params.file ?? "", now);
  if (!file)
    return new Response(t(lang, "transparency:errors.noFile"), {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=300" },
    });
  const explicitLang = readSearchParams(request).get("lang") === "en" ? "en" : "uk";
  if (file.latest) {
    const q = explicitLang === "en" ? "?lang=en" : "";
    return new Response(null, {
      status: 302,
      headers: { Location: `/open-data/requests-${file.date}.${file.format}${q}`, "Cache-Control": "public, max-age=300" },
    });
  }
  // The names inside a file follow ?lang= only (not a cookie), so one address is one file for every cache.
  const built = await buildOpenDataFile({ date: file.date, format: file.format, lang: explicitLang, now });
  const headers = {
    "Content-Type": built.contentType,
    "Content-Disposition": `attachment; filename="requests-${file.date}${explicitLang === "en" ? "-en" : ""}.${file.format}"`,
    "Cache-Control": `public, max-age=${file.date === kyivDateOf(now) ? 300 : 3600}`,
    ETag: built.etag,
    // Anyone may read the files from a page of their own (the site sends nosniff on every answer).
    "Access-Control-Allow-Origin": "*",
  };
  const match = request.headers.get("if-none-match");
  if (match && match.split(",").some((m) => m.trim() === built.etag)) return new Response(null, { status: 304, headers });
  return new Response(built.body, { headers });
}
