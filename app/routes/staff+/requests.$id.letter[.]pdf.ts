// GET /staff/requests/:id/letter.pdf — the official answer letter of an appeal as an A4 PDF,
// for staff who may see the request (403 otherwise); audited, as it carries the citizen's
// name and address. 404 when the request is not an official appeal or not answered yet.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAppealLetterForStaff } from "#app/domain/appeals/appeal-letter.server.ts";
import { pdfResponse } from "#app/utils/pdf-response.ts";
import { renderAppealLetterPdf } from "#app/domain/appeals/render-appeal-letter-pdf.server.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  try {
    const letter = await getAppealLetterForStaff({ actor: user, requestId: params.id ?? "", format: "pdf", ip: getClientAddress(request, context) });
    return pdfResponse(await renderAppealLetterPdf(letter), letter.appeal.number);
  } catch (e) {
    throwAsResponse(e, lang);
  }
}
