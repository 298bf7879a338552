// GET /track/:token/letter.pdf — the official answer to an appeal as an A4 PDF letter, for
// the holder of the tracking link. 404 for a wrong link, a request that is not an official
// appeal, or one not answered yet (the same 404: the link tells nothing more).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAppealLetterForCitizen } from "#app/domain/appeals/appeal-letter.server.ts";
import { renderAppealLetterPdf } from "#app/domain/appeals/render-appeal-letter-pdf.server.ts";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { pdfResponse } from "#app/utils/pdf-response.ts";
import { throwAsResponse } from "#app/utils/user-error.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  try {
    const letter = await getAppealLetterForCitizen({ token: params.token ?? "" });
    return pdfResponse(await renderAppealLetterPdf(letter), letter.appeal.number, { "Referrer-Policy": "no-referrer" });
  } catch (e) {
    throwAsResponse(e, lang);
  }
}
