// GET /api/public/requests — the public requests as JSON, for the map and for anyone who
// builds on it: the same public projection as the pages (no names or contacts; words,
// address and exact point only with the citizen's consent, otherwise a ~150 m cell centre),
// the same filters (category, district, status, stage, period) and pages of up to 500.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPublicRequestsForApi } from "#app/domain/public/list-public-requests.server.ts";
import { parsePublicFilters } from "#app/domain/public/public-filters.ts";
import { AppError } from "#app/utils/errors.ts";
import { toLang } from "#app/utils/i18n.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";

const MAX_PAGE_SIZE = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  const params = readSearchParams(request);
  const lang = toLang(params.get("lang"));
  try {
    const filters = parsePublicFilters(params);
    const sizeRaw = params.get("page_size")?.trim();
    const limit = sizeRaw ? Number(sizeRaw) : 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
      throw new AppError("VALIDATION", "errors:public.pageSizeInvalid", { field: "page_size" });
    const body = await listPublicRequestsForApi({ filters, lang, limit });
    return Response.json(body, { headers: { "Cache-Control": "public, max-age=60" } });
  } catch (e) {
    const error = toUserError(e, lang);
    if (error.status >= 500) throw e;
    return Response.json({ error: error.message, ...(error.field ? { field: error.field } : {}) }, { status: error.status });
  }
}
