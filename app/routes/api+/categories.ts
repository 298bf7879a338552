// GET /api/categories?q=&lang= — the report form's category tree (groups → leaves), filtered by name and synonyms.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listReportCategories } from "#app/domain/categories/list-report-categories.server.ts";
import { toLang } from "#app/utils/i18n.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const params = readSearchParams(request);
  const lang = toLang(params.get("lang"));
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const groups = await listReportCategories({ lang, q });
  return Response.json({ groups }, { headers: { "Cache-Control": "public, max-age=60" } });
}
