import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportInboxCsv } from "#app/domain/inbox/export-inbox-csv.server.ts";
import { parseInboxQuery } from "#app/domain/inbox/inbox-filters.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readSearchParams } from "#app/utils/request-input.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

/** CSV of any inbox list (same query string as /staff/inbox); audited in the domain. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  const { sort, page: _page, ...filters } = parseInboxQuery(readSearchParams(request));
  try {
    const { csv, filename } = await exportInboxCsv({ actor: user, filters, sort, lang, ip: getClientAddress(request, context) });
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    throwAsResponse(e, lang);
  }
}
