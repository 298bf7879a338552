import type { ActionFunctionArgs } from "@remix-run/node";
import { recordRequestViewer } from "#app/domain/inbox/request-presence.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { readForm, requireIdParam } from "#app/utils/request-input.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

/**
 * The request page's heartbeat (POST, every ~30 s while it is open): records that this
 * staff member has the request open and answers who else has, for "also being viewed by".
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  try {
    const viewers = await recordRequestViewer({ actor: user, requestId: requireIdParam(params.id) });
    // A plain JSON answer: the page's heartbeat is a fetch, not a Remix submission (which
    // would reload the whole request page every 30 s).
    return Response.json({ viewers }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    throwAsResponse(e, lang);
  }
}
